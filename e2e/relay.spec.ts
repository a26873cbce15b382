/**
 * The relay (src/shared/messages/relay.ts), in Chromium, whose tabs send their decode requests through it: a page
 * that frames the relay page itself gets nothing through it, and a page that removes the relay its bridge framed
 * still gets its payloads decoded, over the bridge's port.
 */
import { FIXTURE_KEY_BASE64, FIXTURE_KEY_ID } from '../test-data/test-data';
import { RELAY_OPEN_TIMEOUT_MS } from '../src/content/bridge/relay-frame';
import { RELAY_PAGE } from '../src/shared/pages';
import { E2E_HISTORY_EVENTS, bigHistoryWorkflowId } from './fixtures/big-history';
import { uiView } from './fixtures/ui-views';
import { fixtureCiphertext } from './support/expected';
import { evaluateInWebUiFrame } from './support/chromium-driver';
import { expect, test } from './support/test';

const ORDER_42 = uiView('order-42').path;
const RELAY_IN_PAGE = `document.querySelector('payload-lens-relay') !== null`;
/**
 * Answers the page has not loaded yet: the hook answers payloads it already decoded for the page itself, without the
 * relay or the port.
 */
const ORDER_44_HISTORY_API = '/api/v1/namespaces/default/workflows/order-44/history';
const BIG_HISTORY_PAGE_API = `/api/v1/namespaces/default/workflows/${bigHistoryWorkflowId(E2E_HISTORY_EVENTS)}/history?maximumPageSize=20`;

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

test.beforeEach(({ extension }) => {
  test.skip(extension.browserName !== 'chromium', 'Firefox’s tabs reach the background over their port alone: it has no relay.');
});

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
  // The relay asked the service worker, which did not know the ticket: it serves nobody, and says nothing of the batch.
  expect(heard).toEqual([{ relayReady: false }]);
});

test('the tab’s decoding goes through the relay, and still works over the port once the page removes it', async ({ extension, webUi }) => {
  await extension.saveRule({ namespace: 'default', mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 });
  // The first decode opens the relay.
  await extension.openWebUi(webUi.url + ORDER_42);
  expect(await extension.evaluateInWebUi<boolean>(RELAY_IN_PAGE)).toBe(true);
  // A relay that does not come up in time, or fails a request, is taken out of the page.
  await new Promise((resolve) => setTimeout(resolve, RELAY_OPEN_TIMEOUT_MS + 1000));
  expect(await extension.evaluateInWebUi<boolean>(RELAY_IN_PAGE)).toBe(true);
  // Counted inside the relay frame: what it posts to the service worker.
  await evaluateInWebUiFrame(extension, RELAY_PAGE, `(() => {
    const post = ServiceWorker.prototype.postMessage;
    globalThis.posted = 0;
    ServiceWorker.prototype.postMessage = function (...args) { globalThis.posted++; return post.apply(this, args); };
  })()`);
  expect(await extension.evaluateInWebUi<string[]>(fetchedEncodings(ORDER_44_HISTORY_API))).toEqual(['json/plain']);
  expect(await evaluateInWebUiFrame<number>(extension, RELAY_PAGE, 'globalThis.posted')).toBeGreaterThan(0);

  await extension.evaluateInWebUi(`document.querySelector('payload-lens-relay').remove()`);
  expect(await extension.evaluateInWebUi<string[]>(fetchedEncodings(BIG_HISTORY_PAGE_API))).toEqual(['json/plain']);
});
