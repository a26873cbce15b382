import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const folders: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/**
 * A Node process that hooks a clean-up writing `cleaned` (after `cleanUpMs`) into a file, says it is ready, and would
 * otherwise run for a minute; `unhook`: it takes the hook away again at once.
 */
function hooked({ cleanUpMs = 0, unhook = false, failsMeanwhile = false } = {}) {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'on-signal-test-'));
  folders.push(folder);
  const marker = path.join(folder, 'marker');
  const script = `
    const { writeFileSync } = await import('node:fs');
    const { beforeSignalExit } = await import(${JSON.stringify(path.resolve(import.meta.dirname, 'on-signal.ts'))});
    let failMain;
    const off = beforeSignalExit(() => {
      failMain(new Error('The browser went away.'));
      Promise.reject(new Error('Nobody waits for this.'));
      return new Promise((resolve) => setTimeout(() => { writeFileSync(${JSON.stringify(marker)}, 'cleaned'); resolve(); }, ${cleanUpMs}));
    });
    if (${unhook}) off();
    setTimeout(() => undefined, 60_000);
    console.log('ready');
    await new Promise((resolve, reject) => { failMain = ${failsMeanwhile} ? reject : resolve; });`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const ready = new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, ready, ended, cleaned: () => existsSync(marker) && readFileSync(marker, 'utf8') === 'cleaned' };
}

describe('before a signal ends the process', () => {
  it('cleans up, then ends by the same signal', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const run = hooked({ cleanUpMs: 200 });
      await run.ready;
      run.child.kill(signal);
      await expect(run.ended).resolves.toEqual({ code: null, signal });
      expect(run.cleaned()).toBe(true);
    }
  });

  it('cleans up even when the work under way fails meanwhile', async () => {
    const run = hooked({ cleanUpMs: 200, failsMeanwhile: true });
    await run.ready;
    run.child.kill('SIGINT');
    await expect(run.ended).resolves.toEqual({ code: null, signal: 'SIGINT' });
    expect(run.cleaned()).toBe(true);
  });

  it('ends at once on a second signal while it cleans up', async () => {
    const run = hooked({ cleanUpMs: 30_000 });
    await run.ready;
    run.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    run.child.kill('SIGTERM');
    await expect(run.ended).resolves.toEqual({ code: null, signal: 'SIGTERM' });
    expect(run.cleaned()).toBe(false);
  });

  it('does nothing once the hook is taken away', async () => {
    const run = hooked({ unhook: true });
    await run.ready;
    run.child.kill('SIGTERM');
    await expect(run.ended).resolves.toEqual({ code: null, signal: 'SIGTERM' });
    expect(run.cleaned()).toBe(false);
  });
});
