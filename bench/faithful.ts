/**
 * What a reader sees, the Web UI's way and with the extension, both through a codec server with a given latency:
 * the fixture's big history view opened and read to the end, one screen at a time, moving on as soon as the rows in
 * view are decoded. The Web UI's way (its own codec setting, docs/protocol.md §8) decodes each row as it is rendered, one
 * request per payload container; the extension decodes each page of the history before the page sees it.
 */
import type { CodecServerHandle } from '../e2e/fixtures/codec-server';
import { UNDECODED_NAMESPACE } from './answers';
import { readWholeHistory, setUiCodec, type BigHistoryState } from './big-history-page';
import type { ExtensionBrowser } from './browser/extension-browser';

export interface Reading {
  /** From navigation to the first row shown decoded. */
  firstRowMs: number;
  /** From navigation to every row shown decoded; undefined when some row never was. */
  everyRowMs: number | undefined;
  rowsDecoded: number;
  requests: number;
}

export interface FaithfulCase {
  events: number;
  latencyMs: number;
  webUi: Reading;
  extension: Reading;
}

function reading(state: BigHistoryState, requests: number): Reading {
  return { firstRowMs: state.firstRowDecodedMs ?? NaN, everyRowMs: state.allRowsDecodedMs, rowsDecoded: state.rowsDecoded, requests };
}

async function read(browser: ExtensionBrowser, ui: string, codec: CodecServerHandle, namespace: string, events: number): Promise<Reading> {
  codec.resetRequests();
  const state = await readWholeHistory(browser, ui, namespace, events);
  return reading(state, codec.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/decode')).length);
}

/** Both ways, one after the other, on the same history. */
export async function readBothWays(
  browser: ExtensionBrowser,
  ui: string,
  codec: CodecServerHandle,
  latencyMs: number,
  events: number,
): Promise<FaithfulCase> {
  await setUiCodec(browser, ui, codec.url);
  const webUi = await read(browser, ui, codec, UNDECODED_NAMESPACE, events);
  const namespace = `faithful-${latencyMs}-${events}`;
  await browser.saveRule({ namespace, mode: 'remote', endpoint: codec.url });
  await setUiCodec(browser, ui, undefined);
  const extension = await read(browser, ui, codec, namespace, events);
  return { events, latencyMs, webUi, extension };
}

