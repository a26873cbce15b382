/**
 * One API answer's (or one request's) whole budget in the background: several codec requests
 * in a row, each with its own timeout, must not outlast the page hook's wait, or the page
 * would show the original while the status said "decoded". Work still running after the
 * budget goes on (its results fill the cache for the next look).
 */
import { ANSWER_BUDGET_MS } from '../../core/deadlines';
import type { DecodeError, DecodeResult } from '../../core/errors';

/**
 * `startedAt` is when the request reached the background: what it waited for before its work began (the settings, and
 * the administrator's policy on a browser's first start) counts against the budget too.
 */
export async function withinAnswerBudget(count: number, work: Promise<DecodeResult[]>, startedAt = Date.now(), budgetMs = ANSWER_BUDGET_MS): Promise<DecodeResult[]> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<DecodeResult[]>((resolve) => {
    const error: DecodeError = { kind: 'codec-timeout', detail: `no complete answer within ${budgetMs / 1000} s` };
    timer = setTimeout(() => resolve(Array.from({ length: count }, () => ({ ok: false, error }))), Math.max(0, startedAt + budgetMs - Date.now()));
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
