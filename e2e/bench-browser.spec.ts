/**
 * The benchmark's own browser (bench/browser/), which `npm run bench` alone would otherwise exercise: in Debian's
 * Chromium, it starts with the extension, saves a rule through the options page, has a history decoded whole in the
 * fixture Web UI, keeps DevTools attached to the service worker even after Chromium started it anew, traces, and
 * leaves no profile behind.
 */
import { existsSync } from 'node:fs';
import { loadBigHistory } from '../bench/big-history-page';
import { isExtensionWorker, launchExtensionBrowser, type TargetInfo } from '../bench/browser/extension-browser';
import { FIXTURE_KEY_BASE64, FIXTURE_KEY_ID } from '../test-data/test-data';
import { E2E_HISTORY_EVENTS } from './fixtures/big-history';
import { expect, onlyIn, test } from './support/test';

onlyIn('chromium', 'The benchmark runs in Chromium only.');

test('the benchmark browser decodes a history, keeps its service worker attached, traces, and cleans up', async ({ webUi, heldBrowser }) => {
  test.setTimeout(120_000);
  // No other test's browser beside this one.
  await heldBrowser.close();
  const browser = await launchExtensionBrowser([]);
  try {
    expect(existsSync(browser.folder)).toBe(true);
    await browser.saveRule({ namespace: 'bench-browser', mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 });
    const first = await loadBigHistory(browser, webUi.url, 'bench-browser', E2E_HISTORY_EVENTS);
    expect(first).toMatchObject({ payloadsDecoded: E2E_HISTORY_EVENTS, payloadsEncoded: 0 });

    const page = await browser.pageSession();
    const worker = async () => (await page.send<{ targetInfos: TargetInfo[] }>('Target.getTargets')).targetInfos.find(isExtensionWorker);
    expect(await worker()).toMatchObject({ attached: true });
    // Stopped, it starts again for the next page that needs it, and DevTools is attached to it again.
    await browser.stopWorker();
    expect(await worker()).toBeUndefined();
    const again = await loadBigHistory(browser, webUi.url, 'bench-browser', E2E_HISTORY_EVENTS);
    expect(again).toMatchObject({ payloadsDecoded: E2E_HISTORY_EVENTS, payloadsEncoded: 0 });
    expect(await worker()).toMatchObject({ attached: true });
    await page.detach();
    await expect(browser.evaluateInWorker<string>('typeof chrome.runtime.id')).resolves.toBe('string');

    const { result, events } = await browser.trace('__metadata,toplevel', () => browser.page.evaluate<number>('new Promise((resolve) => setTimeout(() => resolve(7), 100))'));
    expect(result).toBe(7);
    expect(events.length).toBeGreaterThan(0);
  } finally {
    await browser.close();
  }
  expect(existsSync(browser.folder)).toBe(false);
});
