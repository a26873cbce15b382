import { describe, expect, it } from 'vitest';
import { planE2eRuns, prefixLine } from './e2e-runs.ts';

const PROJECTS = ['chromium', 'firefox'];
const outputDir = (project: string) => `/out/${project}`;

describe('planE2eRuns', () => {
  it('runs each browser in a namespace of its own, with its own output directory, passing the arguments on', () => {
    expect(planE2eRuns(['e2e/faults.spec.ts', '-g', 'timeout'], PROJECTS, true, outputDir)).toEqual([
      { name: 'chromium', isolated: true, args: ['--project=chromium', '--output=/out/chromium', 'e2e/faults.spec.ts', '-g', 'timeout'] },
      { name: 'firefox', isolated: true, args: ['--project=firefox', '--output=/out/firefox', 'e2e/faults.spec.ts', '-g', 'timeout'] },
    ]);
  });

  it('runs Playwright once, as it is, without namespaces', () => {
    expect(planE2eRuns(['-g', 'timeout'], PROJECTS, false, outputDir)).toEqual([{ name: '', isolated: false, args: ['-g', 'timeout'] }]);
  });

  it.each([
    ['--project', 'firefox'],
    ['--project=firefox'],
    ['-c', 'other'],
    ['--config=other'],
    ['--output', '/tmp/out'],
    ['--reporter=html'],
    ['--ui'],
    ['--ui-port=0'],
    ['--ui-host', '0.0.0.0'],
    ['--debug'],
    ['--list'],
    ['--help'],
    ['-h'],
  ])(
    'runs Playwright once when the arguments choose the browser, the configuration or the output, or want one run: %s',
    (...args) => {
      expect(planE2eRuns(args, PROJECTS, true, outputDir)).toEqual([{ name: '', isolated: false, args }]);
    },
  );

  it('runs a single project once', () => {
    expect(planE2eRuns([], ['chromium'], true, outputDir)).toEqual([{ name: '', isolated: false, args: [] }]);
  });
});

describe('prefixLine', () => {
  it("names the run before each line, aligned, and leaves a single run's lines as they are", () => {
    expect(prefixLine('firefox', 8, '  ✓  1 passed')).toBe('firefox  │   ✓  1 passed');
    expect(prefixLine('', 0, '  ✓  1 passed')).toBe('  ✓  1 passed');
  });
});
