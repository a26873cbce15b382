/**
 * The relay (src/shared/messages/relay.ts), in Chromium, whose tabs send their decode requests through it: a page
 * that frames the relay page itself gets nothing decoded through it, and a page that removes the relay its bridge
 * framed still gets its payloads decoded, over the bridge's port.
 */
import { FIXTURE_KEY_BASE64, FIXTURE_KEY_ID } from '../test-data/test-data';
import { RELAY_PAGE } from '../src/shared/pages';
import { uiView } from './fixtures/ui-views';
import { fixtureCiphertext } from './support/expected';
import { expect, test } from './support/test';

const ORDER_42 = uiView('order-42').path;
const ORDER_42_API = '/api/v1/namespaces/default/workflows/order-42?execution.runId=457c136e-cb78-4ac3-abc6-62352d40e66e';

/** In the page: the encodings of order-42's payloads, fetched as the Web UI fetches them. */
const FETCHED_ENCODINGS = `(async () => {
  const answer = await (await fetch(${JSON.stringify(ORDER_42_API)})).json();
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

test('a page that frames the relay itself, with a ticket of its own, gets nothing decoded through it', async ({ extension, webUi }) => {
  await extension.saveRule({ namespace: 'default', mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 });
  await extension.openWebUi(webUi.url + ORDER_42);
  expect(await extension.evaluateInWebUi<string[]>(FETCHED_ENCODINGS)).toEqual(['json/plain']);

  // The relay page's address for this session, as a page that somehow learnt it would use it.
  const dynamicId = await extension.evaluateInOptions<string>('chrome.runtime.dynamicId');
  const heard = await extension.evaluateInWebUi<unknown[]>(`(async () => {
    const frame = document.createElement('iframe');
    frame.src = ${JSON.stringify(`chrome-extension://${dynamicId}/${RELAY_PAGE}`)};
    document.body.append(frame);
    await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    const channel = new MessageChannel();
    const heard = [];
    const answered = new Promise((resolve) => {
      channel.port1.onmessage = (event) => {
        heard.push(event.data);
        if (event.data?.id === 1) resolve();
      };
    });
    frame.contentWindow.postMessage({ relayTicket: 'f'.repeat(32) }, '*', [channel.port2]);
    // A batch as the page hook packs one (src/shared/messages/packed.ts), of a ciphertext this address's rule opens.
    const batch = JSON.stringify({ payloads: [${JSON.stringify(fixtureCiphertext())}], where: ['input'] });
    channel.port1.postMessage({ id: 1, message: { type: 'decode', body: { namespace: 'default', batch } } });
    await Promise.race([answered, new Promise((resolve) => setTimeout(resolve, 5000))]);
    return heard;
  })()`);
  expect(heard).toEqual([{ relayReady: true }, { id: 1, reply: undefined }]);
});

test('a page that removes the relay still gets its payloads decoded', async ({ extension, webUi }) => {
  await extension.saveRule({ namespace: 'default', mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 });
  await extension.openWebUi(webUi.url + ORDER_42);
  // The relay is up once its frame is there.
  await expect.poll(() => extension.evaluateInWebUi<boolean>(`document.querySelector('payload-lens-relay') !== null`)).toBe(true);
  expect(await extension.evaluateInWebUi<string[]>(FETCHED_ENCODINGS)).toEqual(['json/plain']);
  await extension.evaluateInWebUi(`document.querySelector('payload-lens-relay').remove()`);
  expect(await extension.evaluateInWebUi<string[]>(FETCHED_ENCODINGS)).toEqual(['json/plain']);
});
