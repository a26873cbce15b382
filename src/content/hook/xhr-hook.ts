/**
 * XMLHttpRequest, for Web UI code paths that still use it. An XHR cannot be paused
 * between "answer received" and "page notified", so for an API call of a decoded
 * namespace the hook takes the request over: it sends it with the page's own fetch,
 * decodes the answer, and then plays the XHR's state changes and events on the page's
 * object as the browser would. Every other request is left to the real XHR, untouched.
 */
import type { BridgeChannel, NamespacePlan } from './bridge-channel';
import { decodeAnswer, decodeForExtensionOnly, isJsonContentType } from './decode-answer';
import { decodedHeaders } from './decoded-response';
import { encodeBody, refusal } from './encode-request';
import { unlessAborted } from './abort';
import { apiRouteOf, hasWork, planFrom, type Plan } from './plan';
import { bodyText } from './request-body';

interface Call {
  method: string;
  url: string;
  async: boolean;
  headers: Headers;
}

/** Per-XHR bookkeeping, outside the object so the page sees no extra properties. */
const calls = new WeakMap<XMLHttpRequest, Call>();
const takeovers = new WeakMap<XMLHttpRequest, AbortController>();

/** State a takeover shadows on the page's object; cleared when the object is opened again. */
const SHADOWED = ['readyState', 'status', 'statusText', 'responseURL', 'responseText', 'response', 'getResponseHeader', 'getAllResponseHeaders'];

function define(xhr: XMLHttpRequest, values: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(values)) {
    Object.defineProperty(xhr, name, { value, configurable: true });
  }
}

function unshadow(xhr: XMLHttpRequest): void {
  for (const name of SHADOWED) Reflect.deleteProperty(xhr, name);
}

function headerBlock(headers: Headers): string {
  let block = '';
  headers.forEach((value, name) => (block += `${name}: ${value}\r\n`));
  return block;
}

/** An answer as the page's XHR hands it out: its text and, for responseType 'json', its value, each made when first read. */
interface Answer {
  text(): string;
  parsed(): unknown;
  /** What progress events report as loaded: the length of the answer the server sent. */
  size: number;
}

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

function answerOf(text: string): Answer {
  return {
    text: () => text,
    parsed: once(() => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return null;
      }
    }),
    size: text.length,
  };
}

/** A decoded answer: already parsed, serialised only if the page reads it as text. */
function decodedAnswerOf(value: unknown, original: string): Answer {
  return { text: once(() => JSON.stringify(value)), parsed: () => value, size: original.length };
}

/** Plays a completed answer on the page's XHR: readyState 2, 3, 4 and the load events, as a browser does. */
function deliver(xhr: XMLHttpRequest, response: Response, answer: Answer): void {
  const headers = decodedHeaders(response.headers);
  define(xhr, {
    status: response.status,
    statusText: response.statusText,
    responseURL: response.url,
    getResponseHeader: (name: string) => headers.get(name),
    getAllResponseHeaders: () => headerBlock(headers),
  });
  for (const state of [2, 3] as const) {
    define(xhr, { readyState: state });
    xhr.dispatchEvent(new Event('readystatechange'));
  }
  define(xhr, { readyState: 4 });
  Object.defineProperty(xhr, 'responseText', { get: answer.text, configurable: true });
  Object.defineProperty(xhr, 'response', { get: xhr.responseType === 'json' ? answer.parsed : answer.text, configurable: true });
  xhr.dispatchEvent(new Event('readystatechange'));
  for (const type of ['load', 'loadend']) {
    xhr.dispatchEvent(new ProgressEvent(type, { lengthComputable: true, loaded: answer.size, total: answer.size }));
  }
}

function fail(xhr: XMLHttpRequest, type: 'error' | 'abort' | 'timeout'): void {
  define(xhr, { readyState: 4, status: 0, statusText: '', responseText: '', response: xhr.responseType === '' || xhr.responseType === 'text' ? '' : null });
  xhr.dispatchEvent(new Event('readystatechange'));
  for (const name of [type, 'loadend']) xhr.dispatchEvent(new ProgressEvent(name));
}

/** Only answers read as text or JSON can be handed back decoded; other response types pass through. */
const TEXT_RESPONSE_TYPES: ReadonlySet<XMLHttpRequestResponseType> = new Set(['', 'text', 'json']);

/** A namespace plan that encodes: whether a request could carry payloads to encode at all. */
const ENCODING: NamespacePlan = { decode: false, encode: true, privateView: false, payloadsPerRequest: 0 };

const SYNCHRONOUS_REFUSAL = 'Payload Lens did not send this request: a synchronous request to a namespace that encodes cannot have its payloads encoded.';
const PLAN_NOT_KNOWN_REFUSAL = 'Payload Lens did not send this request: whether its namespace encodes what is sent is not known yet; try again.';

/**
 * Runs one taken-over request. `controller` identifies this run: if the page reopens or
 * aborts the object meanwhile, a newer run (or none) owns it and this one touches nothing.
 */
async function takeOver(win: Window & typeof globalThis, fetch: typeof win.fetch, channel: BridgeChannel, xhr: XMLHttpRequest, call: Call, plan: Plan, sent: XMLHttpRequestBodyInit | null | undefined, controller: AbortController): Promise<void> {
  const current = () => takeovers.get(xhr) === controller;
  const timer = xhr.timeout > 0 ? setTimeout(() => controller.abort('timeout'), xhr.timeout) : undefined;
  try {
    let body: BodyInit | null | undefined = sent;
    if (plan.encode !== undefined && sent !== null && sent !== undefined) {
      const text = await bodyText(sent);
      // An abort or the page's timeout meanwhile ends the request at once, as the browser's would: not with a refusal
      // delivered later as if it had loaded.
      const encoded = text === undefined ? { ok: false as const, refusal: refusal('the request body is not text, so its payloads could not be encoded.') } : await unlessAborted(encodeBody(channel, plan.encode, text), controller.signal);
      if (encoded && !encoded.ok) {
        const answer = answerOf(await encoded.refusal.text());
        if (current()) deliver(xhr, encoded.refusal, answer);
        return;
      }
      if (encoded) body = encoded.body;
    }
    const response = await fetch.call(win, call.url, {
      method: call.method,
      headers: call.headers,
      body: call.method === 'GET' || call.method === 'HEAD' ? null : (body ?? null),
      credentials: xhr.withCredentials ? 'include' : 'same-origin',
      signal: controller.signal,
    });
    const text = await response.text();
    const decodable = plan.decode !== undefined && response.ok && isJsonContentType(response.headers.get('content-type'));
    if (decodable && plan.privateView) decodeForExtensionOnly(channel, plan.decode!, text, call.url);
    const decoded = decodable && !plan.privateView ? await unlessAborted(decodeAnswer(channel, plan.decode!, text).catch(() => null), controller.signal) : null;
    if (current()) deliver(xhr, response, decoded ? decodedAnswerOf(decoded.value, text) : answerOf(text));
  } catch {
    const reason: unknown = controller.signal.reason;
    if (current()) fail(xhr, reason === 'timeout' ? 'timeout' : controller.signal.aborted ? 'abort' : 'error');
  } finally {
    clearTimeout(timer);
    if (current()) takeovers.delete(xhr);
  }
}

export function hookXhr(win: Window & typeof globalThis, channel: BridgeChannel): void {
  const proto = win.XMLHttpRequest.prototype;
  const { open, send, setRequestHeader, abort } = proto;
  const fetch = win.fetch;

  proto.open = function (this: XMLHttpRequest, method: string, url: string | URL, async?: boolean, ...rest: unknown[]) {
    // Reopening ends any earlier request on this object, silently, as the browser's open() does.
    takeovers.get(this)?.abort('reopened');
    takeovers.delete(this);
    unshadow(this);
    try {
      calls.set(this, { method: method.toUpperCase(), url: new URL(String(url), win.document.baseURI).href, async: async !== false, headers: new Headers() });
    } catch {
      calls.delete(this);
    }
    return (open as (...args: unknown[]) => void).call(this, method, url, async ?? true, ...rest);
  } as typeof proto.open;

  proto.setRequestHeader = function (this: XMLHttpRequest, name: string, value: string) {
    calls.get(this)?.headers.append(name, value);
    return setRequestHeader.call(this, name, value);
  };

  proto.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    const call = calls.get(this);
    const route = call ? apiRouteOf(call.url) : null;
    if (!call || route === null) return send.call(this, body);
    // A request the hook cannot take over (synchronous, a Document body, an answer read as binary; the Web UI makes
    // none) goes as the page sent it, unless its body may hold payloads to encode: then it goes only once the plan
    // says there is nothing to encode, and is otherwise refused as a request the browser could not send, rather than
    // sent in plaintext.
    const takeable = call.async && !(body instanceof Document) && TEXT_RESPONSE_TYPES.has(this.responseType);
    if (!takeable && (body === null || body === undefined || planFrom(route, call.method, ENCODING).encode === undefined)) return send.call(this, body);
    if (!call.async) {
      const known = channel.knownPlan(route.namespace);
      if (known === undefined) {
        // Asked now, so that the page's next try finds it.
        void channel.plan(route.namespace);
        throw new DOMException(PLAN_NOT_KNOWN_REFUSAL, 'NetworkError');
      }
      if (planFrom(route, call.method, known).encode !== undefined) throw new DOMException(SYNCHRONOUS_REFUSAL, 'NetworkError');
      return send.call(this, body);
    }
    const controller = new AbortController();
    takeovers.set(this, controller);
    const decide = (plan: Plan) => {
      if (!takeable && plan.encode !== undefined) {
        // As the browser ends a request it could not send: after send() returns, and an abort meanwhile wins.
        queueMicrotask(() => {
          if (takeovers.get(this) !== controller) return;
          takeovers.delete(this);
          fail(this, controller.signal.aborted ? 'abort' : 'error');
        });
      } else if (!takeable) {
        takeovers.delete(this);
        send.call(this, body);
      } else if (hasWork(plan)) {
        void takeOver(win, fetch, channel, this, call, plan, body, controller);
      } else {
        takeovers.delete(this);
        send.call(this, body);
      }
    };
    const known = channel.knownPlan(route.namespace);
    if (known) return decide(planFrom(route, call.method, known));
    // The first call of a namespace: hold the send until the bridge says what to do (the real
    // XHR is still only opened, so sending it later is exactly what the browser would have done).
    void channel.plan(route.namespace).then((namespacePlan) => {
      if (takeovers.get(this) !== controller) return;
      if (controller.signal.aborted) {
        takeovers.delete(this);
        fail(this, 'abort');
      } else {
        decide(planFrom(route, call.method, namespacePlan));
      }
    });
  };

  proto.abort = function (this: XMLHttpRequest) {
    const takeover = takeovers.get(this);
    if (takeover) takeover.abort('abort');
    else abort.call(this);
  };
}
