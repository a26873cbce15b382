/**
 * A second look at the same history while the background lives: does it cost codec requests again? The view of a
 * 10,000-event history opened twice in a row through the codec server, counting /decode requests each time.
 */
import type { CodecServerHandle } from '../e2e/fixtures/codec-server';
import { loadBigHistory, setUiCodec } from './big-history-page';
import type { ExtensionBrowser } from './browser/extension-browser';

export const REPEAT_VISIT_EVENTS = 10_000;
const NAMESPACE = 'bench-repeat';

export interface Visit {
  requests: number;
  loadedMs: number;
  leftEncoded: number;
}

export interface RepeatVisit {
  events: number;
  first: Visit;
  second: Visit;
}

export async function measureRepeatVisit(browser: ExtensionBrowser, ui: string, codec: CodecServerHandle): Promise<RepeatVisit> {
  await setUiCodec(browser, ui, undefined);
  await browser.saveRule({ namespace: NAMESPACE, mode: 'remote', endpoint: codec.url });
  const visit = async (): Promise<Visit> => {
    codec.resetRequests();
    const state = await loadBigHistory(browser, ui, NAMESPACE, REPEAT_VISIT_EVENTS);
    const requests = codec.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/decode')).length;
    return { requests, loadedMs: state.loadedMs, leftEncoded: state.payloadsEncoded };
  };
  const first = await visit();
  const second = await visit();
  return { events: REPEAT_VISIT_EVENTS, first, second };
}
