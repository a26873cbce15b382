/**
 * The relay (src/shared/messages/relay.ts), in Chromium, whose tabs send their decode requests to the service worker on
 * the channel it hands over: a page that frames the relay page itself gets nothing through it, and a tab whose
 * channel went with its service worker decodes over its port, then on a new channel.
 */
import { FIXTURE_KEY_BASE64, FIXTURE_KEY_ID } from '../test-data/test-data';
import { RELAY_PAGE } from '../src/shared/pages';
import { E2E_HISTORY_EVENTS, bigHistoryWorkflowId } from './fixtures/big-history';
import { uiView } from './fixtures/ui-views';
import { fixtureCiphertext } from './support/expected';
import { evaluateInServiceWorker } from './support/chromium-driver';
import type { ExtensionDriver } from './support/driver';
import { expect, onlyIn, shareBrowserFromNoRules, test } from './support/test';

const ORDER_42 = uiView('order-42').path;
const RELAY_IN_PAGE = `document.querySelector('payload-lens-relay') !== null`;
/**
 * Answers the page has not loaded yet: the hook answers payloads it already decoded for the page itself, without the
 * relay or the port.
 */
const ORDER_44_HISTORY_API = '/api/v1/namespaces/default/workflows/order-44/history';
/** The first `events` of a long history: each longer one brings payloads the page has not seen. */
const bigHistoryPage = (events: number) => `/api/v1/namespaces/default/workflows/${bigHistoryWorkflowId(E2E_HISTORY_EVENTS)}/history?maximumPageSize=${events}`;

/** In the page: the encodings of an answer's payloads, fetched as the Web UI fetches them. */
const fetchedEncodings = (api: string) => `(async () => {
  const answer = await (await fetch(${JSON.stringify(api)})).json();
  const found = new Set();
  const walk = (value) => {
    if (!value || typeof value !== 'object') return;
    if (typeof value.data === 'string' && value.metadata?.encoding) found.add(atob(value.metadata.encoding));
    Object.values(value).forEach(walk);
  };
  walk(answer);
  return [...found];
})()`;

/**
 * In the service worker: counts what it posts on a MessagePort, a relay channel (a bridge's own port is a runtime
 * port): the replies, and the word that it took a channel.
 */
const COUNT_CHANNEL_REPLIES = `(() => {
  // Wrapped once per service worker, however often the count starts again in it.
  const post = (globalThis.unwrappedPostMessage ??= MessagePort.prototype.postMessage);
  globalThis.relayReplies = 0;
  globalThis.channelsTaken = 0;
  MessagePort.prototype.postMessage = function (message, ...rest) {
    if (message?.reply !== undefined) globalThis.relayReplies++;
    if (message?.relayReady === true) globalThis.channelsTaken++;
    return post.call(this, message, ...rest);
  };
})()`;

/**
 * Fetches the answers in turn, each decoded, until the service worker has answered one on a relay channel: how many
 * it took, or undefined if none was.
 */
async function answersUntilChannel(extension: ExtensionDriver, apis: string[]): Promise<number | undefined> {
  await evaluateInServiceWorker(extension, COUNT_CHANNEL_REPLIES);
  for (const [i, api] of apis.entries()) {
    expect(await extension.evaluateInWebUi<string[]>(fetchedEncodings(api))).toEqual(['json/plain']);
    if ((await evaluateInServiceWorker<number>(extension, 'globalThis.relayReplies')) > 0) return i + 1;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return undefined;
}

onlyIn('chromium', 'Firefox’s tabs reach the background over their port alone: it has no relay.');
// Each saves its rule and opens its own page; the last stops the service worker, and so comes last.
shareBrowserFromNoRules('relay');

test('a page that frames the relay itself, with a ticket of its own, gets nothing through it', async ({ extension, webUi }) => {
  await extension.saveRule({ namespace: 'default', mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 });
  await extension.openWebUi(webUi.url + ORDER_42);
  expect(await extension.evaluateInWebUi<string[]>(fetchedEncodings(ORDER_44_HISTORY_API))).toEqual(['json/plain']);

  // The relay page's address for this session, as a page that somehow learnt it would use it.
  const dynamicId = await extension.evaluateInOptions<string>('chrome.runtime.dynamicId');
  const heard = await extension.evaluateInWebUi<unknown[]>(`(async () => {
    const nonce = '0'.repeat(32);
    const frame = document.createElement('iframe');
    frame.src = ${JSON.stringify(`chrome-extension://${dynamicId}/${RELAY_PAGE}`)} + '#' + nonce;
    document.body.append(frame);
    await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    const channel = new MessageChannel();
    const heard = [];
    channel.port1.onmessage = (event) => heard.push(event.data);
    frame.contentWindow.postMessage({ relayTicket: 'f'.repeat(32), nonce }, '*', [channel.port2]);
    // A batch as the page hook packs one (src/shared/messages/packed.ts), of a ciphertext this address's rule opens.
    const batch = JSON.stringify({ payloads: [${JSON.stringify(fixtureCiphertext())}], where: ['input'] });
    for (const wait of [0, 1000, 2000]) {
      await new Promise((resolve) => setTimeout(resolve, wait));
      channel.port1.postMessage({ id: 1, message: { type: 'decode', body: { namespace: 'default', batch } } });
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
    return heard;
  })()`);
  // The service worker did not know the ticket: it refused the channel, and says nothing of the batch.
  expect(heard).toEqual([{ relayReady: false }]);
});

test('the relay is up as soon as a page with rules loads, before the page has asked for anything', async ({ extension, webUi }) => {
  await extension.saveRule({ namespace: 'default', mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 });
  await evaluateInServiceWorker(extension, COUNT_CHANNEL_REPLIES);
  // The start form: nothing on it to decode.
  await extension.openWebUi(webUi.url + uiView('start workflow').path);
  await expect.poll(() => evaluateInServiceWorker<number>(extension, 'globalThis.channelsTaken')).toBe(1);
  expect(await evaluateInServiceWorker<number>(extension, 'globalThis.relayReplies')).toBe(0);
  await expect.poll(() => extension.evaluateInWebUi<boolean>(RELAY_IN_PAGE)).toBe(false);
});

test('the tab’s decoding goes to the service worker on the channel the relay handed over, with no frame left in the page', async ({ extension, webUi }) => {
  await extension.saveRule({ namespace: 'default', mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 });
  // The relay opens as the page loads, since it has rules here, rather than at its first answer (the test before);
  // once it is up, the next answer goes on the channel, and the frame has gone. Which of the page's own first answers
  // it carries depends on how soon the relay page loads: those before it go on the port.
  await evaluateInServiceWorker(extension, COUNT_CHANNEL_REPLIES);
  await extension.openWebUi(webUi.url + ORDER_42);
  await expect.poll(() => evaluateInServiceWorker<number>(extension, 'globalThis.channelsTaken')).toBeGreaterThan(0);
  expect(await answersUntilChannel(extension, [ORDER_44_HISTORY_API])).toBe(1);
  expect(await extension.evaluateInWebUi<boolean>(RELAY_IN_PAGE)).toBe(false);

  // A stopped service worker takes the channel with it: the tab decodes over its port again, then on a new channel.
  await extension.stopBackground();
  expect(await answersUntilChannel(extension, [bigHistoryPage(80), bigHistoryPage(100), bigHistoryPage(120)])).toBeDefined();
  expect(await extension.evaluateInWebUi<boolean>(RELAY_IN_PAGE)).toBe(false);
});
