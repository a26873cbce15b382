// A codec server that is overloaded or down for maintenance may say when to come back (429 or 503 with Retry-After,
// RFC 9110 §10.2.3). Asking again at once, as each history page or reload would, only adds to its load.

/** Statuses whose Retry-After asks the client to wait; a 3xx's is about the redirect, which is never followed. */
const WAITING_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/**
 * The longest wait honoured. A server asking for hours (or a hostile one) would otherwise keep every payload of its
 * rule encrypted until the browser restarts; past this it is asked again, and may ask again.
 */
export const MAX_CODEC_PAUSE_MS = 10 * 60_000;

/**
 * How long the server asked not to be sent anything, in ms, within MAX_CODEC_PAUSE_MS: from delay-seconds or an
 * HTTP date. Undefined when it did not ask (another status, no header, an unreadable one, or a time already past).
 */
export function retryAfterMs(status: number, header: string | null, now: number): number | undefined {
  if (!WAITING_STATUSES.has(status) || header === null) return undefined;
  const value = header.trim();
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now;
  // More digits than a number holds read as Infinity: the longest wait.
  return ms > 0 ? Math.min(ms, MAX_CODEC_PAUSE_MS) : undefined;
}

/** When a wait ends, as the user reads it: the time of day on their clock ("14:05:30" or "2:05:30 PM"). */
export function waitEnd(until: number): string {
  return new Date(until).toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit', second: '2-digit' });
}
