/**
 * The reader's first decoded row, the history opened several times each way. The reading through the whole history
 * (faithful.ts) opens it once each way, so its first row moves by hundreds of milliseconds from one run to the next.
 * Each of the extension's rounds opens a namespace whose rule was saved just before, as that reading does: its decoder
 * is not built yet, as after every change of settings and every start of the background. The extension is opened
 * as many times more with its service worker stopped before each (the tab on a blank page), as a reader meets it who
 * opens the Web UI after the extension was idle for half a minute or more: Chromium stops an idle service worker then.
 */
import type { CodecServerHandle } from '../e2e/fixtures/codec-server';
import { UNDECODED_NAMESPACE } from './answers';
import { openUntilFirstRow, setUiCodec } from './big-history-page';
import type { ExtensionBrowser } from './browser/extension-browser';
import { spread, type Spread } from './stats';

export const FIRST_ROW_ROUNDS = 5;

export interface FirstRows {
  events: number;
  latencyMs: number;
  /** From navigation to the first row shown decoded, over the rounds. */
  webUi: Spread;
  extension: Spread;
  /** The same, its service worker stopped before each. */
  extensionStopped: Spread;
}

export async function measureFirstRows(
  browser: ExtensionBrowser,
  ui: string,
  codec: CodecServerHandle,
  latencyMs: number,
  events: number,
  rounds = FIRST_ROW_ROUNDS,
): Promise<FirstRows> {
  await setUiCodec(browser, ui, codec.url);
  const webUi: number[] = [];
  for (let round = 0; round < rounds; round++) webUi.push(await openUntilFirstRow(browser, ui, UNDECODED_NAMESPACE, events));
  await setUiCodec(browser, ui, undefined);
  const extension: number[] = [];
  const extensionStopped: number[] = [];
  for (const stopped of [false, true]) {
    for (let round = 0; round < rounds; round++) {
      const namespace = `first-row-${latencyMs}-${events}-${stopped ? 'stopped-' : ''}${round}`;
      await browser.saveRule({ namespace, mode: 'remote', endpoint: codec.url });
      if (stopped) {
        // Nothing of the last page left to wake it.
        await browser.page.goto('about:blank');
        await browser.stopWorker();
      }
      (stopped ? extensionStopped : extension).push(await openUntilFirstRow(browser, ui, namespace, events));
    }
  }
  return { events, latencyMs, webUi: spread(webUi), extension: spread(extension), extensionStopped: spread(extensionStopped) };
}
