// The request bounds of failure isolation (failure-isolation.ts), checked at the client's fetch: for a batch of n
// payloads of which b fail, at most 2·b·⌈log2 n⌉ + 1 requests and never more than n + 1, and full isolation
// whenever the first bound is within the second.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fakeEncoded, fakePlain } from '../test-support/codec-server';
import { FUZZ_RUNS, fuzzSettings } from '../test-support/fuzz';
import { createCodecClient } from './codec-client';
import { childGroups } from './failure-isolation';

/** The part of a fetch Response the client reads; a real one costs more than everything else in a case. */
const answer = (status: number, statusText: string, text: string) => ({ ok: status >= 200 && status < 300, status, statusText, headers: new Headers(), body: null, text: async () => text }) as Response;

// Payload i of every case, made once: cases send tens of thousands of requests in all.
const MAX_N = 300;
const sentPayload = Array.from({ length: MAX_N }, (_, i) => fakeEncoded(String(i)));
const indexOfData = new Map(sentPayload.map((p, i) => [p.data!, i]));
const decodedJson = Array.from({ length: MAX_N }, (_, i) => JSON.stringify(fakePlain(String(i))));

/** A codec server in memory that fails any request holding a payload of `bad`, naming those it could not open. */
function serverFailing(bad: ReadonlySet<number>) {
  const log = { requests: 0 };
  const fetchImpl = (async (_url: string, init: RequestInit) => {
    log.requests++;
    const indices = (JSON.parse(String(init.body)) as { payloads: Array<{ data: string }> }).payloads.map((p) => indexOfData.get(p.data)!);
    const failing = indices.filter((i) => bad.has(i));
    if (failing.length > 0) return answer(500, 'Internal Server Error', `cannot open ${failing.join(',')}`);
    return answer(200, 'OK', `{"payloads":[${indices.map((i) => decodedJson[i]).join(',')}]}`);
  }) as typeof fetch;
  return { fetchImpl, log };
}

// Some cases make hundreds of requests: room for them all, scaled with the number of cases.
const PROPERTY_TIMEOUT_MS = FUZZ_RUNS * 30;

const batchWithFailures = fc.integer({ min: 1, max: MAX_N }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    bad: fc.oneof(
      // few failures: where isolation must be complete
      fc.uniqueArray(fc.nat({ max: n - 1 }), { maxLength: 6 }),
      // many: where the cap of n + 1 decides
      fc.array(fc.boolean(), { minLength: n, maxLength: n }).map((flags) => flags.flatMap((f, i) => (f ? [i] : []))),
    ),
  }),
);

describe('failure isolation', () => {
  it('stays within 2·b·⌈log2 n⌉ + 1 and n + 1 requests, isolating every failure whenever the first bound allows', async () => {
    await fc.assert(
      fc.asyncProperty(batchWithFailures, async ({ n, bad }) => {
        const failing = new Set(bad);
        const b = failing.size;
        const { fetchImpl, log } = serverFailing(failing);
        const payloads = sentPayload.slice(0, n);
        const results = await createCodecClient({ fetch: fetchImpl }).decode({ endpoint: 'http://127.0.0.1:1/', namespace: 'n' }, payloads);

        const bisection = 2 * b * Math.ceil(Math.log2(n)) + 1;
        expect(log.requests).toBeLessThanOrEqual(n + 1);
        expect(log.requests).toBeLessThanOrEqual(bisection);
        const isolated = bisection <= n + 1;
        // One expect per case, not per payload: the cases are many.
        const wrong = results.flatMap((r, i) => {
          if (failing.has(i)) {
            // With isolation complete, a failure is the payload's own answer, not its batch's.
            return r.ok || (isolated && r.error.detail !== `500 Internal Server Error: cannot open ${i}`) ? [i] : [];
          }
          if (r.ok) return JSON.stringify(r.payload) === decodedJson[i] ? [] : [i];
          // A payload the server can open fails only when the cap stopped the search, with a failed group's error.
          return isolated || !r.error.detail!.startsWith('500 Internal Server Error: cannot open ') ? [i] : [];
        });
        expect(wrong).toEqual([]);
      }),
      fuzzSettings(),
    );
  }, PROPERTY_TIMEOUT_MS);

  it('goes straight to single payloads for a failed group of 3 or fewer, and halves anything larger', () => {
    expect(childGroups([4, 5, 6])).toEqual([[4], [5], [6]]);
    expect(childGroups([4, 5])).toEqual([[4], [5]]);
    expect(childGroups([1, 2, 3, 4, 5])).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });

  it('when the cap stops the search, the payloads left keep the error of the group they were in', async () => {
    // n = 8, all failing: bisection would need 15 requests, the cap allows 9.
    const { fetchImpl, log } = serverFailing(new Set([0, 1, 2, 3, 4, 5, 6, 7]));
    const payloads = Array.from({ length: 8 }, (_, i) => fakeEncoded(String(i)));
    const results = await createCodecClient({ fetch: fetchImpl }).decode({ endpoint: 'http://127.0.0.1:1/', namespace: 'n' }, payloads);
    expect(log.requests).toBe(9);
    const details = results.map((r) => (r.ok ? '' : r.error.detail!.replace('500 Internal Server Error: cannot open ', '')));
    // The root, its halves and quarters take 7 requests; the first two singles found take the last 2.
    expect(details).toEqual(['0', '1', '2,3', '2,3', '4,5', '4,5', '6,7', '6,7']);
  });
});
