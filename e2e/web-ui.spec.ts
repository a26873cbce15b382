/**
 * Every view of the fixture Web UI, decoded, in Chromium and Firefox; what must stay
 * untouched stays untouched; what the UI sends leaves encrypted; added origins work.
 */
import { canonical } from './support/expected';
import { decodePayloadProto, decryptBytes, startCodecServer, type PayloadJson } from './fixtures/codec-server';
import { FIXTURE_KEY_BASE64, FIXTURE_KEY_ID, fixtureKeyBytes } from '../test-data/test-data';
import { startUiServer } from './fixtures/ui-server';
import { UI_VIEWS, uiView } from './fixtures/ui-views';
import { clearUiCodecScript, setUiCodecScript } from './fixtures/ui-codec-setting';
import { NO_PLAN_SENTENCE } from '../src/content/hook/bridge-channel';
import { evaluateInServiceWorker } from './support/chromium-driver';
import { shownPayloads, type ExtensionDriver } from './support/driver';
import { ADDED_UI_HOST, ADDED_UI_ORIGIN, ADDED_UI_PORT, CODEC_ENDPOINT, expect, shareBrowserFromNoRules, test } from './support/test';

interface ShownView {
  payloads: Array<{ where: string; encoding: string; text: string }>;
  failures: Array<{ where: string; text: string }>;
  searchAttributes: Array<{ where: string; text: string }>;
}

const READ_VIEW = `(() => ({
  payloads: Array.from(document.querySelectorAll('pre.payload'), (el) => ({ where: el.dataset.where ?? '', encoding: el.dataset.encoding ?? '', text: el.textContent ?? '' })),
  failures: Array.from(document.querySelectorAll('.failure-message'), (el) => ({ where: el.dataset.where ?? '', text: el.textContent ?? '' })),
  searchAttributes: Array.from(document.querySelectorAll('pre.search-attribute'), (el) => ({ where: el.dataset.where ?? '', text: el.textContent ?? '' })),
}))()`;

const CHIP_TEXT = `document.querySelector('payload-lens-status')?.shadowRoot?.querySelector('button')?.textContent ?? ''`;

const ORDER_42 = uiView('order-42');

/**
 * Keeps the extension's background from answering for `ms`, as a machine under load can: Chromium's service worker
 * runs on a thread of its own; Firefox runs its background on the thread of every extension page.
 */
function keepBackgroundBusy(extension: ExtensionDriver, ms: number): Promise<unknown> {
  const loop = `(() => { const end = Date.now() + ${ms}; while (Date.now() < end); return true; })()`;
  return extension.browserName === 'chromium' ? evaluateInServiceWorker(extension, loop) : extension.evaluateInOptions(loop);
}
const text = (base64: string) => Buffer.from(base64, 'base64').toString('utf8');

test.describe('with a local key for default and payments', () => {
  // Nothing these tests do changes the settings or what the next one sees on a page it opens: they share a browser.
  test.use({ shareBrowser: 'web-ui: a local key for default and payments' });
  test.beforeEach(async ({ extension, freshBrowser }) => {
    if (!freshBrowser) return;
    for (const namespace of ['default', 'payments']) {
      await extension.saveRule({ namespace, mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 });
    }
  });

  test('every view shows every payload in plaintext, real failure messages, search attributes unchanged', async ({ extension, webUi }) => {
    for (const view of UI_VIEWS) {
      await extension.openWebUi(webUi.url + view.path);
      const shown = await extension.evaluateInWebUi<ShownView>(READ_VIEW);
      const byWhere = new Map(shown.payloads.map((p) => [p.where, p]));
      for (const expected of view.expected) {
        const payload = byWhere.get(expected.where);
        expect(payload, `${view.name}: ${expected.where}`).toBeDefined();
        expect(payload?.encoding, `${view.name}: ${expected.where}`).toBe('json/plain');
        expect(canonical(JSON.parse(payload!.text)), `${view.name}: ${expected.where}`).toBe(canonical(expected.plaintext));
      }
      expect(shown.payloads.filter((p) => p.encoding === 'binary/encrypted').map((p) => p.where), view.name).toEqual([]);
      for (const failure of view.expectedFailureMessages) {
        expect(shown.failures.find((f) => f.where === failure.where)?.text, `${view.name}: ${failure.where}`).toBe(failure.message);
      }
      expect(shown.failures.map((f) => f.text), view.name).not.toContain('Encoded failure');
      for (const attribute of view.searchAttributes) {
        expect(shown.searchAttributes.find((a) => a.where === attribute.where)?.text, `${view.name}: ${attribute.where}`).toBe(attribute.raw);
      }
    }
  });

  test('the status chip in the page says what was decoded', async ({ extension, webUi }) => {
    await extension.openWebUi(webUi.url + ORDER_42.path);
    await expect.poll(() => extension.evaluateInWebUi<string>(CHIP_TEXT)).toMatch(/^Payload Lens: [1-9]\d* decoded, 0 failed/);
  });

  test("beside the Web UI's own codec setting, payloads still show in plaintext", async ({ extension, webUi }) => {
    // The Web UI's codec server, set in its per-browser override; it passes through what it cannot decode.
    const uiCodec = await startCodecServer({ host: '127.0.0.1', port: 0 });
    try {
      await extension.openWebUi(webUi.url + ORDER_42.path);
      await extension.evaluateInWebUi(setUiCodecScript(uiCodec.url));
      await extension.openWebUi(webUi.url + ORDER_42.path);
      const shown = await extension.evaluateInWebUi<ShownView>(READ_VIEW);
      for (const expected of ORDER_42.expected) {
        const payload = shown.payloads.find((p) => p.where === expected.where);
        expect(payload?.encoding, expected.where).toBe('json/plain');
        expect(canonical(JSON.parse(payload!.text)), expected.where).toBe(canonical(expected.plaintext));
      }
      // Every container the UI asked its codec about held only payloads the extension had decoded: none left the page.
      expect(uiCodec.requests).toEqual([]);
    } finally {
      await extension.evaluateInWebUi(clearUiCodecScript()).catch(() => undefined);
      await uiCodec.close();
    }
  });

  test('the page hook is in place before the page runs its first script', async ({ extension, webUi }) => {
    await extension.openWebUi(webUi.url + ORDER_42.path);
    const wrapped = await extension.evaluateInWebUi<{ fetch?: string; xhr?: string }>(
      '({ fetch: document.documentElement.dataset.fetchWrappedAtStart, xhr: document.documentElement.dataset.xhrWrappedAtStart })',
    );
    expect(wrapped).toEqual({ fetch: 'true', xhr: 'true' });
  });

  test('a namespace without a rule is left alone: the hook does not even read its answers', async ({ extension, webUi }) => {
    await extension.openWebUi(webUi.url + ORDER_42.path);
    // Count reads of API answers as text from now on: the hook reads an answer so, the page here with json().
    const reads = await extension.evaluateInWebUi<{ withRule: number; withoutRule: number }>(`(async () => {
      let texts = 0;
      const text = Response.prototype.text;
      Response.prototype.text = function () { texts++; return text.call(this); };
      const count = async (path) => { const before = texts; await (await fetch(path)).json(); return texts - before; };
      const withRule = await count('/api/v1/namespaces/default/workflows/order-42?execution.runId=457c136e-cb78-4ac3-abc6-62352d40e66e');
      const withoutRule = await count('/api/v1/namespaces/billing/workflows/order-42?execution.runId=457c136e-cb78-4ac3-abc6-62352d40e66e');
      Response.prototype.text = text;
      return { withRule, withoutRule };
    })()`);
    expect(reads).toEqual({ withRule: 1, withoutRule: 0 });
  });

  test('behind a <base> element, a relative API call by fetch or XMLHttpRequest is decoded as the browser resolves it', async ({ extension, webUi }) => {
    await extension.openWebUi(webUi.url + ORDER_42.path);
    // The Web UI calls the API by absolute address; a page that sets a <base> at the API's root need not.
    const encrypted = await extension.evaluateInWebUi<{ fetch: boolean; xhr: boolean; path: string }>(`(async () => {
      const base = document.createElement('base');
      base.href = '/api/v1/';
      document.head.prepend(base);
      const relative = 'namespaces/default/workflows/order-42?execution.runId=457c136e-cb78-4ac3-abc6-62352d40e66e';
      const stillEncrypted = (text) => text.includes(btoa('binary/encrypted'));
      const viaFetch = await (await fetch(relative)).text();
      const viaXhr = await new Promise((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.open('GET', relative);
        xhr.onload = () => resolve(xhr.responseText);
        xhr.onerror = () => reject(new Error('XHR failed'));
        xhr.send();
      });
      const path = new URL(relative, document.baseURI).pathname;
      base.remove();
      return { fetch: stillEncrypted(viaFetch), xhr: stillEncrypted(viaXhr), path };
    })()`);
    expect(encrypted).toEqual({ fetch: false, xhr: false, path: '/api/v1/namespaces/default/workflows/order-42' });
  });

  test('a workflow started from the UI reaches the API with its input encrypted', async ({ extension, webUi }) => {
    await extension.openWebUi(`${webUi.url}/namespaces/default/workflows/start`);
    const typed = '{"orderId":"order-77","note":"typed in the form"}';
    await extension.fillWebUi('Workflow ID', 'order-77');
    await extension.fillWebUi('Input', typed);
    await extension.clickWebUi('Start workflow');
    await expect.poll(() => webUi.startedWorkflows.length).toBe(1);

    const body = webUi.startedWorkflows[0]!.body as { input: { payloads: PayloadJson[] } };
    const [payload] = body.input.payloads;
    expect(text(payload!.metadata!['encoding']!)).toBe('binary/encrypted');
    expect(text(payload!.metadata!['encryption-key-id']!)).toBe(FIXTURE_KEY_ID);
    const inner = decodePayloadProto(decryptBytes(fixtureKeyBytes(), Buffer.from(payload!.data!, 'base64')));
    expect(Buffer.from(inner.metadata.get('encoding')!).toString()).toBe('json/plain');
    expect(Buffer.from(inner.data).toString()).toBe(typed);
  });

  test('a write sent where it cannot be encoded (a synchronous XHR, one answered as binary) is refused, not sent in plaintext', async ({ extension, webUi }) => {
    await extension.openWebUi(`${webUi.url}/namespaces/default/workflows/start`);
    // The Web UI makes neither; a script on the page could.
    const outcomes = await extension.evaluateInWebUi<string[]>(`(async () => {
      const body = (id) => JSON.stringify({ workflowId: id, input: { payloads: [{ metadata: { encoding: btoa('json/plain') }, data: btoa('"not for Temporal"') }] } });
      const sync = new XMLHttpRequest();
      sync.open('POST', '/api/v1/namespaces/default/workflows/sync-1', false);
      let first;
      try { sync.send(body('sync-1')); first = 'sent ' + sync.status; } catch (error) { first = error.message; }
      const binary = new XMLHttpRequest();
      binary.open('POST', '/api/v1/namespaces/default/workflows/binary-1');
      binary.responseType = 'arraybuffer';
      const second = await new Promise((resolve) => {
        binary.onload = () => resolve('sent ' + binary.status);
        binary.onerror = () => resolve('error');
        binary.send(body('binary-1'));
      });
      return [first, second];
    })()`);
    expect(outcomes[0]).toMatch(/^Payload Lens did not send this request/);
    expect(outcomes[1]).toBe('error');
    expect(webUi.startedWorkflows).toEqual([]);
    expect(webUi.requests.filter((r) => /sync-1|binary-1/.test(r.path))).toEqual([]);
  });

  test('a start sent while the extension does not answer is refused, not sent in plaintext, and goes encoded once it answers', async ({ extension, webUi }) => {
    await extension.openWebUi(`${webUi.url}/namespaces/default/workflows/start`);
    await extension.fillWebUi('Workflow ID', 'order-79');
    // The start is the page's first call in this namespace: the hook has to ask what to do with it.
    const busy = keepBackgroundBusy(extension, 8000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await extension.clickWebUi('Start workflow');
    const shown = () => extension.evaluateInWebUi<string>(`document.querySelector('#start-result')?.textContent ?? ''`);
    await expect.poll(shown, { timeout: 7000 }).toContain(`Payload Lens did not send this request: ${NO_PLAN_SENTENCE}`);
    expect(webUi.startedWorkflows).toHaveLength(0);

    await busy;
    await extension.clickWebUi('Start workflow');
    await expect.poll(() => webUi.startedWorkflows.length).toBe(1);
    const [payload] = (webUi.startedWorkflows[0]!.body as { input: { payloads: PayloadJson[] } }).input.payloads;
    expect(text(payload!.metadata!['encoding']!)).toBe('binary/encrypted');
  });
});

test('a Web UI address the user adds works once allowed, stops while its access is withdrawn, is allowed again from its row, and stops when removed', async ({ extension }) => {
  expect(await extension.saveRule({ namespace: 'default', mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 })).toContain('Saved');
  const added = await startUiServer({ host: ADDED_UI_HOST, port: ADDED_UI_PORT });
  try {
    const page = ADDED_UI_ORIGIN + ORDER_42.path;
    const encodings = async () => (await shownPayloads(extension)).map((p) => p.encoding);

    await extension.openWebUi(page);
    expect(new Set(await encodings())).toEqual(new Set(['binary/encrypted']));

    expect(await extension.addUiOrigin(ADDED_UI_ORIGIN)).toContain(`Added ${ADDED_UI_ORIGIN}`);
    // Enabled, but no rule applies there yet: the rules of the other address do not follow it.
    await extension.openWebUi(page);
    expect(new Set(await encodings())).toEqual(new Set(['binary/encrypted']));

    expect(await extension.saveRule({ namespace: 'default', addresses: [ADDED_UI_ORIGIN], mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 })).toContain('Saved');
    // The keyboard stays with the form, now empty for the next rule.
    expect(await extension.evaluateInOptions<string>('document.activeElement?.textContent')).toBe('Add a rule');
    await extension.openWebUi(page);
    expect(new Set(await encodings())).toEqual(new Set(['json/plain']));

    // Access withdrawn in the browser's settings: the address says so, and its page is left as it is.
    await extension.revokeHostAccess(ADDED_UI_ORIGIN);
    await expect.poll(() => extension.optionsText(), { timeout: 10_000 }).toMatch(new RegExp(`${ADDED_UI_ORIGIN.replaceAll('.', '\\.')}\\s+access withdrawn in the browser\\s+Allow access again`));
    await extension.openWebUi(page);
    expect(new Set(await encodings())).toEqual(new Set(['binary/encrypted']));
    // Allowed again from its row; Firefox's profile answers the browser's request "Allow". Headless Chromium shows
    // that request where no one can answer it, so there the driver grants the access as the browser's settings do
    // (its grant removes the button before a click could reach it), and the row follows.
    if (extension.browserName === 'chromium') await extension.grantHostAccess(`${ADDED_UI_ORIGIN}/*`);
    else {
      expect(await extension.clickInOptions('Allow access again')).toBe(`Allowed ${ADDED_UI_ORIGIN} again: reload its tabs.`);
      // The button goes with the warning: the keyboard waits at the list's heading.
      expect(await extension.evaluateInOptions<string>('document.activeElement?.textContent')).toBe('Web UI addresses');
    }
    await expect.poll(() => extension.optionsText(), { timeout: 10_000 }).not.toContain('access withdrawn');
    await extension.openWebUi(page);
    expect(new Set(await encodings())).toEqual(new Set(['json/plain']));

    expect(await extension.removeUiOrigin(ADDED_UI_ORIGIN)).toContain(`Removed ${ADDED_UI_ORIGIN}`);
    // The button pressed is gone: the keyboard is back at the list's heading.
    expect(await extension.evaluateInOptions<string>('document.activeElement?.textContent')).toBe('Web UI addresses');
    await extension.openWebUi(page);
    expect(new Set(await encodings())).toEqual(new Set(['binary/encrypted']));
  } finally {
    await added.close();
  }
});

test.describe('from no rules, a rule through the codec server each', () => {
  // Each saves its own rule and sets the codec server's behaviour (reset before every test): they share a browser.
  shareBrowserFromNoRules('web-ui: from no rules');

  test('a start the codec server refuses to encode is not sent, and the UI says why', async ({ extension, webUi, codec }) => {
    // Enough to read (decode) but not to write (encode).
    const token = await codec.mintToken({ permissions: ['default:read'] });
    await extension.saveRule({ namespace: 'default', mode: 'remote', endpoint: CODEC_ENDPOINT, accessToken: token });
    await extension.openWebUi(`${webUi.url}/namespaces/default/workflows/start`);
    await extension.fillWebUi('Workflow ID', 'order-78');
    await extension.clickWebUi('Start workflow');

    const shown = () => extension.evaluateInWebUi<string>(`document.querySelector('#start-result')?.textContent ?? ''`);
    await expect.poll(shown).toMatch(/Payload Lens did not send this request: The codec server refused the access token \(401\)/);
    expect(codec.requests.some((r) => r.path.endsWith('/encode') && r.status === 401)).toBe(true);
    expect(webUi.startedWorkflows).toHaveLength(0);
  });

  test('a start the codec server hands back unencoded is not sent, and the UI says why', async ({ extension, webUi, codec }) => {
    const token = await codec.mintToken({ permissions: ['default:write'] });
    await extension.saveRule({ namespace: 'default', mode: 'remote', endpoint: CODEC_ENDPOINT, accessToken: token });
    // As a codec server answers for a namespace it has no codec for.
    codec.setBehaviour({ fault: 'unchanged' });
    await extension.openWebUi(`${webUi.url}/namespaces/default/workflows/start`);
    await extension.fillWebUi('Workflow ID', 'order-79');
    await extension.clickWebUi('Start workflow');

    const shown = () => extension.evaluateInWebUi<string>(`document.querySelector('#start-result')?.textContent ?? ''`);
    await expect.poll(shown).toMatch(/Payload Lens did not send this request: The codec server gave this payload back unencoded, so it was not sent/);
    expect(codec.requests.some((r) => r.path.endsWith('/encode') && r.status === 200)).toBe(true);
    expect(webUi.startedWorkflows).toHaveLength(0);
  });

  test('history and history-reverse fetched together cost one decode of each payload', async ({ extension, webUi, codec }) => {
    const token = await codec.mintToken({ permissions: ['default:read'] });
    await extension.saveRule({ namespace: 'default', mode: 'remote', endpoint: CODEC_ENDPOINT, accessToken: token });
    await extension.openWebUi(webUi.url + ORDER_42.path);

    const shown = await shownPayloads(extension);
    expect(shown.length).toBeGreaterThan(0);
    expect(new Set(shown.map((p) => p.encoding))).toEqual(new Set(['json/plain']));
    // Both directions were fetched; every encrypted payload of the page went to the codec server once.
    expect(webUi.requests.some((r) => r.path.endsWith('/history'))).toBe(true);
    expect(webUi.requests.some((r) => r.path.endsWith('/history-reverse'))).toBe(true);
    const sent = codec.requests.filter((r) => r.path.endsWith('/decode')).reduce((sum, r) => sum + (r.payloadCount ?? 0), 0);
    expect(sent).toBe(await distinctEncryptedPayloads(webUi.url, webUi.requests));
  });
});

/** The distinct encrypted payloads in the answers the page received, fetched again from the fixture server. */
async function distinctEncryptedPayloads(base: string, requests: Array<{ method: string; path: string; query: string; body: unknown }>): Promise<number> {
  const seen = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (typeof value !== 'object' || value === null) return;
    const { metadata, data } = value as { metadata?: Record<string, string>; data?: string };
    if (metadata?.encoding && text(metadata.encoding) === 'binary/encrypted' && data) seen.add(data);
    else for (const [key, child] of Object.entries(value)) if (key !== 'searchAttributes') visit(child);
  };
  for (const request of requests.filter((r) => r.path.startsWith('/api/v1/namespaces/'))) {
    const init: RequestInit = request.method === 'GET' ? {} : { method: request.method, body: JSON.stringify(request.body ?? {}) };
    const answer = await fetch(base + request.path + request.query, init);
    if (answer.ok) visit(await answer.json());
  }
  return seen.size;
}
