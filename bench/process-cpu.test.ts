import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cpuDuring, parseStat, roleOf } from './process-cpu';

describe('roleOf', () => {
  const chromium = '/usr/lib/chromium/chromium';
  it('sorts Chromium processes by what runs in them', () => {
    expect(roleOf(`${chromium} --no-sandbox --user-data-dir=/tmp/p about:blank`, false)).toBe('browser process');
    expect(roleOf(`${chromium} --type=renderer --extension-process --renderer-client-id=7`, false)).toBe('extension');
    expect(roleOf(`${chromium} --type=renderer --renderer-client-id=9`, false)).toBe('web pages');
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
  it('counts a child process’s CPU time under its role, and only the time spent while the work ran', { timeout: 30_000 }, async () => {
    // A child that spends at least 300 ms of CPU time, says so, then waits: alive when the measurement ends, as the
    // browser is. Counting its own CPU time, it takes as long as it must on a busy machine.
    const spin = [
      'const spent = () => { const { user, system } = process.cpuUsage(); return user + system; };',
      'const end = spent() + 300e3; while (spent() < end); console.log("spun"); setTimeout(() => {}, 60e3);',
    ].join(' ');
    const child = spawn(process.execPath, ['-e', spin]);
    const spun = new Promise((resolve, reject) => {
      child.stdout.once('data', resolve);
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`the spinning child exited (${code})`)));
    });
    try {
      const { cpu } = await cpuDuring(() => spun);
      expect(cpu.byRole['browser process']).toBeGreaterThanOrEqual(250);
      expect(cpu.ended).toEqual([]);
      // Nothing the child does after its spin is counted: it only waits.
      const later = await cpuDuring(() => new Promise((resolve) => setTimeout(resolve, 200)));
      expect(later.cpu.byRole['browser process']).toBeLessThan(100);
    } finally {
      // Gone before the next test counts what ends.
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill();
        await exited;
      }
    }
  });

  it('names the kind of a process that ended during the work, whose time is missing', { timeout: 30_000 }, async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60e3);']);
    await new Promise((resolve) => child.once('spawn', resolve));
    const { cpu } = await cpuDuring(async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      await exited;
    });
    expect(cpu.ended).toEqual(['browser process']);
  });
});
