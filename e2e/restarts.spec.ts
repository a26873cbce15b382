/**
 * Restarts (issue "Faults", build 4), in Chromium and Firefox: the background stopped at any
 * moment (the service worker, the event page) still decodes the next request with a
 * session-only secret and with a remembered one, sends a codec server that has answered before
 * an answer's requests together at once, and a request in flight when it stops gets its
 * original answer; after a browser restart on the same profile, session-only secrets
 * are gone and the page says why, remembered ones still work, and secrets whose "Remember on
 * this device" was switched without typing them again are where the box said.
 */
import { HOOK_WAIT_MS } from '../src/core/deadlines';
import { NO_ANSWER_SENTENCE } from '../src/core/errors';
import { FIXTURE_KEY_BASE64, FIXTURE_KEY_ID } from '../test-data/test-data';
import { E2E_HISTORY_EVENTS, bigHistoryWorkflowId } from './fixtures/big-history';
import { SAMPLE_VECTORS_WORKFLOW } from './fixtures/sample-vectors';
import { uiView } from './fixtures/ui-views';
import { encodingsIn } from './support/answer-encodings';
import { STORED_CODEC_LIMIT_KEYS, storedTallyOf } from './support/extension-storage';
import type { ExtensionDriver } from './support/driver';
import { pressLabelled } from './support/options-form';
import { CODEC_ENDPOINT, expect, test } from './support/test';

// A browser launch or two, several pages and a restart per test: more than the default allows on a busy machine.
test.describe.configure({ timeout: 480_000 });

const ORDER_42 = uiView('order-42');
/** A page of a namespace only the rule for every namespace covers. */
const SAMPLES = `/namespaces/samples/workflows/${SAMPLE_VECTORS_WORKFLOW}`;
const SPARE_KEY_ID = 'spare';
const REFUND_3 = uiView('refund');
const REFUND_3_HISTORY = '/api/v1/namespaces/payments/workflows/refund-3/history';
/** Not among the fixture's answers: the Web UI asks, the hook learns the namespace's plan, and no payload comes back. */
const REFUND_3_DESCRIBE = '/api/v1/namespaces/payments/workflows/refund-3';
/** One answer of 1,000 events of the long history, in payments: many request bodies' worth of payloads. */
const LONG_ANSWER_EVENTS = 1000;
const LONG_ANSWER = `/api/v1/namespaces/payments/workflows/${bigHistoryWorkflowId(E2E_HISTORY_EVENTS)}/history?maximumPageSize=${LONG_ANSWER_EVENTS}`;

const CHIP_TEXT = `document.querySelector('payload-lens-status')?.shadowRoot?.textContent ?? ''`;
const CHIP_SUMMARY = `document.querySelector('payload-lens-status')?.shadowRoot?.querySelector('button')?.textContent ?? '(no chip)'`;

async function shownEncodings(extension: ExtensionDriver, url: string): Promise<Set<string>> {
  await extension.openWebUi(url);
  const encodings = new Set(await extension.evaluateInWebUi<string[]>(`Array.from(document.querySelectorAll('pre.payload'), (el) => el.dataset.encoding)`));
  // What the chip said, for the report when this is not what a test expects.
  if (encodings.has('binary/encrypted')) test.info().annotations.push({ type: 'still encrypted', description: `${url}: ${await extension.evaluateInWebUi<string>(CHIP_SUMMARY)}` });
  return encodings;
}

const DECODED = new Set(['json/plain']);
const ENCRYPTED = new Set(['binary/encrypted']);

/** Starts fetching an API answer from the page without waiting; IN_FLIGHT_RESULT reads how it ended. */
const START_FETCH = (path: string) => `(() => {
  const started = performance.now();
  window.__inFlight = fetch(${JSON.stringify(path)}).then((r) => r.json()).then((answer) => ({ ms: performance.now() - started, endedAt: Date.now(), encodings: (${encodingsIn.toString()})(answer) }));
  return true;
})()`;
const IN_FLIGHT_RESULT = 'window.__inFlight';

/**
 * default: a local key kept for the session only (the default); payments: a codec server whose token is remembered on
 * this device; every other namespace: another local key kept for the session only.
 */
async function saveRules(extension: ExtensionDriver, token: string): Promise<void> {
  expect(await extension.saveRule({ namespace: 'default', mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 })).toContain('Saved');
  expect(await extension.saveRule({ namespace: '*', mode: 'local', keyId: SPARE_KEY_ID, key: FIXTURE_KEY_BASE64 })).toContain('Saved');
  expect(await extension.saveRule({ namespace: 'payments', mode: 'remote', endpoint: CODEC_ENDPOINT, accessToken: token, remember: true })).toContain('Saved');
}

test('the background stopped mid-session: the next request decodes with either kind of secret, a request in flight gets its original', async ({ extension, webUi, codec }) => {
  await saveRules(extension, await codec.mintToken({ permissions: ['payments:read'] }));
  expect(await shownEncodings(extension, webUi.url + ORDER_42.path)).toEqual(DECODED);
  expect(await shownEncodings(extension, webUi.url + REFUND_3.path)).toEqual(DECODED);

  await test.step('stopped, the popup still counts what the page in view had decoded', async () => {
    const before = (await extension.popup()).summary;
    const decoded = Number(/^([1-9]\d*) payloads? decoded/.exec(before)?.[1]);
    expect(decoded).toBeGreaterThan(0);
    // A tally is stored within half a second of its last change: wait for this page's (refund-3, in payments; the
    // page before it in the tab was in default), as a user who looks away would.
    const tabId = await extension.webUiTabId();
    await expect.poll(() => extension.evaluateInOptions<unknown>(storedTallyOf(tabId))).toEqual({ decoded, namespaces: ['payments'] });
    await extension.stopBackground();
    expect((await extension.popup()).summary).toBe(before);
  });

  await test.step('stopped, then the next page decodes with the session-only key', async () => {
    await extension.stopBackground();
    expect(await shownEncodings(extension, webUi.url + ORDER_42.path)).toEqual(DECODED);
  });

  await test.step('stopped, then the next page decodes through the codec server with the remembered token', async () => {
    await extension.stopBackground();
    codec.resetRequests();
    expect(await shownEncodings(extension, webUi.url + REFUND_3.path)).toEqual(DECODED);
    // Nothing decoded was kept across the stop: the codec server was asked again, with the token.
    expect(codec.requests.some((r) => r.path.endsWith('/decode') && r.status === 200 && typeof r.headers.authorization === 'string')).toBe(true);
  });

  await test.step('stopped again: what the codec server showed of its size limit was kept, so an answer’s requests go together at once', async () => {
    // Kept as soon as learned: the codec server has answered this background.
    await expect.poll(() => extension.evaluateInOptions<string[]>(STORED_CODEC_LIMIT_KEYS)).toContain(`without cookies ${CODEC_ENDPOINT}/decode`);
    await extension.stopBackground();
    codec.resetRequests();
    const release = codec.holdAnswers();
    await extension.evaluateInWebUi(START_FETCH(LONG_ANSWER));
    // Nothing is answered while held: a background that had not heard from the server would send one request, and
    // the rest only once it came back.
    const decodes = () => codec.requests.filter((r) => r.path.endsWith('/decode')).length;
    await expect.poll(decodes, { timeout: 15_000 }).toBeGreaterThan(1);
    release();
    const ended = await extension.evaluateInWebUi<{ encodings: string[] }>(IN_FLIGHT_RESULT);
    expect(ended.encodings).toEqual(Array(LONG_ANSWER_EVENTS).fill('json/plain'));
  });

  await test.step('stopped while a request waits on the codec server: the page gets its original answer', async () => {
    // Nothing of refund-3 in the background's cache, so its payloads go to the codec server, which keeps them. Asked
    // from a page that has not shown refund-3 (the hook answers what its page was already given decoded by itself),
    // but has asked about payments before (an answer without payloads), as the page that showed refund-3 had: after
    // the stop, only the decode waits for the background to start.
    await extension.openWebUi(webUi.url + ORDER_42.path);
    await extension.evaluateInWebUi(`fetch(${JSON.stringify(REFUND_3_DESCRIBE)}).then(() => true)`);
    await extension.stopBackground();
    codec.resetRequests();
    codec.setBehaviour({ fault: 'never-answer' });
    await extension.evaluateInWebUi(START_FETCH(REFUND_3_HISTORY));
    await expect.poll(() => codec.requests.some((r) => r.path.endsWith('/decode'))).toBe(true);
    const stoppedAt = Date.now();
    await extension.stopBackground();
    const ended = await extension.evaluateInWebUi<{ ms: number; endedAt: number; encodings: string[] }>(IN_FLIGHT_RESULT);
    test.info().annotations.push({ type: 'in flight', description: `${extension.browserName}: the page had its original answer ${ended.endedAt - stoppedAt} ms after the stop` });
    expect(ended.ms).toBeLessThan(HOOK_WAIT_MS);
    // Exactly what the server sent: its encrypted payloads still encrypted.
    const original = encodingsIn(await (await fetch(webUi.url + REFUND_3_HISTORY)).json());
    expect(original).toContain('binary/encrypted');
    expect(ended.encodings).toEqual(original);
    // And the user is told why: the background stopped before it counted these payloads, so the bridge reports them,
    // and the chip and the popup count them alike.
    const left = original.filter((encoding) => encoding === 'binary/encrypted').length;
    await expect.poll(() => extension.evaluateInWebUi<string>(CHIP_SUMMARY)).toMatch(new RegExp(`, ${left} failed$`));
    expect(await extension.evaluateInWebUi<string>(CHIP_TEXT)).toContain(NO_ANSWER_SENTENCE);
    const popup = await extension.popup();
    expect(popup.summary).toMatch(new RegExp(`, ${left} failed\\.$`));
    expect(popup.text).toContain(NO_ANSWER_SENTENCE);
    codec.resetBehaviour();
  });

  await test.step('and the extension goes on decoding', async () => {
    expect(await shownEncodings(extension, webUi.url + REFUND_3.path)).toEqual(DECODED);
    expect(await shownEncodings(extension, webUi.url + ORDER_42.path)).toEqual(DECODED);
  });
});

test('a browser restart on the same profile: session-only secrets are gone and the page says why, remembered ones still work', async ({ extension, webUi, codec }) => {
  await saveRules(extension, await codec.mintToken({ permissions: ['payments:read'] }));
  expect(await shownEncodings(extension, webUi.url + ORDER_42.path)).toEqual(DECODED);
  expect(await shownEncodings(extension, webUi.url + REFUND_3.path)).toEqual(DECODED);

  await extension.restartBrowser();

  // The remembered token still works.
  codec.resetRequests();
  expect(await shownEncodings(extension, webUi.url + REFUND_3.path)).toEqual(DECODED);
  expect(codec.requests.some((r) => r.path.endsWith('/decode') && r.status === 200)).toBe(true);

  // The session-only key is gone: the payloads stay as they are and the page says why, in one sentence.
  expect(await shownEncodings(extension, webUi.url + ORDER_42.path)).toEqual(ENCRYPTED);
  await expect
    .poll(() => extension.evaluateInWebUi<string>(CHIP_TEXT))
    .toContain(`The key "${FIXTURE_KEY_ID}" of this rule is no longer saved, as a key not remembered on this device is forgotten when the browser closes or Payload Lens is updated; enter it again in the options page.`);
  // Where the user enters it again, it is named as gone, not as never saved: in the popup, whose form changes the
  // namespace's own rule, and in the settings.
  const gone = (keyId: string) => `The key “${keyId}” was kept only until the browser closed or Payload Lens updated, and is gone: enter it again`;
  expect((await extension.popup()).text).toContain(`${gone(FIXTURE_KEY_ID)}.`);
  expect(await extension.optionsText()).toContain(`${gone(FIXTURE_KEY_ID)}.`);
  // A namespace the rule for every namespace decides: the popup's form would make a rule for it alone, so the popup
  // sends the user to that rule in the settings.
  await extension.openWebUi(webUi.url + SAMPLES);
  expect((await extension.popup()).text).toContain(
    `${gone(SPARE_KEY_ID)} in the settings, in the rule for every namespace on ${webUi.url} (the form below would make a rule for “samples” on ${webUi.url} alone).`,
  );
});

const REMEMBER_BOX = `[...document.querySelectorAll('label')].find((label) => label.textContent.includes('Remember on this device')).querySelector('input')`;

test('“Remember on this device” switched without typing the secrets again: after a restart they are where it said', async ({ extension, webUi, codec }) => {
  // default: a key kept until the browser closes, then remembered; payments: a remembered token, then not.
  expect(await extension.saveRule({ namespace: 'default', mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 })).toContain('Saved');
  expect(await extension.saveRule({ namespace: 'payments', mode: 'remote', endpoint: CODEC_ENDPOINT, accessToken: await codec.mintToken({ permissions: ['payments:read'] }), remember: true })).toContain('Saved');
  for (const [namespace, rememberedBefore] of [['default', false], ['payments', true]] as const) {
    await pressLabelled(extension, `Change ${namespace}`);
    expect(await extension.evaluateInOptions<boolean>(`${REMEMBER_BOX}.checked`)).toBe(rememberedBefore);
    await extension.evaluateInOptions(`(${REMEMBER_BOX}.click(), true)`);
    expect(await extension.clickInOptions('Save')).toContain('Saved');
  }
  expect(await extension.optionsText()).toContain('with a saved access token (until the browser closes)');

  await extension.restartBrowser();

  expect(await shownEncodings(extension, webUi.url + ORDER_42.path)).toEqual(DECODED);
  expect(await shownEncodings(extension, webUi.url + REFUND_3.path)).toEqual(ENCRYPTED);
  await expect.poll(() => extension.evaluateInWebUi<string>(CHIP_TEXT)).toContain('is no longer saved, as a secret not remembered on this device is forgotten when the browser closes or Payload Lens is updated');
});
