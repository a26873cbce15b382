/**
 * Private view within its memory bound, in Chromium and Firefox: a tab that loads more
 * plaintext than the background keeps for one tab has its least recently added payloads let
 * go, and its panel says so in one sentence while it shows the newest.
 */
import { FIXTURE_KEY_BASE64, FIXTURE_KEY_ID } from '../test-data/test-data';
import { HOSTILE_NAMESPACE, historyAnswer, hostileHistoryPath, largeCompressedPayload } from './fixtures/hostile';
import { uiView } from './fixtures/ui-views';
import { expect, test } from './support/test';

const DROPPED = 'Payload Lens let go of this tab’s oldest decoded payloads to keep its memory use bounded; close the Web UI tabs you no longer need and reload this one to see them all again.';

test('a tab that loads more than its share keeps the newest payloads, and its panel says the oldest were let go', async ({ extension, webUi }) => {
  // Eight payloads of 3.9 MiB decoded, in two browser pages: more than the default time on a busy machine.
  test.slow();
  expect(await extension.saveRule({ namespace: HOSTILE_NAMESPACE, mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64, privateView: true })).toContain('Saved');
  await extension.openWebUi(webUi.url + uiView('order-42').path);
  const tabId = await extension.webUiTabId();
  const panel = await extension.openExtensionPage(`src/panel/index.html?tab=${tabId}`);
  await expect.poll(() => panel.evaluate<string>(`document.querySelector('.summary')?.textContent ?? ''`), { timeout: 15_000 }).toMatch(/payloads decoded on/);
  expect(await panel.evaluate<string>(`document.querySelector('.dropped')?.textContent ?? ''`)).toBe('');

  // About 42 million characters of plaintext in one answer, as base64: more than one tab may hold.
  const large = Array.from({ length: 8 }, (_, i) => largeCompressedPayload(3.9, i));
  webUi.craftAnswer('GET', hostileHistoryPath('large'), historyAnswer(large));
  const kept = await extension.evaluateInWebUi<number>(`fetch(${JSON.stringify(hostileHistoryPath('large'))}).then((answer) => answer.text()).then((text) => text.length)`);
  expect(kept).toBe(JSON.stringify(historyAnswer(large)).length);

  await expect.poll(() => panel.evaluate<string>(`document.querySelector('[role=status].dropped')?.textContent ?? ''`), { timeout: 30_000 }).toBe(DROPPED);
  // The newest are shown (each as the run's input and in its event), the oldest are gone.
  const rows = new Set(await panel.evaluate<string[]>(`Array.from(document.querySelectorAll('pre.payload-text'), (pre) => pre.textContent.match(/row \\d+/)?.[0] ?? '').filter(Boolean)`));
  expect(rows).toContain('row 7');
  expect(rows).not.toContain('row 0');
  expect(rows.size).toBeLessThan(8);
  await panel.close();
});
