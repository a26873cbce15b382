import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startGroup } from './process-group';

/** Processes of group `pgid` still running (not zombies waiting to be reaped), read from /proc. */
function runningInGroup(pgid: number): number[] {
  const running: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue;
    }
    // After the command name, which may hold spaces: state, ppid, pgrp.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z') running.push(Number(name));
  }
  return running;
}

describe('a process group', () => {
  it('is killed whole when its program does not end as asked, and lets this process go', async () => {
    const exitHooks = process.listenerCount('exit');
    // A program that ignores what it is asked and has started two more.
    const group = startGroup('sh', ['-c', 'sleep 60 & sleep 60 & wait'], ['ignore', 'ignore', 'pipe']);
    const pgid = group.child.pid!;
    await expect.poll(() => runningInGroup(pgid).length).toBe(3);
    const started = Date.now();
    await group.end(() => Promise.resolve(), 300);
    expect(Date.now() - started).toBeLessThan(5000);
    await expect.poll(() => runningInGroup(pgid)).toEqual([]);
    expect(group.child.stderr?.destroyed).toBe(true);
    expect(process.listenerCount('exit')).toBe(exitHooks);
  });

  it('waits no longer than the program takes when it ends as asked', async () => {
    const group = startGroup('sleep', ['60'], 'ignore');
    const started = Date.now();
    await group.end(async () => group.child.kill('SIGTERM'), 10_000);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(group.child.signalCode).toBe('SIGTERM');
  });

  it('ends at once for a program that could not start', async () => {
    const group = startGroup('/nonexistent/program', [], 'ignore');
    await expect(group.exited).resolves.toMatchObject({ code: 'ENOENT' });
    const started = Date.now();
    await group.end(() => Promise.reject(new Error('no pipe to ask on')), 10_000);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
