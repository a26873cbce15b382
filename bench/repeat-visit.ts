/**
 * A second look at the same history while the background lives: does it cost codec requests again? The view of a
 * 10,000-event history opened twice in a row through the codec server, counting /decode requests each time. Then
 * the same history grown by a few dozen events, as a running workflow's is when opened again later: only the new
 * payloads should cost requests, packed as tightly as a cold answer's, though the page (a new document) holds none
 * of the payloads it had decoded and the background holds all the others.
 */
import { DEFAULT_MAX_BODY_BYTES } from '../src/core/remote/codec-client';
import { bigHistory } from '../e2e/fixtures/big-history';
import type { CodecServerHandle } from '../e2e/fixtures/codec-server';
import { payloadTexts } from './answers';
import { loadBigHistory, setUiCodec } from './big-history-page';
import type { ExtensionBrowser } from './browser/extension-browser';
import { packPayloads } from './packing';

export const REPEAT_VISIT_EVENTS = 10_000;
/** How many events the history has grown by when it is opened the third time. */
export const GROWN_BY_EVENTS = 50;
const NAMESPACE = 'bench-repeat';

export interface Visit {
  requests: number;
  loadedMs: number;
  leftEncoded: number;
}

export interface GrownVisit extends Visit {
  events: number;
  /** Payloads the history did not hold before it grew. */
  newPayloads: number;
  /** The fewest bodies under 96 KiB the new payloads fit in: their bytes over one body's room, which no packing beats. */
  lowerBound: number;
}

export interface RepeatVisit {
  events: number;
  first: Visit;
  second: Visit;
  grown: GrownVisit;
}

export async function measureRepeatVisit(browser: ExtensionBrowser, ui: string, codec: CodecServerHandle): Promise<RepeatVisit> {
  await setUiCodec(browser, ui, undefined);
  await browser.saveRule({ namespace: NAMESPACE, mode: 'remote', endpoint: codec.url });
  const visit = async (events: number): Promise<Visit> => {
    codec.resetRequests();
    const state = await loadBigHistory(browser, ui, NAMESPACE, events);
    const requests = codec.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/decode')).length;
    return { requests, loadedMs: state.loadedMs, leftEncoded: state.payloadsEncoded };
  };
  const first = await visit(REPEAT_VISIT_EVENTS);
  const second = await visit(REPEAT_VISIT_EVENTS);
  // Event i's payload depends on i alone, so the grown history holds every payload of the first and these besides.
  const grownEvents = REPEAT_VISIT_EVENTS + GROWN_BY_EVENTS;
  const added = payloadTexts(bigHistory(grownEvents).events.slice(REPEAT_VISIT_EVENTS));
  const { lowerBound } = packPayloads(
    added.map((text) => Buffer.byteLength(text)),
    DEFAULT_MAX_BODY_BYTES,
  );
  const grown = { ...(await visit(grownEvents)), events: grownEvents, newPayloads: added.length, lowerBound };
  return { events: REPEAT_VISIT_EVENTS, first, second, grown };
}
