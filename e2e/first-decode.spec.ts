/**
 * The first decoded payloads, in Chromium and Firefox: order-42's input and result with
 * a local key, with the codec server, and a codec server that refuses the token.
 */
import { FIXTURE_KEY_BASE64, FIXTURE_KEY_ID } from '../test-data/test-data';
import { canonical, expectedInputsAndResults, rawInputsAndResults } from './support/expected';
import { shownPayloads } from './support/driver';
import { pressAndLook } from './support/options-form';
import { CODEC_ENDPOINT, expect, shareBrowserFromNoRules, test } from './support/test';

const ORDER_42 = '/namespaces/default/workflows/order-42/457c136e-cb78-4ac3-abc6-62352d40e66e/history';

shareBrowserFromNoRules('first-decode');

test('a local key decodes the input and result of order-42', async ({ extension, webUi, codec }) => {
  const notice = await extension.saveRule({ namespace: 'default', mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 });
  expect(notice).toContain('Saved');

  await extension.openWebUi(webUi.url + ORDER_42);
  const shown = await shownPayloads(extension);
  expect(shown.map((p) => p.encoding)).toEqual(shown.map(() => 'json/plain'));
  expect(shown.map((p) => canonical(JSON.parse(p.text))).sort()).toEqual(expectedInputsAndResults('order-42'));
  // The key never leaves the browser.
  expect(codec.requests).toHaveLength(0);

  // The tab's status is written once per burst of answers: the popup may open before it is. Opening one takes Firefox
  // seconds under load (a tab each time), so this waits as long as the other checks of the popup.
  await expect.poll(async () => (await extension.popup()).namespaces, { timeout: 30_000 }).toContain('default');
  expect((await extension.popup()).summary).toMatch(/^\d+ payloads decoded, 0 failed\.$/);
});

test('the codec server decodes order-42 with a token that may read the namespace', async ({ extension, webUi, codec }) => {
  const token = await codec.mintToken({ permissions: ['default:read'] });
  const notice = await extension.saveRule({ namespace: 'default', mode: 'remote', endpoint: CODEC_ENDPOINT, accessToken: token });
  expect(notice).toContain('Saved');

  await extension.openWebUi(webUi.url + ORDER_42);
  const shown = await shownPayloads(extension);
  expect(shown.map((p) => p.encoding)).toEqual(shown.map(() => 'json/plain'));
  expect(shown.map((p) => canonical(JSON.parse(p.text))).sort()).toEqual(expectedInputsAndResults('order-42'));

  // At most one request per API answer (the Web UI sends one per payload), each with the Web UI's headers.
  const decodes = codec.requests.filter((r) => r.path.endsWith('/decode'));
  const answers = webUi.requests.filter((r) => r.path.startsWith('/api/v1/namespaces/default/'));
  expect(decodes.length).toBeGreaterThan(0);
  expect(decodes.length).toBeLessThanOrEqual(answers.length);
  for (const request of decodes) {
    expect(request.headers['x-namespace']).toBe('default');
    expect(request.headers.authorization).toBe(`Bearer ${token}`);
    expect(request.status).toBe(200);
  }
});

test('a token without read permission leaves the payloads as they were and the popup says why', async ({ extension, webUi, codec }) => {
  const token = await codec.mintToken({ permissions: ['payments:read'] });
  await extension.saveRule({ namespace: 'default', mode: 'remote', endpoint: CODEC_ENDPOINT, accessToken: token });

  await extension.openWebUi(webUi.url + ORDER_42);
  const shown = await shownPayloads(extension);
  expect(shown.map((p) => p.encoding)).toEqual(shown.map(() => 'binary/encrypted'));
  expect(shown.map((p) => p.text).sort()).toEqual(rawInputsAndResults('history-order-42.json'));
  expect(codec.requests.some((r) => r.path.endsWith('/decode') && r.status === 401)).toBe(true);

  // The page says so too, in its status chip, and the chip opens to the reasons.
  const chip = `document.querySelector('payload-lens-status')?.shadowRoot`;
  await expect.poll(() => extension.evaluateInWebUi<string>(`${chip}?.querySelector('button')?.textContent ?? ''`)).toMatch(/^Payload Lens: 0 decoded, [1-9]\d* failed$/);
  await extension.evaluateInWebUi(`${chip}.querySelector('button').click()`);
  const reasons = await extension.evaluateInWebUi<string[]>(`Array.from(${chip}.querySelectorAll('li'), (li) => li.textContent)`);
  expect(reasons.length).toBeGreaterThan(0);
  for (const reason of reasons) expect(reason).toMatch(/codec server refused the access token \(401\)/i);

  // The popup and the toolbar badge count the same failures (read together once the page is done asking).
  await expect
    .poll(
      async () => {
        const failed = /^0 payloads decoded, (\d+) failed\.$/.exec((await extension.popup()).summary)?.[1];
        return failed !== undefined && failed !== '0' && failed === (await extension.badge());
      },
      // Each look opens the popup in a tab, which takes a few seconds in Firefox.
      { timeout: 30_000 },
    )
    .toBe(true);
  const popup = await extension.popup();
  expect(popup.failures.length).toBeGreaterThan(0);
  for (const failure of popup.failures) expect(failure).toMatch(/codec server refused the access token \(401\)/i);

  // The settings say what is wrong with the token, and it can be dropped without losing the rule.
  expect(await extension.optionsText()).toMatch(/The saved token: .*This token grants no read on “default”: the codec server needs read, write or admin \(worker is not enough\)\./);
  // The token goes when pressed, before the background has forgotten it, and the keyboard, whose button went with it,
  // to its rule's Change.
  expect(await pressAndLook(extension, 'Forget token', `[document.body.innerText.includes('The saved token'), document.activeElement?.getAttribute('aria-label')]`)).toEqual([false, 'Change default']);
  await expect.poll(() => extension.optionsText()).toContain('Forgot the access token of “default”.');
  expect(await extension.optionsText()).toContain(`Codec server ${CODEC_ENDPOINT} without an access token`);
});
