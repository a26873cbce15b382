import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HOOK_WAIT_MS } from '../core/deadlines';
import { createKeepAlive, KEEP_ALIVE_EVERY_MS } from './keep-alive';

function deferred() {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe('keeping the service worker up', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('calls the browser at once and every 20 s while work is under way, and not after', async () => {
    const ping = vi.fn();
    const hold = createKeepAlive(ping, { longestMs: KEEP_ALIVE_EVERY_MS * 10 });
    const first = deferred();
    const second = deferred();
    void hold(first.promise);
    void hold(second.promise);
    expect(ping).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(KEEP_ALIVE_EVERY_MS * 2);
    expect(ping).toHaveBeenCalledTimes(3);
    first.resolve();
    await vi.advanceTimersByTimeAsync(KEEP_ALIVE_EVERY_MS);
    expect(ping).toHaveBeenCalledTimes(4);
    second.resolve();
    await vi.advanceTimersByTimeAsync(KEEP_ALIVE_EVERY_MS * 5);
    expect(ping).toHaveBeenCalledTimes(4);
  });

  it('starts again for new work, and hands back what the work gave, or its failure', async () => {
    const ping = vi.fn();
    const hold = createKeepAlive(ping);
    await expect(hold(Promise.resolve('decoded'))).resolves.toBe('decoded');
    await vi.advanceTimersByTimeAsync(5_000);
    await expect(hold(Promise.reject(new Error('codec server down')))).rejects.toThrow('codec server down');
    expect(ping).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(KEEP_ALIVE_EVERY_MS * 3);
    expect(ping).toHaveBeenCalledTimes(2);
  });

  it('stops covering work that never settles once the page hook has stopped waiting for it', async () => {
    const ping = vi.fn();
    const hold = createKeepAlive(ping, { everyMs: 1_000 });
    void hold(new Promise(() => undefined));
    await vi.advanceTimersByTimeAsync(HOOK_WAIT_MS);
    const called = ping.mock.calls.length;
    expect(called).toBeGreaterThanOrEqual(HOOK_WAIT_MS / 1_000);
    await vi.advanceTimersByTimeAsync(HOOK_WAIT_MS * 10);
    expect(ping).toHaveBeenCalledTimes(called);
  });

  it('does not call again for work that comes within seconds of the last call, a burst of requests', async () => {
    const ping = vi.fn();
    const hold = createKeepAlive(ping);
    for (let i = 0; i < 10; i++) {
      await hold(Promise.resolve(i));
      await vi.advanceTimersByTimeAsync(400);
    }
    expect(ping).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(5_000);
    await hold(Promise.resolve('later'));
    expect(ping).toHaveBeenCalledTimes(2);
  });

  it('goes on when a call to the browser throws', async () => {
    const ping = vi.fn(() => {
      throw new Error('extension context invalidated');
    });
    const hold = createKeepAlive(ping);
    await expect(hold(Promise.resolve('decoded'))).resolves.toBe('decoded');
    await vi.advanceTimersByTimeAsync(5_000);
    await expect(hold(Promise.resolve('again'))).resolves.toBe('again');
    expect(ping).toHaveBeenCalledTimes(2);
  });
});
