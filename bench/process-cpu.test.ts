import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cpuDuring, parseStat, roleOf } from './process-cpu';

describe('roleOf', () => {
  const chromium = '/usr/lib/chromium/chromium';
  it('sorts Chromium processes by what runs in them', () => {
    expect(roleOf(`${chromium} --no-sandbox --user-data-dir=/tmp/p about:blank`, false)).toBe('browser process');
    expect(roleOf(`${chromium} --type=renderer --extension-process --renderer-client-id=7`, false)).toBe('extension');
    expect(roleOf(`${chromium} --type=renderer --renderer-client-id=9`, false)).toBe('Web UI tab');
    expect(roleOf(`${chromium} --type=utility --utility-sub-type=network.mojom.NetworkService`, false)).toBe('network service');
    expect(roleOf(`${chromium} --type=utility --utility-sub-type=storage.mojom.StorageService`, false)).toBe('GPU and other helpers');
    expect(roleOf(`${chromium} --type=gpu-process`, false)).toBe('GPU and other helpers');
  });

  it('counts the benchmark’s own process as the fixture servers and driver, whatever its command line', () => {
    expect(roleOf('node --import tsx bench/run.ts --type=renderer', true)).toBe('fixture servers and driver');
  });
});

describe('parseStat', () => {
  it('reads the parent, the CPU time and the start time past a command name with spaces and parentheses', () => {
    const stat = '4242 (Web Content (x) ) S 4200 4242 4242 0 -1 4194304 101 0 0 0 250 70 3 1 20 0 12 0 2858053 2998272 421';
    expect(parseStat(stat, 100)).toEqual({ ppid: 4200, cpuMs: 3200, started: '2858053' });
  });
});

describe('cpuDuring', () => {
  it('counts a child process’s CPU time under its role, and only the time spent while the work ran', async () => {
    // A child that spins for at least 300 ms of CPU, says so, then waits: alive when the measurement ends, as the
    // browser is. Spinning on its own CPU time, it takes as long as it must on a busy machine.
    const spin = "const end = process.cpuUsage().user + 300e3; while (process.cpuUsage().user < end); console.log('spun'); setTimeout(() => {}, 60e3);";
    const child = spawn(process.execPath, ['-e', spin]);
    const spun = new Promise((resolve) => child.stdout.once('data', resolve));
    try {
      const { cpu } = await cpuDuring(() => spun);
      // Node's own start-up adds to the spin; nothing the child does after it is measured, since it only waits.
      expect(cpu['browser process']).toBeGreaterThanOrEqual(250);
      expect(cpu['browser process']).toBeLessThan(3000);
      const later = await cpuDuring(() => new Promise((resolve) => setTimeout(resolve, 200)));
      expect(later.cpu['browser process']).toBeLessThan(100);
    } finally {
      child.kill();
    }
  });
});
