/**
 * Which payloads of a failed batch really fail. Codec servers fail a whole request for one payload they cannot open
 * (the TypeScript sample answers 500 to all of it), so a client that batches has to split a failed batch to give the
 * others their results.
 *
 * The search is bisection: a failed group of more than 3 is sent again as its two halves; a failed group of 2 or 3
 * goes straight to single payloads (for 3 that is 3 requests instead of up to 4, in one round instead of two); a
 * single payload that fails has its own answer. Requests for a batch of n payloads of which b fail:
 *   - bisection: each payload that fails lies in at most one failed group per level, and a failed group costs the
 *     two requests of the next level, over at most ⌈log2 n⌉ levels; a group of 3 only arises where at least two
 *     levels remain (3 ≤ ⌈n/2^d⌉ means ⌈log2 n⌉ ≥ d + 2), so its 3 singles stay within those two levels' 4. With the
 *     first request: at most 2·b·⌈log2 n⌉ + 1.
 *   - a hard cap of n + 1 requests per batch (what the Web UI would pay, one request per payload, plus ours). Both
 *     bounds cannot hold with full isolation for every b (n = 8, b = 8 needs 15 requests by bisection), so the cap
 *     wins: a group the cap does not let through keeps the error of the failed group it came from.
 * Which groups are sent does not depend on the order, so whenever 2·b·⌈log2 n⌉ + 1 ≤ n + 1 the cap is never reached
 * and every payload gets its own result. Halves are sent as soon as their group fails, in the order failures are
 * found (about breadth-first), so one slow group never holds up the others; when the cap is reached, what is left
 * are the groups found last.
 *
 * The answer the page waits for must not wait for a codec server that does not answer: a group that times out
 * fails with the timeout at once and, when the caller listens for late results, its search goes on in the
 * background (a timed-out single payload is tried once more), under the same cap.
 */
import type { DecodeError, DecodeResult } from '../errors';

/** How one request for a group ended, as far as the search is concerned. */
export type GroupOutcome =
  | { kind: 'settled'; results: DecodeResult[] }
  /**
   * The group failed as a whole; fewer payloads may pass. `serverWide`: the failure may as well be the whole server's
   * (a 502 from a gateway whose server is down, or crashed on one payload): its halves are sent, and when every half
   * fails the same way the search stops there.
   */
  | { kind: 'split'; error: DecodeError; serverWide?: boolean }
  /** The group failed for a reason that fewer payloads cannot change. */
  | { kind: 'failed'; error: DecodeError }
  | { kind: 'timed-out'; error: DecodeError };

/** Requests one batch may still make, its first included; retries after a network error count too. */
export class RequestBudget {
  constructor(private left: number) {}

  take(): boolean {
    if (this.left <= 0) return false;
    this.left--;
    return true;
  }
}

export interface SearchTarget {
  /** Sends one group (positions in the caller's list) as one request; `late`: for the background search. */
  send(group: readonly number[], late: boolean): Promise<GroupOutcome>;
  /** A result for the answer being waited for. */
  settle(index: number, result: DecodeResult): void;
  /** A result found after the answer, for a payload whose answer was a timeout. Absent: no work after the answer. */
  settleLate?: (index: number, result: DecodeResult) => void;
}

export function childGroups(group: readonly number[]): number[][] {
  if (group.length <= 3) return group.map((i) => [i]);
  const half = Math.ceil(group.length / 2);
  return [group.slice(0, half), group.slice(half)];
}

interface Suspect {
  group: readonly number[];
  /** What the group gets if the cap stops the search before it is sent. */
  error: DecodeError;
  /** Its parent's failure may be the whole server's: if it and its siblings all fail so, none is split further. */
  serverWide?: boolean;
}

const sameError = (a: DecodeError, b: DecodeError) => a.kind === b.kind && a.detail === b.detail;

/**
 * `first` is how the whole batch's request ended (the budget already paid for it). Resolves when every payload
 * has its result for the answer; the background part, if any, goes on after that.
 */
export function isolateFailures(batch: readonly number[], first: GroupOutcome, budget: RequestBudget, target: SearchTarget): Promise<void> {
  const settleAll = (late: boolean, group: readonly number[], error: DecodeError) => {
    for (const i of group) (late ? target.settleLate! : target.settle)(i, { ok: false, error });
  };

  function next(late: boolean, group: readonly number[], outcome: GroupOutcome): Suspect[] {
    switch (outcome.kind) {
      case 'settled':
        outcome.results.forEach((result, k) => (late ? target.settleLate! : target.settle)(group[k]!, result));
        return [];
      case 'failed':
        settleAll(late, group, outcome.error);
        return [];
      case 'split':
        if (group.length > 1) return childGroups(group).map((g) => ({ group: g, error: outcome.error, ...(outcome.serverWide ? { serverWide: true } : {}) }));
        settleAll(late, group, outcome.error);
        return [];
      case 'timed-out':
        if (late) {
          if (group.length > 1) return childGroups(group).map((g) => ({ group: g, error: outcome.error }));
          settleAll(true, group, outcome.error);
          return [];
        }
        settleAll(false, group, outcome.error);
        if (target.settleLate) {
          const retry = group.length > 1 ? childGroups(group) : [group];
          // Nobody awaits this: a failure inside it can only come from the caller's settleLate.
          search(true, retry.map((g) => ({ group: g, error: outcome.error }))).catch(() => undefined);
        }
        return [];
    }
  }

  async function search(late: boolean, suspects: Suspect[]): Promise<void> {
    // Siblings take their share of the budget together, before any of them is answered.
    const granted = suspects.map(() => budget.take());
    if (suspects.some((suspect) => suspect.serverWide)) return searchServerWide(late, suspects, granted);
    await Promise.all(
      suspects.map(async ({ group, error }, k) => {
        if (!granted[k]) return settleAll(late, group, error);
        await search(late, next(late, group, await target.send(group, late)));
      }),
    );
  }

  /** Halves of a group whose failure may be the whole server's: all answered first, then split further unless all failed alike. */
  async function searchServerWide(late: boolean, suspects: Suspect[], granted: boolean[]): Promise<void> {
    const outcomes = await Promise.all(suspects.map(({ group }, k) => (granted[k] ? target.send(group, late) : undefined)));
    const alike = suspects.every(({ error }, k) => {
      const outcome = outcomes[k];
      return outcome !== undefined && outcome.kind === 'split' && outcome.serverWide === true && sameError(outcome.error, error);
    });
    if (alike) return suspects.forEach(({ group, error }) => settleAll(late, group, error));
    await Promise.all(suspects.map(({ group, error }, k) => (outcomes[k] ? search(late, next(late, group, outcomes[k])) : settleAll(late, group, error))));
  }

  return search(false, next(false, batch, first));
}
