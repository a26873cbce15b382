import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isBuildSource } from './source-archive';

describe('the source archive', () => {
  it('holds the build configuration, the sources and the icons', () => {
    for (const file of ['package.json', 'package-lock.json', 'manifest.json', 'vite.config.ts', 'tsconfig.json', 'LICENSE',
      'src/core/payload.ts', 'src/options/Options.tsx', 'src/popup/index.html', 'public/icons/icon-16.png', 'scripts/browser-manifest.ts']) {
      expect(isBuildSource(file), file).toBe(true);
    }
  });

  it('leaves out tests, test data, benchmarks, docs and development scripts', () => {
    for (const file of ['src/core/payload-proto.test.ts', 'src/core/test-support/fuzz.ts', 'e2e/web-ui.spec.ts', 'bench/run.ts',
      'test-data/vectors/payload-vectors.json', 'docs/screenshots/options.png', 'scripts/start.ts', 'scripts/package.ts', '.ci/run']) {
      expect(isBuildSource(file), file).toBe(false);
    }
  });

  it('holds every file vite.config.ts imports', () => {
    const config = readFileSync(path.join(import.meta.dirname, '..', 'vite.config.ts'), 'utf8');
    const imported = [...config.matchAll(/from '\.\/([^']+)'/g)].map((match) => match[1]!);
    expect(imported.length).toBeGreaterThan(0);
    for (const file of imported) expect(isBuildSource(file), file).toBe(true);
  });
});
