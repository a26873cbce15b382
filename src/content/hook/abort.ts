/** The page's AbortSignal, honoured while the hook works on a request the page may give up on. */

/**
 * Settles with `work`, or rejects as soon as the page aborts: the page should not wait for a decode it gave up on.
 * Once the page has its abort, how `work` ends is nobody's business: its failure (a body read the abort cut short)
 * must not reach the page's console as an unhandled rejection.
 */
export function unlessAborted<T>(work: Promise<T>, signal: AbortSignal | null | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(abortReason(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * The signal a fetch call follows, as the browser's Request constructor picks it: the init's own when it names one,
 * `null` included (which means none), else the Request's.
 */
export function signalOf(input: RequestInfo | URL, init: RequestInit | undefined): AbortSignal | null | undefined {
  // Read once, as the constructor reads it.
  const own = init?.signal;
  if (own !== undefined) return own;
  return input instanceof Request ? input.signal : undefined;
}

export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}
