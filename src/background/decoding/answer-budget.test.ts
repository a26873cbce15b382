import { afterEach, describe, expect, it, vi } from 'vitest';
import { ANSWER_BUDGET_MS } from '../../core/deadlines';
import { withinAnswerBudget } from './answer-budget';

afterEach(() => void vi.useRealTimers());

describe('an answer’s budget', () => {
  it('counts from when the request arrived, so a wait before the work began shortens it', async () => {
    vi.useFakeTimers();
    const arrived = Date.now();
    // The settings took 17 s to read (the browser had not given the policy yet); the work never ends.
    vi.setSystemTime(arrived + 17_000);
    let results: unknown;
    void withinAnswerBudget(2, new Promise(() => undefined), arrived).then((r) => (results = r));
    await vi.advanceTimersByTimeAsync(ANSWER_BUDGET_MS - 17_000 - 1);
    expect(results).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(results).toEqual([0, 1].map(() => ({ ok: false, error: { kind: 'codec-timeout', detail: `no complete answer within ${ANSWER_BUDGET_MS / 1000} s` } })));
  });

  it('gives the work’s results when they come in time', async () => {
    const results = [{ ok: true as const, payload: { metadata: {} } }];
    expect(await withinAnswerBudget(1, Promise.resolve(results))).toBe(results);
  });
});
