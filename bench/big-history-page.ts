/**
 * Driving the fixture Web UI's big history view (e2e/fixtures/ui/view-big-history.js) from the benchmark: open it,
 * wait until every page has arrived, scroll through it as a reader would, and switch the Web UI's own codec on or
 * off. Everything read from the page comes from the view's markup contract (e2e/fixtures/ui/README.md).
 */
import { bigHistoryWorkflowId } from '../e2e/fixtures/big-history';
import { clearUiCodecScript, setUiCodecScript } from '../e2e/fixtures/ui-codec-setting';
import { quietPage } from './answers';
import type { ExtensionBrowser } from './browser/extension-browser';

/** The dataset of <section id="big-history">, numbers as numbers. */
export interface BigHistoryState {
  payloadsDecoded: number;
  payloadsEncoded: number;
  eventsForward: number;
  eventsReverse: number;
  firstPageMs: number;
  loadedMs: number;
  rowsDecoded: number;
  firstRowDecodedMs?: number;
  allRowsDecodedMs?: number;
}

const LOAD_TIMEOUT_MS = 300_000;

const READ_STATE = `(() => {
  const data = document.getElementById('big-history').dataset;
  const state = {};
  for (const [key, value] of Object.entries(data)) if (value !== '' && !Number.isNaN(Number(value))) state[key] = Number(value);
  return state;
})()`;

/** The Web UI's per-browser codec setting: an endpoint, or none. Set on the UI's origin, before the view opens. */
export async function setUiCodec(browser: ExtensionBrowser, ui: string, endpoint: string | undefined): Promise<void> {
  await browser.page.goto(quietPage(ui));
  await browser.page.evaluate(endpoint ? setUiCodecScript(endpoint) : clearUiCodecScript());
}

export const bigHistoryUrl = (ui: string, namespace: string, events: number): string => `${ui}/namespaces/${namespace}/workflows/${bigHistoryWorkflowId(events)}`;

/** The fixture server's hold on each history page (`UiServerHandle.holdHistoryPages`), as the benchmark is given it. */
export type HoldHistoryPages = (ms: number) => void;

/** `run` with the server holding each history page `ms`, and no longer once it ends, however it ends. */
export async function withHistoryHeld<T>(hold: HoldHistoryPages, ms: number, run: () => Promise<T>): Promise<T> {
  hold(ms);
  try {
    return await run();
  } finally {
    hold(0);
  }
}

/** Opens the view and waits until both directions have met, every event in. */
export async function loadBigHistory(browser: ExtensionBrowser, ui: string, namespace: string, events: number): Promise<BigHistoryState> {
  await browser.page.goto(bigHistoryUrl(ui, namespace, events));
  await browser.page.waitFor(`document.body.dataset.state !== 'loading'`, { timeoutMs: LOAD_TIMEOUT_MS, pollMs: 100 });
  const failure = await browser.page.evaluate(`document.body.dataset.state === 'error' ? document.getElementById('error').textContent : ''`);
  if (failure) throw new Error(`The fixture Web UI could not load ${events} events: ${String(failure)}`);
  return (await browser.page.evaluate(READ_STATE)) as BigHistoryState;
}

/**
 * A reader going through the whole history: one screen at a time, on to the next as soon as every row in view is
 * decoded (or has failed), waiting at the end for more pages while they arrive. Runs in the page, so no protocol
 * round trip is counted; returns once every row has been shown decoded.
 */
const SCROLL_THROUGH = `(async () => {
  const section = document.getElementById('big-history');
  const viewport = document.getElementById('big-viewport');
  const changed = () => new Promise((resolve) => {
    const observer = new MutationObserver(() => { observer.disconnect(); resolve(); });
    observer.observe(section, { attributes: true });
  });
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  while (section.dataset.allRowsDecodedMs === undefined) {
    const atEnd = viewport.scrollTop + viewport.clientHeight >= viewport.scrollHeight - 1;
    const settled = section.dataset.windowSettled === 'true';
    // Everything arrived and shown, yet some row is not decoded: it never will be.
    if (atEnd && settled && section.dataset.loadedMs !== undefined) return;
    if (!settled || atEnd) {
      await changed();
      continue;
    }
    viewport.scrollTop += viewport.clientHeight;
    await frame();
  }
})()`;

/** Opens the view and scrolls through every row; the state once the last row was shown (`allRowsDecodedMs` if all decoded). */
export async function readWholeHistory(browser: ExtensionBrowser, ui: string, namespace: string, events: number): Promise<BigHistoryState> {
  await browser.page.goto(bigHistoryUrl(ui, namespace, events));
  // Rows come with the first ascending page, or once loading ends when the descending direction took every page.
  await browser.page.waitFor(`Number(document.getElementById('big-history')?.dataset.eventsForward) > 0 || document.body.dataset.state !== 'loading'`, { timeoutMs: LOAD_TIMEOUT_MS, pollMs: 50 });
  await browser.page.evaluate(SCROLL_THROUGH);
  return (await browser.page.evaluate(READ_STATE)) as BigHistoryState;
}

/** Opens the view and waits for its first decoded row; when that came, from navigation (`firstRowDecodedMs`). */
export async function openUntilFirstRow(browser: ExtensionBrowser, ui: string, namespace: string, events: number): Promise<number> {
  await browser.page.goto(bigHistoryUrl(ui, namespace, events));
  await browser.page.waitFor(`document.getElementById('big-history')?.dataset.firstRowDecodedMs !== undefined || document.body.dataset.state === 'error'`, {
    timeoutMs: LOAD_TIMEOUT_MS,
    pollMs: 20,
  });
  const { firstRowDecodedMs } = (await browser.page.evaluate(READ_STATE)) as BigHistoryState;
  if (firstRowDecodedMs === undefined) throw new Error(`The fixture Web UI showed no decoded row of ${events} events`);
  return firstRowDecodedMs;
}
