import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeBase64Text } from '../../core/base64';
import type { Payload } from '../../core/payload';
import type { EncodeOutcome } from '../../shared/messages/window';
import { INERT, type BridgeChannel, type NamespacePlan } from './bridge-channel';
import { hookXhr } from './xhr-hook';

const ORIGIN = 'http://localhost:8233';
const HISTORY_URL = `${ORIGIN}/api/v1/namespaces/default/workflows/order-42/history`;
const OTHER_HISTORY_URL = `${ORIGIN}/api/v1/namespaces/default/workflows/order-43/history`;
const START_URL = `${ORIGIN}/api/v1/namespaces/default/workflows/w`;
const encrypted: Payload = { metadata: { encoding: encodeBase64Text('binary/encrypted') }, data: 'c2VjcmV0' };
const plain: Payload = { metadata: { encoding: encodeBase64Text('json/plain') }, data: encodeBase64Text('{"n":1}') };
const historyOf = (payload: Payload) => ({ history: { events: [{ eventId: '1', input: { payloads: [payload] } }] } });

// Node has neither: the hook uses them as a page's world provides them.
beforeAll(() => {
  vi.stubGlobal(
    'ProgressEvent',
    class extends Event {
      readonly loaded: number;
      readonly total: number;
      constructor(type: string, init: ProgressEventInit = {}) {
        super(type);
        this.loaded = init.loaded ?? 0;
        this.total = init.total ?? 0;
      }
    },
  );
  vi.stubGlobal(
    'Document',
    class {
      readonly nodeType = 9;
    },
  );
});
afterAll(() => vi.unstubAllGlobals());

interface Reached {
  method: string;
  url: string;
  async: boolean;
  body: unknown;
  aborted: boolean;
}

/** The browser's own XMLHttpRequest, as far as a page and the hook use it: what reaches it is recorded, and the test plays its answer. */
function fakeXhrClass() {
  const reached: Reached[] = [];
  class FakeXhr extends EventTarget {
    responseType: XMLHttpRequestResponseType = '';
    timeout = 0;
    withCredentials = false;
    #readyState = 0;
    #status = 0;
    #text = '';
    #request: Reached | undefined;
    get readyState() {
      return this.#readyState;
    }
    get status() {
      return this.#status;
    }
    get responseText() {
      return this.#text;
    }
    get response() {
      return this.responseType === 'json' ? JSON.parse(this.#text) : this.#text;
    }
    getResponseHeader(): string | null {
      return null;
    }
    open(method: string, url: string | URL, async = true) {
      this.#request = { method, url: String(url), async, body: undefined, aborted: false };
      this.#readyState = 1;
    }
    setRequestHeader() {}
    send(body?: unknown) {
      this.#request!.body = body;
      reached.push(this.#request!);
    }
    abort() {
      this.#request!.aborted = true;
    }
    /** The network's answer to what was sent. */
    answer(status: number, text: string) {
      [this.#status, this.#text, this.#readyState] = [status, text, 4];
      for (const type of ['readystatechange', 'load', 'loadend']) this.dispatchEvent(new Event(type));
    }
  }
  return { FakeXhr, reached };
}

interface Sent {
  url: string;
  method: string;
  headers: Headers;
  body: string | null;
  credentials: RequestCredentials | undefined;
}

/** The page's window: its own XMLHttpRequest and fetch, whose answers each test chooses. */
function fakePage() {
  const { FakeXhr, reached } = fakeXhrClass();
  const sent: Sent[] = [];
  const network = {
    sent,
    answer: (_request: Sent, _signal: AbortSignal): Promise<Response> => Promise.resolve(json(historyOf(encrypted))),
  };
  const page = {
    document: { baseURI: `${ORIGIN}/namespaces/default/workflows/order-42/history` },
    XMLHttpRequest: FakeXhr,
    async fetch(input: RequestInfo | URL, init: RequestInit = {}) {
      const request: Sent = { url: String(input), method: init.method ?? 'GET', headers: new Headers(init.headers), body: typeof init.body === 'string' ? init.body : null, credentials: init.credentials };
      sent.push(request);
      const response = await network.answer(request, init.signal!);
      Object.defineProperty(response, 'url', { value: request.url });
      return response;
    },
  } as unknown as Window & typeof globalThis;
  const open = () => new page.XMLHttpRequest() as XMLHttpRequest & { answer(status: number, text: string): void };
  return { page, network, reached, open };
}

const json = (body: unknown, init: ResponseInit = {}) =>
  new Response(JSON.stringify(body), { status: 200, statusText: 'OK', ...init, headers: { 'content-type': 'application/json', 'content-length': '999', 'x-request-id': 'r-1', ...init.headers } });

/** An answer that never comes unless the request is aborted, as fetch rejects then. */
const pendingUntilAborted = (_request: Sent, signal: AbortSignal) => new Promise<Response>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));

function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((settle) => (resolve = settle));
  return { promise, resolve };
}

/** A bridge that decodes every payload to `plain` and encodes every payload to `encrypted`, or refuses to encode. */
function fakeChannel(plans: Record<string, NamespacePlan>, behaviour: { encode?: 'ok' | 'fail'; planKnown?: boolean } = {}) {
  const asked: Array<{ type: string; namespace: string; payloads: Payload[] }> = [];
  const planOf = (namespace: string) => plans[namespace] ?? INERT;
  const channel: BridgeChannel = {
    plan: async (namespace) => planOf(namespace),
    knownPlan: (namespace) => (behaviour.planKnown === false ? undefined : planOf(namespace)),
    async decode(namespace, payloads) {
      asked.push({ type: 'decode', namespace, payloads });
      return payloads.map(() => plain);
    },
    async encode(namespace, payloads): Promise<EncodeOutcome[]> {
      asked.push({ type: 'encode', namespace, payloads });
      return behaviour.encode === 'fail' ? payloads.map(() => ({ ok: false, sentence: 'The codec server refused the access token (401).' })) : payloads.map(() => ({ ok: true, payload: encrypted }));
    },
  };
  return { channel, asked };
}

const DECODE: NamespacePlan = { decode: true, encode: false, privateView: false, payloadsPerRequest: 0 };
const ENCODE: NamespacePlan = { decode: false, encode: true, privateView: false, payloadsPerRequest: 0 };

/** What the page's listeners see, in order, with the readyState at each readystatechange. */
function listen(xhr: XMLHttpRequest) {
  const events: string[] = [];
  for (const type of ['readystatechange', 'load', 'loadend', 'abort', 'error', 'timeout']) {
    xhr.addEventListener(type, () => events.push(type === 'readystatechange' ? `readystatechange ${xhr.readyState}` : type));
  }
  const ended = new Promise((resolve) => xhr.addEventListener('loadend', resolve));
  return { events, ended };
}

const COMPLETED = ['readystatechange 2', 'readystatechange 3', 'readystatechange 4', 'load', 'loadend'];
const firstPayload = (text: string) => (JSON.parse(text) as ReturnType<typeof historyOf>).history.events[0]!.input.payloads[0];
/** Lets every step already under way finish (each is a promise continuation). */
const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the page hook on XMLHttpRequest', () => {
  it('takes over an API call of a decoded namespace and plays the decoded answer on the page’s object', async () => {
    const { page, network, reached, open } = fakePage();
    hookXhr(page, fakeChannel({ default: DECODE }).channel);
    const xhr = open();
    const { events, ended } = listen(xhr);
    xhr.open('GET', HISTORY_URL);
    xhr.setRequestHeader('X-CSRF-Token', 'csrf-1');
    xhr.withCredentials = true;
    xhr.send();
    await ended;

    expect(events).toEqual(COMPLETED);
    expect(xhr.status).toBe(200);
    expect(xhr.statusText).toBe('OK');
    expect(xhr.responseURL).toBe(HISTORY_URL);
    expect(xhr.getResponseHeader('x-request-id')).toBe('r-1');
    // The body is not the one the server measured.
    expect(xhr.getResponseHeader('content-length')).toBeNull();
    expect(xhr.getAllResponseHeaders()).toContain('content-type: application/json\r\n');
    expect(firstPayload(xhr.responseText)).toEqual(plain);
    expect(xhr.response).toBe(xhr.responseText);
    // Sent once, by the page's fetch, as the page asked; the real XHR never sent it.
    expect(reached).toEqual([]);
    expect(network.sent).toHaveLength(1);
    expect(network.sent[0]).toMatchObject({ url: HISTORY_URL, method: 'GET', body: null, credentials: 'include' });
    expect(network.sent[0]!.headers.get('x-csrf-token')).toBe('csrf-1');
  });

  it('gives a page that asked for JSON the decoded answer parsed', async () => {
    const { page, open } = fakePage();
    hookXhr(page, fakeChannel({ default: DECODE }).channel);
    const xhr = open();
    const { ended } = listen(xhr);
    xhr.open('GET', HISTORY_URL);
    xhr.responseType = 'json';
    xhr.send();
    await ended;
    expect((xhr.response as ReturnType<typeof historyOf>).history.events[0]!.input.payloads[0]).toEqual(plain);
  });

  it('resolves a relative address against the document’s base URL, as the browser does', async () => {
    const { page, network, open } = fakePage();
    // A <base> element at the API's root: resolved against the page's own address, this would be no API call.
    Object.assign(page, { location: { href: `${ORIGIN}/namespaces/default/workflows/order-42/history` }, document: { baseURI: `${ORIGIN}/api/v1/` } });
    const { channel, asked } = fakeChannel({ default: DECODE });
    hookXhr(page, channel);
    const xhr = open();
    const { ended } = listen(xhr);
    xhr.open('GET', 'namespaces/default/workflows/order-42/history');
    xhr.send();
    // Taken over, the call leaves through the page's fetch for the address the browser would have resolved.
    await vi.waitFor(() => expect(network.sent.map((request) => request.url)).toEqual([HISTORY_URL]));
    await ended;
    expect(asked.map((a) => a.type)).toEqual(['decode']);
    expect(firstPayload(xhr.responseText)).toEqual(plain);
  });

  it('leaves to the real XHR, untouched, whatever is not an API call of a namespace with work to do', async () => {
    const { page, network, reached, open } = fakePage();
    const { channel, asked } = fakeChannel({ default: DECODE, payments: INERT });
    hookXhr(page, channel);
    const calls: Array<[string, string, boolean, XMLHttpRequestResponseType]> = [
      ['GET', `${ORIGIN}/settings.json`, true, ''],
      ['POST', `${ORIGIN}/api/v1/namespaces/payments/workflows/w`, true, ''],
      ['GET', HISTORY_URL, false, ''],
      ['GET', HISTORY_URL, true, 'blob'],
    ];
    for (const [method, url, async, responseType] of calls) {
      const xhr = open();
      xhr.open(method, url, async);
      xhr.responseType = responseType;
      xhr.send(method === 'POST' ? '{"input":{}}' : null);
      // The browser's own answer reaches the page as it came.
      const { events } = listen(xhr);
      xhr.answer(200, '{"original":true}');
      expect(events).toEqual(['readystatechange 4', 'load', 'loadend']);
      expect(xhr.responseText).toBe('{"original":true}');
    }
    await settled();
    expect(reached.map(({ method, url, async, body }) => [method, url, async, body])).toEqual(calls.map(([method, url, async]) => [method, url, async, method === 'POST' ? '{"input":{}}' : null]));
    expect(network.sent).toEqual([]);
    expect(asked).toEqual([]);
  });

  it('holds a send until the bridge says what to do with the namespace, then sends it as the page would have', async () => {
    const { page, network, reached, open } = fakePage();
    const plans = { default: deferred<NamespacePlan>(), payments: deferred<NamespacePlan>() };
    hookXhr(page, {
      ...fakeChannel({}).channel,
      knownPlan: () => undefined,
      plan: (namespace) => plans[namespace as keyof typeof plans].promise,
    });

    const inert = open();
    inert.open('POST', `${ORIGIN}/api/v1/namespaces/payments/workflows/w/signal/s`);
    inert.send('{"signalName":"s"}');
    const decoded = open();
    const { events, ended } = listen(decoded);
    decoded.open('GET', HISTORY_URL);
    decoded.send();
    await settled();
    expect(reached).toEqual([]);
    expect(network.sent).toEqual([]);

    plans.payments.resolve(INERT);
    await settled();
    expect(reached).toMatchObject([{ method: 'POST', body: '{"signalName":"s"}' }]);

    plans.default.resolve(DECODE);
    await ended;
    expect(events).toEqual(COMPLETED);
    expect(firstPayload(decoded.responseText)).toEqual(plain);
    expect(reached).toHaveLength(1);
  });

  it('gives abort and loadend, and no load, when the page aborts a taken-over call', async () => {
    const { page, network, open } = fakePage();
    network.answer = pendingUntilAborted;
    hookXhr(page, fakeChannel({ default: DECODE }).channel);
    const xhr = open();
    const { events, ended } = listen(xhr);
    xhr.open('GET', HISTORY_URL);
    xhr.send();
    await vi.waitFor(() => expect(network.sent).toHaveLength(1));
    xhr.abort();
    await ended;
    expect(events).toEqual(['readystatechange 4', 'abort', 'loadend']);
    expect([xhr.status, xhr.responseText]).toEqual([0, '']);
  });

  it('gives abort and loadend when the page aborts a call held for the bridge, and sends nothing', async () => {
    const { page, network, reached, open } = fakePage();
    const plan = deferred<NamespacePlan>();
    hookXhr(page, { ...fakeChannel({}).channel, knownPlan: () => undefined, plan: () => plan.promise });
    const xhr = open();
    const { events, ended } = listen(xhr);
    xhr.open('GET', HISTORY_URL);
    xhr.send();
    xhr.abort();
    plan.resolve(DECODE);
    await ended;
    expect(events).toEqual(['readystatechange 4', 'abort', 'loadend']);
    expect(network.sent).toEqual([]);
    expect(reached).toEqual([]);
  });

  it('silences the earlier run when the page opens the object again mid-takeover', async () => {
    const { page, network, open } = fakePage();
    const late = deferred<Response>();
    // The first answer arrives only after the page has moved on; the second at once.
    network.answer = (request) => (request.url === HISTORY_URL ? late.promise : Promise.resolve(json(historyOf({ ...encrypted, data: 'bmV3ZXI=' }))));
    const { channel, asked } = fakeChannel({ default: DECODE });
    hookXhr(page, channel);
    const xhr = open();
    const { events, ended } = listen(xhr);
    xhr.open('GET', HISTORY_URL);
    xhr.send();
    await vi.waitFor(() => expect(network.sent).toHaveLength(1));

    xhr.open('GET', OTHER_HISTORY_URL);
    expect(xhr.readyState).toBe(1);
    xhr.send();
    await ended;
    expect(events).toEqual(COMPLETED);
    expect(xhr.responseURL).toBe(OTHER_HISTORY_URL);
    const second = xhr.responseText;

    late.resolve(json(historyOf(encrypted)));
    // Read and decoded, the late answer would now be played on the object; it is not.
    await vi.waitFor(() => expect(asked).toHaveLength(2));
    await settled();
    expect(events).toEqual(COMPLETED);
    expect(xhr.responseURL).toBe(OTHER_HISTORY_URL);
    expect(xhr.responseText).toBe(second);
  });

  it('gives timeout and loadend, and no load, when the page’s timeout passes', async () => {
    const { page, network, open } = fakePage();
    network.answer = pendingUntilAborted;
    hookXhr(page, fakeChannel({ default: DECODE }).channel);
    const xhr = open();
    const { events, ended } = listen(xhr);
    xhr.open('GET', HISTORY_URL);
    xhr.timeout = 1;
    xhr.send();
    await ended;
    expect(events).toEqual(['readystatechange 4', 'timeout', 'loadend']);
  });

  it('encodes the payloads of what the page sends before it leaves', async () => {
    const { page, network, reached, open } = fakePage();
    network.answer = async () => json({ runId: 'r' });
    hookXhr(page, fakeChannel({ default: ENCODE }).channel);
    const xhr = open();
    const { events, ended } = listen(xhr);
    xhr.open('POST', START_URL);
    xhr.send(JSON.stringify({ workflowId: 'w', input: { payloads: [plain] } }));
    await ended;
    expect(events).toEqual(COMPLETED);
    expect(JSON.parse(network.sent[0]!.body!).input.payloads[0]).toEqual(encrypted);
    expect(JSON.parse(xhr.responseText)).toEqual({ runId: 'r' });
    expect(reached).toEqual([]);
  });

  it('does not send what it could not encode, and answers why as an API error', async () => {
    const { page, network, reached, open } = fakePage();
    hookXhr(page, fakeChannel({ default: ENCODE }, { encode: 'fail' }).channel);
    const xhr = open();
    const { events, ended } = listen(xhr);
    xhr.open('POST', START_URL);
    xhr.send(JSON.stringify({ workflowId: 'w', input: { payloads: [plain] } }));
    await ended;
    expect(events).toEqual(COMPLETED);
    expect(xhr.status).toBe(400);
    expect(JSON.parse(xhr.responseText)).toEqual({ code: 3, message: 'Payload Lens did not send this request: The codec server refused the access token (401).', details: [] });
    expect(network.sent).toEqual([]);
    expect(reached).toEqual([]);
  });

  it('refuses, rather than sends in plaintext, a write it cannot take over to a namespace that encodes', async () => {
    const { page, network, reached, open } = fakePage();
    hookXhr(page, fakeChannel({ default: ENCODE, payments: DECODE }).channel);
    const start = JSON.stringify({ workflowId: 'w', input: { payloads: [plain] } });
    // Asynchronous, answered as binary or with a Document body: an error, as for a request the browser could not send.
    for (const [responseType, body] of [['arraybuffer', start], ['', new Document()]] as const) {
      const xhr = open();
      const { events, ended } = listen(xhr);
      xhr.open('POST', START_URL);
      xhr.responseType = responseType;
      xhr.send(body as XMLHttpRequestBodyInit);
      await ended;
      expect(events).toEqual(['readystatechange 4', 'error', 'loadend']);
    }
    // Synchronous: it throws, as send() does for a request that could not be sent.
    const sync = open();
    sync.open('POST', START_URL, false);
    expect(() => sync.send(start)).toThrow(/^Payload Lens did not send this request/);
    expect(reached).toEqual([]);
    expect(network.sent).toEqual([]);

    // Where nothing is encoded, each goes as the page sent it.
    const elsewhere = `${ORIGIN}/api/v1/namespaces/payments/workflows/w`;
    const binary = open();
    binary.open('POST', elsewhere);
    binary.responseType = 'arraybuffer';
    binary.send(start);
    const syncElsewhere = open();
    syncElsewhere.open('POST', elsewhere, false);
    syncElsewhere.send(start);
    await settled();
    expect(reached.map(({ url, async, body }) => [url, async, body])).toEqual([
      [elsewhere, true, start],
      [elsewhere, false, start],
    ]);
  });

  it('refuses a synchronous write while the namespace’s plan is not known yet, and asks for it so that a retry can go', async () => {
    const { page, reached, open } = fakePage();
    const known = new Map<string, NamespacePlan>();
    hookXhr(page, {
      ...fakeChannel({}).channel,
      plan: async (namespace) => (known.set(namespace, INERT), INERT),
      knownPlan: (namespace) => known.get(namespace),
    });
    const url = `${ORIGIN}/api/v1/namespaces/payments/workflows/w`;
    const xhr = open();
    xhr.open('POST', url, false);
    expect(() => xhr.send('{"input":{}}')).toThrow('Payload Lens did not send this request: whether its namespace encodes what is sent is not known yet; try again.');
    expect(reached).toEqual([]);
    await settled();
    xhr.open('POST', url, false);
    xhr.send('{"input":{}}');
    expect(reached.map((r) => [r.url, r.async])).toEqual([[url, false]]);
  });

  it('gives abort, or timeout, and not the refusal that comes later, to a write ended while its payloads are encoded', async () => {
    for (const ending of ['abort', 'timeout'] as const) {
      const { page, network, open } = fakePage();
      const refused = deferred<EncodeOutcome[]>();
      const channel = fakeChannel({ default: ENCODE }).channel;
      hookXhr(page, { ...channel, encode: () => refused.promise });
      const xhr = open();
      const { events, ended } = listen(xhr);
      xhr.open('POST', START_URL);
      if (ending === 'timeout') xhr.timeout = 20;
      xhr.send(JSON.stringify({ input: { payloads: [plain] } }));
      if (ending === 'abort') xhr.abort();
      await ended;
      refused.resolve([{ ok: false, sentence: 'The codec server refused the access token (401).' }]);
      await settled();
      expect(events).toEqual(['readystatechange 4', ending, 'loadend']);
      expect(network.sent).toEqual([]);
    }
  });

  it('gives abort, not error, to a refused write the page aborts at once', async () => {
    const { page, reached, open } = fakePage();
    hookXhr(page, fakeChannel({ default: ENCODE }).channel);
    const xhr = open();
    const { events, ended } = listen(xhr);
    xhr.open('POST', START_URL);
    xhr.responseType = 'blob';
    xhr.send('{"input":{}}');
    xhr.abort();
    await ended;
    expect(events).toEqual(['readystatechange 4', 'abort', 'loadend']);
    expect(reached).toEqual([]);
  });
});
