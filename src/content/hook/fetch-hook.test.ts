import { describe, expect, it, vi } from 'vitest';
import { decodeBase64Text, encodeBase64Text } from '../../core/base64';
import type { Payload } from '../../core/payload';
import type { EncodeOutcome } from '../../shared/messages/window';
import { INERT, type BridgeChannel, type NamespacePlan } from './bridge-channel';
import { hookFetch } from './fetch-hook';

const ORIGIN = 'http://localhost:8233';
const HISTORY_URL = `${ORIGIN}/api/v1/namespaces/default/workflows/order-42/history`;
const encrypted: Payload = { metadata: { encoding: encodeBase64Text('binary/encrypted') }, data: 'c2VjcmV0' };
const plain: Payload = { metadata: { encoding: encodeBase64Text('json/plain') }, data: encodeBase64Text('{"n":12345678901234567890}') };

/** A bridge that decodes every payload to `plain`, or fails them all, and remembers what it was asked. */
function fakeChannel(config: PageConfig, behaviour: { decode?: 'ok' | 'fail' | 'slow'; encode?: 'ok' | 'fail' } = {}) {
  const asked: Array<{ type: string; namespace: string; payloads: Payload[] }> = [];
  const channel: BridgeChannel = {
    plan: async (namespace) => planOf(config, namespace),
    knownPlan: (namespace) => planOf(config, namespace),
    async decode(namespace, payloads) {
      asked.push({ type: 'decode', namespace, payloads });
      if (behaviour.decode === 'slow') await new Promise((resolve) => setTimeout(resolve, 50));
      return behaviour.decode === 'fail' ? payloads.map(() => null) : payloads.map(() => plain);
    },
    async encode(namespace, payloads): Promise<EncodeOutcome[]> {
      asked.push({ type: 'encode', namespace, payloads });
      return behaviour.encode === 'fail'
        ? payloads.map(() => ({ ok: false, sentence: 'The codec server refused the access token (401).' }))
        : payloads.map(() => ({ ok: true, payload: encrypted }));
    },
  };
  return { channel, asked };
}

/** The channel with no plan known yet: the one asked for comes when the test gives it. */
function planComingLater(channel: BridgeChannel): { channel: BridgeChannel; give: (plan: NamespacePlan) => void } {
  let give: (plan: NamespacePlan) => void = () => undefined;
  const coming = new Promise<NamespacePlan>((resolve) => (give = resolve));
  return { channel: { ...channel, knownPlan: () => undefined, plan: () => coming }, give: (plan) => give(plan) };
}

/** A page window whose network answers every request with `answer`, and records what was sent. */
function fakePage(answer: () => Response) {
  const sent: Array<{ url: string; body: string | undefined }> = [];
  const page = {
    document: { baseURI: `${ORIGIN}/namespaces/default/workflows/order-42/history` },
    fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input instanceof Request ? input : new URL(String(input), page.document.baseURI), init);
      // As the browser's fetch: an aborted request is not sent.
      if (request.signal.aborted) throw request.signal.reason;
      sent.push({ url: request.url, body: request.method === 'GET' ? undefined : await request.text() });
      const response = answer();
      Object.defineProperty(response, 'url', { value: request.url });
      return response;
    },
  } as unknown as Window & typeof globalThis;
  return { page, sent };
}

const json = (body: unknown, init: ResponseInit = {}) =>
  new Response(JSON.stringify(body), { status: 200, statusText: 'OK', ...init, headers: { 'content-type': 'application/json', 'x-request-id': 'r-1', ...init.headers } });

/** Which namespaces the page may decode and encode, as the background would plan them. */
interface PageConfig {
  decode: ReadonlySet<string>;
  encode: ReadonlySet<string>;
}
const config = (decode: string[], encode: string[] = []): PageConfig => ({ decode: new Set(decode), encode: new Set(encode) });
const planOf = (page: PageConfig, namespace: string): NamespacePlan =>
  page.decode.has(namespace) || page.encode.has(namespace) ? { decode: page.decode.has(namespace), encode: page.encode.has(namespace), privateView: false, payloadsPerRequest: 0 } : INERT;

describe('the page hook on fetch', () => {
  it('hands the page a decoded answer that reads like the original', async () => {
    const { page } = fakePage(() => json({ history: { events: [{ eventId: '1', input: { payloads: [encrypted] } }] } }));
    hookFetch(page, fakeChannel(config(['default'])).channel);
    const response = await page.fetch(HISTORY_URL);
    expect(response.ok).toBe(true);
    expect(response.status).toBe(200);
    expect(response.statusText).toBe('OK');
    expect(response.url).toBe(HISTORY_URL);
    expect(response.headers.get('x-request-id')).toBe('r-1');
    expect(response.headers.get('content-type')).toBe('application/json');
    const text = await response.text();
    expect(JSON.parse(text).history.events[0].input.payloads[0]).toEqual(plain);
    // The decoded JSON text arrives as the codec produced it: the number beyond 2^53 keeps every digit.
    const data = (JSON.parse(text) as { history: { events: Array<{ input: { payloads: Payload[] } }> } }).history.events[0]!.input.payloads[0]!.data!;
    expect(decodeBase64Text(data)).toBe('{"n":12345678901234567890}');
  });

  it('sends a read before its namespace’s plan has come, and decodes the answer once the plan says so', async () => {
    const { page, sent } = fakePage(() => json({ history: { events: [{ eventId: '1', input: { payloads: [encrypted] } }] } }));
    const { channel, give } = planComingLater(fakeChannel(config(['default'])).channel);
    hookFetch(page, channel);
    const answer = page.fetch(HISTORY_URL);
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    give(planOf(config(['default']), 'default'));
    expect((await (await answer).json()).history.events[0].input.payloads[0]).toEqual(plain);
  });

  it('rejects with the abort when the page aborts a read whose answer came before its plan', async () => {
    const { page, sent } = fakePage(() => json({ history: { events: [{ eventId: '1', input: { payloads: [encrypted] } }] } }));
    const { channel } = planComingLater(fakeChannel(config(['default'])).channel);
    hookFetch(page, channel);
    const controller = new AbortController();
    const answer = page.fetch(HISTORY_URL, { signal: controller.signal });
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    controller.abort();
    await expect(answer).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('holds a write until its namespace’s plan has come: its body may be for encoding', async () => {
    const { page, sent } = fakePage(() => json({ runId: 'r' }));
    const { channel, give } = planComingLater(fakeChannel(config([], ['default'])).channel);
    hookFetch(page, channel);
    const body = JSON.stringify({ workflowId: 'w', input: { payloads: [plain] } });
    const started = page.fetch(`${ORIGIN}/api/v1/namespaces/default/workflows/w`, { method: 'POST', body });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sent).toEqual([]);
    give(planOf(config([], ['default']), 'default'));
    await started;
    expect(JSON.parse(sent[0]!.body!).input.payloads[0]).toEqual(encrypted);
  });

  it('does not read answers of namespaces without a rule, nor anything outside the API', async () => {
    const { page } = fakePage(() => json({ payloads: [encrypted] }));
    const { channel, asked } = fakeChannel(config(['payments']));
    hookFetch(page, channel);
    const other = await page.fetch(HISTORY_URL);
    expect(await other.json()).toEqual({ payloads: [encrypted] });
    await page.fetch(`${ORIGIN}/some/page.json`);
    expect(asked).toEqual([]);
  });

  it('gives the original answer when decoding fails', async () => {
    const original = { history: { events: [{ input: { payloads: [encrypted] } }] } };
    const { page } = fakePage(() => json(original));
    hookFetch(page, fakeChannel(config(['default']), { decode: 'fail' }).channel);
    expect(await (await page.fetch(HISTORY_URL)).json()).toEqual(original);
  });

  it('gives the page the answer as it read it when there is nothing to decode: the same text, and JSON that does not parse refused', async () => {
    const broken = '{"history": {"events": [';
    const { page } = fakePage(() => new Response(broken, { status: 200, statusText: 'OK', headers: { 'content-type': 'application/json', 'x-request-id': 'r-1' } }));
    const { channel, asked } = fakeChannel(config(['default']));
    hookFetch(page, channel);
    const response = await page.fetch(HISTORY_URL);
    expect([response.status, response.statusText, response.url, response.headers.get('x-request-id')]).toEqual([200, 'OK', HISTORY_URL, 'r-1']);
    expect(await response.clone().text()).toBe(broken);
    await expect(response.json()).rejects.toBeInstanceOf(SyntaxError);
    expect(asked).toEqual([]);
  });

  it.each([204, 205])('passes a %i answer through as it came, as no Response the hook makes can carry its empty body', async (status) => {
    // As browsers give it: an empty body rather than none (a Response made here with these statuses cannot have one).
    const original = new Response('', { headers: { 'content-type': 'application/json' } });
    Object.defineProperty(original, 'status', { value: status });
    const { page } = fakePage(() => original);
    const { channel, asked } = fakeChannel(config(['default']));
    hookFetch(page, channel);
    expect(await page.fetch(HISTORY_URL)).toBe(original);
    expect(asked).toEqual([]);
  });

  it('hands on an answer it leaves as it was with its own headers and status, even a status text no script may set', async () => {
    const original = new Response('{"history": {}}', { headers: { 'content-type': 'application/json', 'content-length': '15', 'content-encoding': 'gzip' } });
    Object.defineProperty(original, 'statusText', { value: 'Fine\u0000' });
    const { page } = fakePage(() => original);
    hookFetch(page, fakeChannel(config(['default'])).channel);
    const response = await page.fetch(HISTORY_URL);
    expect([response.status, response.url, response.headers.get('content-length'), response.headers.get('content-encoding')]).toEqual([200, HISTORY_URL, '15', 'gzip']);
    expect(await response.json()).toEqual({ history: {} });
  });

  it('reads an answer it decodes once, without a clone that would hold a second copy of it', async () => {
    const { page } = fakePage(() => json({ history: { events: [{ eventId: '1', input: { payloads: [encrypted] } }] } }));
    hookFetch(page, fakeChannel(config(['default'])).channel);
    const clone = vi.spyOn(Response.prototype, 'clone');
    try {
      await (await page.fetch(HISTORY_URL)).json();
      expect(clone).not.toHaveBeenCalled();
    } finally {
      clone.mockRestore();
    }
  });

  it('fails the page’s read with the same error when the answer breaks off while it is read', async () => {
    const cut = new TypeError('network error');
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"history": '));
        controller.error(cut);
      },
    });
    const { page } = fakePage(() => new Response(body, { headers: { 'content-type': 'application/json' } }));
    hookFetch(page, fakeChannel(config(['default'])).channel);
    const response = await page.fetch(HISTORY_URL);
    expect(response.url).toBe(HISTORY_URL);
    await expect(response.text()).rejects.toBe(cut);
  });

  it('passes error answers and non-JSON answers through untouched', async () => {
    const { page } = fakePage(() => json({ code: 5, message: 'not found' }, { status: 404, statusText: 'Not Found' }));
    const { channel, asked } = fakeChannel(config(['default']));
    hookFetch(page, channel);
    const response = await page.fetch(HISTORY_URL);
    expect(response.status).toBe(404);
    expect(asked).toEqual([]);
  });

  it('resolves a relative address against the document’s base URL, as the browser does', async () => {
    const { page, sent } = fakePage(() => json({ history: { events: [{ eventId: '1', input: { payloads: [encrypted] } }] } }));
    // A <base> element at the API's root: resolved against the page's own address, this would be no API call.
    Object.assign(page, { location: { href: `${ORIGIN}/namespaces/default/workflows/order-42/history` }, document: { baseURI: `${ORIGIN}/api/v1/` } });
    const { channel, asked } = fakeChannel(config(['default']));
    hookFetch(page, channel);
    const response = await page.fetch('namespaces/default/workflows/order-42/history');
    expect((await response.json()).history.events[0].input.payloads[0]).toEqual(plain);
    expect(asked.map((a) => a.type)).toEqual(['decode']);
    expect(sent.map((request) => request.url)).toEqual([HISTORY_URL]);
  });

  it('still decodes a Request when the page has made its base URL throw', async () => {
    const { page, sent } = fakePage(() => json({ payloads: [encrypted] }));
    hookFetch(page, fakeChannel(config(['default'])).channel);
    Object.assign(page, {
      document: {
        get baseURI(): string {
          throw new Error('replaced by the page');
        },
      },
    });
    const response = await page.fetch(new Request(HISTORY_URL));
    expect((await response.json()).payloads).toEqual([plain]);
    expect(sent).toHaveLength(1);
  });

  it('rejects with the abort when the page aborts while the answer is being decoded', async () => {
    const { page } = fakePage(() => json({ payloads: [encrypted] }));
    hookFetch(page, fakeChannel(config(['default']), { decode: 'slow' }).channel);
    const controller = new AbortController();
    const pending = page.fetch(HISTORY_URL, { signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('rejects with the abort, and leaves no unhandled rejection, when the page aborts as the answer arrives', async () => {
    const controller = new AbortController();
    const page = {
      document: { baseURI: `${ORIGIN}/` },
      // As a browser's fetch does, the answer's body fails once the request is aborted; the abort lands before the
      // hook begins to read it.
      fetch: async (_input: RequestInfo | URL, init?: RequestInit) => {
        const body = new ReadableStream<Uint8Array>({
          start: (stream) => init!.signal!.addEventListener('abort', () => stream.error(init!.signal!.reason)),
        });
        queueMicrotask(() => controller.abort());
        return new Response(body, { headers: { 'content-type': 'application/json' } });
      },
    } as unknown as Window & typeof globalThis;
    hookFetch(page, fakeChannel(config(['default'])).channel);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      await expect(page.fetch(HISTORY_URL, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('follows no signal when the page passes signal: null with a Request, as the browser does', async () => {
    const { page } = fakePage(() => json({ payloads: [encrypted] }));
    hookFetch(page, fakeChannel(config(['default']), { decode: 'slow' }).channel);
    const controller = new AbortController();
    const pending = page.fetch(new Request(HISTORY_URL, { signal: controller.signal }), { signal: null });
    setTimeout(() => controller.abort(), 10);
    const response = await pending;
    expect((await response.json()).payloads).toEqual([plain]);
  });

  it('rejects with the abort, at once, when the page aborts a write while its payloads are encoded, and sends nothing', async () => {
    const { page, sent } = fakePage(() => json({ runId: 'r' }));
    const { channel } = fakeChannel(config([], ['default']));
    hookFetch(page, { ...channel, encode: () => new Promise(() => undefined) });
    const controller = new AbortController();
    const pending = page.fetch(`${ORIGIN}/api/v1/namespaces/default/workflows/w`, { method: 'POST', body: JSON.stringify({ input: { payloads: [plain] } }), signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(sent).toEqual([]);
  });

  it('asks for nothing to be encoded, and sends nothing, for a write whose signal is aborted already', async () => {
    const { page, sent } = fakePage(() => json({ runId: 'r' }));
    const { channel, asked } = fakeChannel(config([], ['default']));
    hookFetch(page, channel);
    const body = JSON.stringify({ input: { payloads: [plain] } });
    await expect(page.fetch(`${ORIGIN}/api/v1/namespaces/default/workflows/w`, { method: 'POST', body, signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(asked).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('encodes the payloads of a request before it leaves', async () => {
    const { page, sent } = fakePage(() => json({ runId: 'r' }));
    hookFetch(page, fakeChannel(config([], ['default'])).channel);
    const body = JSON.stringify({ workflowId: 'w', input: { payloads: [plain] } });
    await page.fetch(`${ORIGIN}/api/v1/namespaces/default/workflows/w`, { method: 'POST', body });
    expect(JSON.parse(sent[0]!.body!).input.payloads[0]).toEqual(encrypted);
  });

  it('encodes the body of a Request object too', async () => {
    const { page, sent } = fakePage(() => json({ runId: 'r' }));
    hookFetch(page, fakeChannel(config([], ['default'])).channel);
    const body = JSON.stringify({ signalName: 's', input: { payloads: [plain] } });
    await page.fetch(new Request(`${ORIGIN}/api/v1/namespaces/default/workflows/w/signal/s`, { method: 'POST', body }));
    expect(JSON.parse(sent[0]!.body!).input.payloads[0]).toEqual(encrypted);
  });

  it('encodes the body of a Request object sent with a body of null beside it, which keeps the Request’s own', async () => {
    const { page, sent } = fakePage(() => json({ runId: 'r' }));
    hookFetch(page, fakeChannel(config([], ['default'])).channel);
    const body = JSON.stringify({ signalName: 's', input: { payloads: [plain] } });
    await page.fetch(new Request(`${ORIGIN}/api/v1/namespaces/default/workflows/w/signal/s`, { method: 'POST', body }), { body: null });
    expect(JSON.parse(sent[0]!.body!).input.payloads[0]).toEqual(encrypted);
  });

  it('does not send a body that is not JSON, which the API might still read payloads from; an empty one goes', async () => {
    const { page, sent } = fakePage(() => json({ runId: 'r' }));
    hookFetch(page, fakeChannel(config([], ['default'])).channel);
    const url = `${ORIGIN}/api/v1/namespaces/default/workflows/w`;
    const response = await page.fetch(url, { method: 'POST', body: `${JSON.stringify({ input: { payloads: [plain] } })} and more` });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toMatch(/not JSON the extension can read/);
    expect(sent).toEqual([]);
    await page.fetch(url, { method: 'POST', body: ' ' });
    expect(sent).toEqual([{ url, body: ' ' }]);
  });

  it('does not send a request it could not encode, and answers why in the API error shape', async () => {
    const { page, sent } = fakePage(() => json({ runId: 'r' }));
    hookFetch(page, fakeChannel(config([], ['default']), { encode: 'fail' }).channel);
    const response = await page.fetch(`${ORIGIN}/api/v1/namespaces/default/workflows/w`, {
      method: 'POST',
      body: JSON.stringify({ input: { payloads: [plain] } }),
    });
    expect(sent).toEqual([]);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      code: 3,
      message: 'Payload Lens did not send this request: The codec server refused the access token (401).',
      details: [],
    });
  });
});

describe("the page hook beside the Web UI's own codec", () => {
  const CODEC = 'http://codec.example:8888/team-codec';
  const nullPayload: Payload = { metadata: { encoding: encodeBase64Text('binary/null') } };
  const codecCall = (operation: 'decode' | 'encode', payloads: Payload[], namespace: string | null = 'default'): RequestInit => ({
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(namespace === null ? {} : { 'X-Namespace': namespace }) },
    body: JSON.stringify({ payloads }),
  });
  const codecAnswers = () => json({ payloads: [plain] });

  it('answers a /decode of decoded payloads itself, as a codec server would, and nothing leaves', async () => {
    const { page, sent } = fakePage(() => new Response('Unauthorized', { status: 401 }));
    const { channel, asked } = fakeChannel(config(['default']));
    hookFetch(page, channel);
    const call = codecCall('decode', [plain, nullPayload]);
    const response = await page.fetch(`${CODEC}/decode?preserveStorageRefs=true`, call);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.url).toBe(`${CODEC}/decode?preserveStorageRefs=true`);
    expect(await response.text()).toBe(call.body);
    expect(sent).toEqual([]);
    expect(asked).toEqual([]);
  });

  it('answers the same call made with a Request object', async () => {
    const { page, sent } = fakePage(codecAnswers);
    hookFetch(page, fakeChannel(config(['default'])).channel);
    const response = await page.fetch(new Request(`${CODEC}/decode`, codecCall('decode', [plain])));
    expect(await response.json()).toEqual({ payloads: [plain] });
    // A body of null beside it keeps the Request's own, which is read as well.
    const again = await page.fetch(new Request(`${CODEC}/decode`, codecCall('decode', [plain])), { body: null });
    expect(await again.json()).toEqual({ payloads: [plain] });
    // signal: null beside it follows no signal, as the browser's fetch does: the Request's abort does not stop it.
    const controller = new AbortController();
    controller.abort();
    const unstopped = await page.fetch(new Request(`${CODEC}/decode`, { ...codecCall('decode', [plain]), signal: controller.signal }), { signal: null });
    expect(await unstopped.json()).toEqual({ payloads: [plain] });
    expect(sent).toEqual([]);
  });

  it('gives the abort, not its own answer, to a call the page aborts while its body is read', async () => {
    const { page, sent } = fakePage(codecAnswers);
    hookFetch(page, fakeChannel(config(['default'])).channel);
    const controller = new AbortController();
    const pending = page.fetch(new Request(`${CODEC}/decode`, { ...codecCall('decode', [plain]), signal: controller.signal }));
    queueMicrotask(() => controller.abort());
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(sent).toEqual([]);
  });

  it('sends /encode to the codec: answering it would send plaintext to the Temporal server', async () => {
    const { page, sent } = fakePage(() => json({ payloads: [encrypted] }));
    hookFetch(page, fakeChannel(config(['default'], ['default'])).channel);
    const response = await page.fetch(`${CODEC}/encode`, codecCall('encode', [plain]));
    expect(await response.json()).toEqual({ payloads: [encrypted] });
    expect(sent.map((request) => request.url)).toEqual([`${CODEC}/encode`]);
  });

  it('sends a /decode holding any payload in another encoding, or none, to the codec', async () => {
    const { page, sent } = fakePage(codecAnswers);
    hookFetch(page, fakeChannel(config(['default'])).channel);
    const noEncoding: Payload = { metadata: {}, data: 'AA==' };
    await page.fetch(`${CODEC}/decode`, codecCall('decode', [plain, encrypted]));
    await page.fetch(`${CODEC}/decode`, codecCall('decode', [noEncoding]));
    await page.fetch(`${CODEC}/decode`, { ...codecCall('decode', [plain]), body: JSON.stringify({ payloads: [plain], extra: 1 }) });
    expect(sent).toHaveLength(3);
  });

  it('sends the call on where the extension does not decode that namespace, or none is named', async () => {
    const { page, sent } = fakePage(codecAnswers);
    hookFetch(page, fakeChannel(config(['payments'])).channel);
    await page.fetch(`${CODEC}/decode`, codecCall('decode', [plain], 'default'));
    await page.fetch(`${CODEC}/decode`, codecCall('decode', [plain], null));
    expect(sent).toHaveLength(2);
  });
});
