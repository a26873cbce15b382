/**
 * The benchmark's own browser (bench/browser/), which `npm run bench` alone would otherwise exercise: in Debian's
 * Chromium, it starts with the extension, saves a rule through the options page, has a history decoded whole in the
 * fixture Web UI, keeps DevTools attached to the service worker even after Chromium started it anew, traces, and
 * leaves no profile behind.
 */
import { readdirSync } from 'node:fs';
import os from 'node:os';
import { loadBigHistory } from '../bench/big-history-page';
import { launchExtensionBrowser } from '../bench/browser/extension-browser';
import { FIXTURE_KEY_BASE64, FIXTURE_KEY_ID } from '../test-data/test-data';
import { E2E_HISTORY_EVENTS } from './fixtures/big-history';
import { expect, onlyIn, test } from './support/test';

onlyIn('chromium', 'The benchmark runs in Chromium only.');

/** The benchmark browsers' folders in the temporary directory (extension-browser.ts names them so). */
const benchFolders = () => readdirSync(os.tmpdir()).filter((name) => name.startsWith('payload-lens-bench-'));

interface TargetInfo {
  type: string;
  url: string;
  attached: boolean;
}

test('the benchmark browser decodes a history, keeps its service worker attached, traces, and cleans up', async ({ webUi, heldBrowser }) => {
  test.setTimeout(120_000);
  // No other test's browser beside this one.
  await heldBrowser.close();
  const before = benchFolders();
  const browser = await launchExtensionBrowser([]);
  try {
    expect(benchFolders().length).toBe(before.length + 1);
    await browser.saveRule({ namespace: 'bench-browser', mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 });
    const first = await loadBigHistory(browser, webUi.url, 'bench-browser', E2E_HISTORY_EVENTS);
    expect(first).toMatchObject({ payloadsDecoded: E2E_HISTORY_EVENTS, payloadsEncoded: 0 });

    const page = await browser.pageSession();
    const worker = async () => (await page.send<{ targetInfos: TargetInfo[] }>('Target.getTargets')).targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith('chrome-extension://'));
    expect(await worker()).toMatchObject({ attached: true });
    // Stopped, it starts again for the next page that needs it, and DevTools is attached to it again.
    await page.send('ServiceWorker.enable');
    await page.send('ServiceWorker.stopAllWorkers');
    await expect.poll(worker).toBeUndefined();
    await page.send('ServiceWorker.disable');
    await page.detach();
    const again = await loadBigHistory(browser, webUi.url, 'bench-browser', E2E_HISTORY_EVENTS);
    expect(again).toMatchObject({ payloadsDecoded: E2E_HISTORY_EVENTS, payloadsEncoded: 0 });
    const afterRestart = await browser.pageSession();
    const restarted = (await afterRestart.send<{ targetInfos: TargetInfo[] }>('Target.getTargets')).targetInfos.find((t) => t.type === 'service_worker');
    await afterRestart.detach();
    expect(restarted).toMatchObject({ attached: true });
    await expect(browser.evaluateInWorker<string>('typeof chrome.runtime.id')).resolves.toBe('string');

    const { result, events } = await browser.trace('__metadata,toplevel', () => browser.page.evaluate<number>('new Promise((resolve) => setTimeout(() => resolve(7), 100))'));
    expect(result).toBe(7);
    const traced = events as { traceEvents?: unknown[] } | unknown[];
    expect((Array.isArray(traced) ? traced : (traced.traceEvents ?? [])).length).toBeGreaterThan(0);
  } finally {
    await browser.close();
  }
  expect(benchFolders()).toEqual(before);
});
