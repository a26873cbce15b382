/**
 * The Web UI's own codec, beside the extension. With a codec endpoint set, the Web UI sends
 * each payload container it shows to `{endpoint}/decode`, payloads the extension already
 * decoded included, and shows the raw payload when that request fails. A codec server gives
 * back a payload in a standard encoding unchanged (docs/protocol.md §5), so when a request
 * holds nothing else the hook answers it that way itself: a broken or slow codec can no
 * longer undo the extension's work, and the request never leaves the page.
 *
 * Only /decode: an /encode request is the UI asking for plaintext to be encoded before it
 * goes to the Temporal server, so it always reaches the UI's codec, as does any request
 * holding a payload the extension did not decode.
 */
import { hasStandardEncoding, isPayload } from '../../core/payload';
import type { BridgeChannel } from './bridge-channel';
import { signalOf } from './abort';
import { bodyText, sendsRequestBody } from './request-body';
import { parseJson } from './wire-payload';

/** A request that looks like the Web UI's codec /decode call, not yet read. */
export interface UiCodecDecodeCall {
  url: string;
  namespace: string;
  input: RequestInfo | URL;
  init: RequestInit | undefined;
}

/**
 * Recognised by the protocol's signature rather than by address: a POST to a path ending in
 * `/decode` that names its namespace in `X-Namespace`, as the Web UI sends every codec call.
 * The address itself comes from the server's settings, a per-browser override or, on Temporal
 * Cloud, each namespace's own settings; the signature is the same for all of them.
 * Cheap and synchronous, so anything else passes through without waiting.
 */
export function uiCodecDecodeCall(url: string, input: RequestInfo | URL, init: RequestInit | undefined): UiCodecDecodeCall | undefined {
  const request = input instanceof Request ? input : undefined;
  const method = init?.method ?? request?.method ?? 'GET';
  if (method.toUpperCase() !== 'POST') return undefined;
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined;
  }
  if (path.split('/').pop() !== 'decode') return undefined;
  let namespace: string | null;
  try {
    namespace = new Headers(init?.headers ?? request?.headers).get('x-namespace');
  } catch {
    return undefined;
  }
  return namespace ? { url, namespace, input, init } : undefined;
}

/**
 * What a codec server answers to this /decode body when nothing in it needs a codec: the body
 * itself, byte for byte. Undefined when any payload has another encoding (or none), or the body
 * is not exactly `{"payloads": [...]}`.
 */
export function unchangedDecodeAnswer(body: string): string | undefined {
  const value = parseJson(body)?.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1 || keys[0] !== 'payloads') return undefined;
  const { payloads } = value as { payloads: unknown };
  if (!Array.isArray(payloads)) return undefined;
  return payloads.every((payload) => isPayload(payload) && hasStandardEncoding(payload)) ? body : undefined;
}

async function requestText(call: UiCodecDecodeCall): Promise<string | undefined> {
  return sendsRequestBody(call.input, call.init) ? call.input.clone().text() : bodyText(call.init?.body);
}

/**
 * The codec server's answer, given by the hook, or undefined to send the request on: when the
 * extension does not decode that namespace on this page, when the page already gave up on the
 * request, or when the body holds anything a codec could change.
 */
export async function answerUiCodecDecode(channel: BridgeChannel, call: UiCodecDecodeCall): Promise<Response | undefined> {
  const plan = channel.knownPlan(call.namespace) ?? (await channel.plan(call.namespace));
  if (!plan.decode) return undefined;
  const signal = signalOf(call.input, call.init);
  if (signal?.aborted) return undefined;
  let answer: string | undefined;
  try {
    const text = await requestText(call);
    answer = text === undefined ? undefined : unchangedDecodeAnswer(text);
  } catch {
    answer = undefined;
  }
  // Aborted while its body was read: sent on, the call rejects with the abort, as the browser's own would.
  if (answer === undefined || signal?.aborted) return undefined;
  const response = new Response(answer, { status: 200, statusText: 'OK', headers: { 'content-type': 'application/json' } });
  Object.defineProperty(response, 'url', { value: call.url, enumerable: true });
  return response;
}
