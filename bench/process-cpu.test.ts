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

/**
 * A child's script that spends at least 300 ms of CPU time, says so, then waits: alive when a measurement ends, as
 * the browser is. Counting its own CPU time, it takes as long as it must on a busy machine.
 */
const SPIN_THEN_WAIT = [
  'const spent = () => { const { user, system } = process.cpuUsage(); return user + system; };',
  'const end = spent() + 300e3; while (spent() < end); console.log("spun"); setTimeout(() => {}, 60e3);',
].join(' ');

describe('cpuDuring', () => {
  it('counts a child process’s CPU time under its role, and only the time spent while the work ran', { timeout: 30_000 }, async () => {
    const child = spawn(process.execPath, ['-e', SPIN_THEN_WAIT]);
    const spun = new Promise((resolve, reject) => {
      child.stdout.once('data', resolve);
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`the spinning child exited (${code})`)));
    });
    try {
      // Counting from the child, not from the test's process: Vitest runs other test files in threads of this process,
      // and the processes they start would be counted too.
      const only = { root: child.pid! };
      const { cpu } = await cpuDuring(() => spun, only);
      expect(cpu.byRole['browser process']).toBeGreaterThanOrEqual(250);
      expect(cpu.ended).toEqual([]);
      // Nothing the child does after its spin is counted: it only waits.
      const later = await cpuDuring(() => new Promise((resolve) => setTimeout(resolve, 200)), only);
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

  it('counts from the root it is given: a busy process beside it is left out', { timeout: 30_000 }, async () => {
    // The root: started and settled before the measurement, then only waiting.
    const root = spawn(process.execPath, ['-e', 'console.log("ready"); setTimeout(() => {}, 60e3);']);
    // Beside it, a child of this process that spins through the measurement and is still there at its end.
    let busy: ReturnType<typeof spawn> | undefined;
    const said = (child: ReturnType<typeof spawn>) => new Promise((resolve) => child.stdout!.once('data', resolve));
    try {
      await said(root);
      const { cpu } = await cpuDuring(
        async () => {
          busy = spawn(process.execPath, ['-e', SPIN_THEN_WAIT]);
          await said(busy);
        },
        { root: root.pid! },
      );
      expect(cpu.byRole['browser process']).toBeLessThan(100);
    } finally {
      for (const child of [root, busy]) {
        if (!child || child.exitCode !== null || child.signalCode !== null) continue;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill();
        await exited;
      }
    }
  });

  it('names the kind of a process that ended during the work, whose time is missing', { timeout: 30_000 }, async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60e3);']);
    await new Promise((resolve) => child.once('spawn', resolve));
    const { cpu } = await cpuDuring(
      async () => {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill();
        await exited;
      },
      { root: child.pid! },
    );
    expect(cpu.ended).toEqual(['browser process']);
  });
});
