/**
 * The reader's first decoded row, the history opened several times each way. The reading through the whole history
 * (faithful.ts) opens it once each way, so its first row moves by hundreds of milliseconds from one run to the next.
 * Each of the extension's rounds opens a namespace whose rule was saved just before, as that reading does: its decoder
 * is not built yet, as after every change of settings and every start of the background. The extension is opened
 * as many times more with its service worker stopped before each (the tab on a blank page), as a reader meets it who
 * opens the Web UI after the extension was idle for half a minute or more: Chromium stops an idle service worker then.
 * The fixture's server answers at once unless a case holds the history's pages, as a Temporal frontend across a
 * network takes a while to: what the extension does before it has the first page (the bridge asking the background
 * what to do with the namespace, a stopped worker starting) then happens while the page waits anyway.
 */
import type { CodecServerHandle } from '../e2e/fixtures/codec-server';
import { UNDECODED_NAMESPACE } from './answers';
import { openUntilFirstRow, setUiCodec, withHistoryHeld, type HoldHistoryPages } from './big-history-page';
import type { ExtensionBrowser } from './browser/extension-browser';
import { spread, type Spread } from './stats';

export const FIRST_ROW_ROUNDS = 5;

export interface FirstRows {
  events: number;
  latencyMs: number;
  /** How long the server held each page of the history; 0: it answered at once. */
  historyHoldMs: number;
  /** From navigation to the first row shown decoded, over the rounds. */
  webUi: Spread;
  extension: Spread;
  /** The same, its service worker stopped before each. */
  extensionStopped: Spread;
}

/** A history opened at a codec server's latency. */
export interface FirstRowCase {
  codec: CodecServerHandle;
  latencyMs: number;
  events: number;
  /** How long the fixture's server holds each page of the history (default 0). */
  historyHoldMs?: number;
}

/**
 * The Web UI's own way, then the extension's with its worker running, then with it stopped: measured in between, the
 * running rounds would meet a worker just started again, its code new to the engine, where the others meet one that
 * has been decoding. Within each, the cases take turns round by round, so that cases compared with one another (the
 * same history answering at once and held) are measured side by side, not minutes apart.
 */
export async function measureFirstRows(
  browser: ExtensionBrowser,
  ui: string,
  cases: readonly FirstRowCase[],
  holdHistoryPages: HoldHistoryPages,
  rounds = FIRST_ROW_ROUNDS,
): Promise<FirstRows[]> {
  /** Opens the history as `c` has its server answer. */
  const open = (c: FirstRowCase, namespace: string): Promise<number> =>
    withHistoryHeld(holdHistoryPages, c.historyHoldMs ?? 0, () => openUntilFirstRow(browser, ui, namespace, c.events));
  const measured = cases.map(() => ({ webUi: [] as number[], extension: [] as number[], extensionStopped: [] as number[] }));
  let uiCodec: string | undefined;
  for (let round = 0; round < rounds; round++) {
    for (const [i, c] of cases.entries()) {
      if (uiCodec !== c.codec.url) await setUiCodec(browser, ui, (uiCodec = c.codec.url));
      measured[i]!.webUi.push(await open(c, UNDECODED_NAMESPACE));
    }
  }
  await setUiCodec(browser, ui, undefined);
  for (const stopped of [false, true]) {
    for (let round = 0; round < rounds; round++) {
      for (const [i, c] of cases.entries()) {
        const namespace = `first-row-${i}-${stopped ? 'stopped-' : ''}${round}`;
        await browser.saveRule({ namespace, mode: 'remote', endpoint: c.codec.url });
        if (stopped) {
          // Nothing of the last page left to wake it.
          await browser.page.goto('about:blank');
          await browser.stopWorker();
        }
        measured[i]![stopped ? 'extensionStopped' : 'extension'].push(await open(c, namespace));
      }
    }
  }
  return cases.map(({ latencyMs, events, historyHoldMs = 0 }, i) => ({
    events,
    latencyMs,
    historyHoldMs,
    webUi: spread(measured[i]!.webUi),
    extension: spread(measured[i]!.extension),
    extensionStopped: spread(measured[i]!.extensionStopped),
  }));
}
