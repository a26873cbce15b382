/**
 * Whether the extension may reach a codec server's origin, asked before each request to it. Asking the
 * browser is a round trip to its process, and its reply waits behind whatever else the service worker has queued:
 * while a long history loaded, an instrumented build spent 9 to 19 ms between an answer's cache lookup and its first
 * request, most of it in this wait. So a grant is kept until the browser reports a change of permissions (`forget`,
 * on permissions.onAdded and onRemoved; withholding a site on Chrome's extensions page fires onRemoved,
 * e2e/faults.spec.ts), and in case a change ever goes unreported, for at most `maxAgeMs`. A refusal is not kept:
 * access granted later counts from the next answer (a call stops at its first refusal).
 */

/** How long a grant is trusted without asking the browser again, if no change of permissions is reported. */
export const ORIGIN_ACCESS_MAX_AGE_MS = 1000;

export interface OriginAccessCache {
  has(origin: string): Promise<boolean>;
  /** Permissions changed: ask the browser again for every origin. */
  forget(): void;
}

/** How often a question is asked again while permissions keep changing under it; then it counts as refused. */
const MAX_ASKS = 3;

export function createOriginAccessCache(ask: (origin: string) => Promise<boolean>, maxAgeMs = ORIGIN_ACCESS_MAX_AGE_MS, now = () => performance.now()): OriginAccessCache {
  /** When each granted origin was asked about (not answered: a change may have come in between). */
  const granted = new Map<string, number>();
  // Questions under way, each with when and in which generation it was asked. Whoever asks meanwhile waits for the
  // same answer rather than asking again: a decoder asks while an answer's payloads are still being looked up (its
  // `warmUp`), and the answer's first request then waits for that question instead of queueing a second one behind
  // other work. Only while a grant it brings would still be young enough to keep: an answer the browser is slow to
  // give, or never gives, holds up no question asked later than that.
  const asking = new Map<string, { generation: number; askedAt: number; answer: Promise<boolean> }>();
  // Bumped by `forget`: an answer to a question asked before a reported change may be out of date.
  let generation = 0;

  /** The browser's answer to a question asked now, or to a recent one under way since the last reported change. */
  function question(origin: string): Promise<boolean> {
    const under = asking.get(origin);
    if (under?.generation === generation && now() - under.askedAt < maxAgeMs) return under.answer;
    const askedAt = now();
    const askedIn = generation;
    const answer = ask(origin).then((allowed) => {
      // A later change makes this answer too old to keep: `has` asks again.
      if (askedIn === generation) {
        if (allowed) granted.set(origin, askedAt);
        else granted.delete(origin);
      }
      return allowed;
    });
    asking.set(origin, { generation: askedIn, askedAt, answer });
    // Answered or failed, it is no longer under way: the next question finds the grant, or asks the browser again.
    const settled = () => {
      if (asking.get(origin)?.answer === answer) asking.delete(origin);
    };
    answer.then(settled, settled);
    return answer;
  }

  return {
    async has(origin) {
      for (let asks = 0; asks < MAX_ASKS; asks++) {
        const since = granted.get(origin);
        if (since !== undefined && now() - since < maxAgeMs) return true;
        const askedIn = generation;
        const allowed = await question(origin);
        if (askedIn !== generation) continue;
        return allowed;
      }
      return false;
    },
    forget() {
      generation++;
      granted.clear();
    },
  };
}

/** The browser's permission events, as far as the cache needs them. */
interface PermissionEvents {
  onAdded: { addListener(listener: () => void): void };
  onRemoved: { addListener(listener: () => void): void };
}

/** Clears `cache` whenever the browser reports a change of permissions: a grant, or access withdrawn by the user. */
export function forgetOnPermissionChange(events: PermissionEvents, cache: OriginAccessCache): void {
  events.onAdded.addListener(() => cache.forget());
  events.onRemoved.addListener(() => cache.forget());
}
