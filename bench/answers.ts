/**
 * API answers of 1,000 payloads for the per-answer benchmarks: the pages of 1,000 events of the fixture's
 * 20,000-event history, so every answer holds payloads no earlier answer held (no cache hit), with the fixture's
 * mix of sizes. The same page can be asked for in any namespace: a namespace without a rule is the page as it is
 * without the extension.
 */
import { BENCH_HISTORY_EVENTS, bigHistory, bigHistoryWorkflowId } from '../e2e/fixtures/big-history';
import { encodePageToken } from '../e2e/fixtures/ui-server';

export const ANSWER_PAYLOADS = 1000;
export const ANSWERS = BENCH_HISTORY_EVENTS / ANSWER_PAYLOADS;

/** A namespace no rule covers: the extension leaves its answers alone. */
export const UNDECODED_NAMESPACE = 'bench-off';

/** URL path of answer `index` (0-based) in `namespace`. */
export function answerPath(namespace: string, index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= ANSWERS) throw new RangeError(`answer ${index} is not among the ${ANSWERS}`);
  const route = `/api/v1/namespaces/${namespace}/workflows/${bigHistoryWorkflowId(BENCH_HISTORY_EVENTS)}/history`;
  const params = new URLSearchParams({ maximumPageSize: String(ANSWER_PAYLOADS) });
  if (index > 0) params.set('nextPageToken', encodePageToken({ route, offset: index * ANSWER_PAYLOADS }));
  return `${route}?${params}`;
}

/** The JSON text of each payload of answer `index`, as a batching client would put it in a request body. */
export function answerPayloadTexts(index: number): string[] {
  return payloadTexts(bigHistory(BENCH_HISTORY_EVENTS).events.slice(index * ANSWER_PAYLOADS, (index + 1) * ANSWER_PAYLOADS));
}

/** The JSON text of each payload in `events`, in order. */
export function payloadTexts(events: readonly unknown[]): string[] {
  const texts: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) return value.forEach(visit);
    const record = value as Record<string, unknown>;
    if (Array.isArray(record.payloads)) {
      for (const payload of record.payloads) texts.push(JSON.stringify(payload));
      return;
    }
    Object.values(record).forEach(visit);
  };
  visit(events);
  return texts;
}

/** A page of the fixture Web UI that makes no API call of its own: a quiet place to run fetches from. */
export const quietPage = (ui: string): string => `${ui}/namespaces/${UNDECODED_NAMESPACE}/workflows/start`;
