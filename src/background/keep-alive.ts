/**
 * Keeps Chrome's service worker up while it works on requests that came with no event.
 *
 * Chrome stops an extension's service worker after 30 s without an event or an extension API call. A request on the
 * relay's channel (src/shared/messages/relay.ts) is a message on a MessagePort, which is neither, so a long decode
 * could be cut off. While any such work is under way, `hold` calls a cheap extension API at once and every
 * `everyMs`; with nothing under way it calls nothing, and the worker stops as it otherwise would. A call made less
 * than RECENT_MS before counts as the one at once: each call costs a few milliseconds of the worker's time, and
 * work comes in bursts of requests. A piece of work is covered for at most `longestMs` (as an event's `waitUntil` is
 * for at most 5 minutes), so work that never settles cannot keep the worker up for good.
 */
import { HOOK_WAIT_MS } from '../core/deadlines';

export const KEEP_ALIVE_EVERY_MS = 20_000;
/** With calls at most this long plus KEEP_ALIVE_EVERY_MS apart, well inside Chrome's 30 s. */
const RECENT_MS = 5_000;

export type Hold = <T>(work: Promise<T>) => Promise<T>;

export function createKeepAlive(ping: () => void, { everyMs = KEEP_ALIVE_EVERY_MS, longestMs = HOOK_WAIT_MS } = {}): Hold {
  let underWay = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  let lastPing = -Infinity;
  const safePing = () => {
    lastPing = Date.now();
    try {
      ping();
    } catch {
      // A failed call only means this reminder did not count; the next one may.
    }
  };
  const release = () => {
    if (--underWay === 0) clearInterval(timer);
  };
  return (work) => {
    if (underWay++ === 0) {
      if (Date.now() - lastPing >= RECENT_MS) safePing();
      timer = setInterval(safePing, everyMs);
    }
    let released = false;
    const releaseOnce = () => {
      if (released) return;
      released = true;
      clearTimeout(limit);
      release();
    };
    // By then the page hook has stopped waiting: nobody needs the worker up for this work any longer.
    const limit = setTimeout(releaseOnce, longestMs);
    return work.finally(releaseOnce);
  };
}
