import { describe, expect, it } from 'vitest';
import { signalOf, unlessAborted } from './abort';

describe('unlessAborted', () => {
  it('settles with the work while the page has not aborted', async () => {
    await expect(unlessAborted(Promise.resolve('decoded'), new AbortController().signal)).resolves.toBe('decoded');
  });

  it('rejects with the abort as soon as the page aborts, before the work ends', async () => {
    const controller = new AbortController();
    const pending = unlessAborted(new Promise(() => undefined), controller.signal);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('rejects with the abort given before, and lets the failing work go without an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const work = Promise.reject(new DOMException('The body was cut short.', 'AbortError'));
      await expect(unlessAborted(work, AbortSignal.abort('gone'))).rejects.toBe('gone');
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe('signalOf', () => {
  const aborted = AbortSignal.abort();
  const request = new Request('http://localhost:8233/api/v1/namespaces/default/workflows', { signal: aborted });

  it('picks the signal as the Request constructor does', () => {
    const own = new AbortController().signal;
    expect(signalOf(request, { signal: own })).toBe(own);
    expect(signalOf(request, { signal: null })).toBeNull();
    expect(signalOf(request, { signal: undefined })).toBe(request.signal);
    expect(signalOf(request, undefined)).toBe(request.signal);
    expect(signalOf('http://localhost:8233/', undefined)).toBeUndefined();
    // The browser agrees: null leaves the new request following no signal.
    expect(new Request(request, { signal: null }).signal.aborted).toBe(false);
  });

  it("reads the page's init once", () => {
    let reads = 0;
    const init = {
      get signal() {
        reads += 1;
        return aborted;
      },
    };
    expect(signalOf(request, init)).toBe(aborted);
    expect(reads).toBe(1);
  });
});
