import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { beforeSignalExit, type SignalTarget } from './on-signal';

/**
 * A process for the hook, whose signals the test sends: a real one's children would count as this process's own CPU
 * time where the benchmark's CPU accounting is tested beside it (bench/process-cpu.test.ts, same process).
 */
function fakeProcess() {
  const events = new EventEmitter();
  const raised: NodeJS.Signals[] = [];
  const target: SignalTarget = {
    pid: 4242,
    on: (event, listener) => events.on(event, listener),
    off: (event, listener) => events.off(event, listener),
    kill: (pid, signal) => {
      expect(pid).toBe(4242);
      raised.push(signal);
      // Nothing of ours listens any more: as Node's default, the signal ends the process.
      if (events.listenerCount(signal) === 0) ended.push(signal);
      else events.emit(signal, signal);
    },
  };
  const ended: NodeJS.Signals[] = [];
  return { target, events, raised, ended, send: (signal: NodeJS.Signals) => target.kill(4242, signal) };
}

/** A clean-up the test finishes, counting its calls. */
function cleanUpWhenTold() {
  let finish: (failed?: Error) => void = () => undefined;
  const cleanUp = vi.fn(() => new Promise<void>((resolve, reject) => (finish = (failed) => (failed ? reject(failed) : resolve()))));
  return { cleanUp, finish: (failed?: Error) => finish(failed) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('before a signal ends the process', () => {
  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('cleans up, then ends by the same signal (%s)', async (signal) => {
    const process = fakeProcess();
    const { cleanUp, finish } = cleanUpWhenTold();
    beforeSignalExit(cleanUp, process.target);
    process.events.emit(signal, signal);
    expect(cleanUp).toHaveBeenCalledTimes(1);
    await settle();
    expect(process.ended).toEqual([]);
    finish();
    await settle();
    expect(process.ended).toEqual([signal]);
  });

  it('ends by the signal even when the clean-up fails, and keeps errors of the work under way from ending it first', async () => {
    const process = fakeProcess();
    const { cleanUp, finish } = cleanUpWhenTold();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    beforeSignalExit(cleanUp, process.target);
    process.events.emit('SIGINT', 'SIGINT');
    expect(process.events.listenerCount('uncaughtException')).toBe(1);
    finish(new Error('Chromium did not close'));
    await settle();
    expect(process.ended).toEqual(['SIGINT']);
    expect(warn).toHaveBeenCalledWith('Cleaning up before SIGINT failed: Error: Chromium did not close');
    warn.mockRestore();
  });

  it('ends at once on a second signal while it cleans up', async () => {
    const process = fakeProcess();
    const { cleanUp } = cleanUpWhenTold();
    beforeSignalExit(cleanUp, process.target);
    process.send('SIGTERM');
    process.send('SIGINT');
    expect(process.ended).toEqual(['SIGINT']);
    expect(cleanUp).toHaveBeenCalledTimes(1);
  });

  it('does nothing once the hook is taken away', () => {
    const process = fakeProcess();
    const { cleanUp } = cleanUpWhenTold();
    const unhook = beforeSignalExit(cleanUp, process.target);
    unhook();
    process.send('SIGTERM');
    expect(process.ended).toEqual(['SIGTERM']);
    expect(cleanUp).not.toHaveBeenCalled();
  });
});
