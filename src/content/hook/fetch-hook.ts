/**
 * Wraps the page's fetch: payloads in requests to namespaces that encode are encoded on
 * the way out, and API answers of namespaces that decode reach the Web UI decoded.
 */
import { mayCarryPayloads } from '../../core/request-payloads';
import type { BridgeChannel } from './bridge-channel';
import { decodeAnswerText, isJsonContentType, namespaceIn } from './decode-answer';
import { encodeBody } from './encode-request';

function requestUrl(input: RequestInfo | URL, base: string): string | undefined {
  try {
    return input instanceof Request ? input.url : new URL(String(input), base).href;
  } catch {
    return undefined;
  }
}

/** A Response that reads like the original (status, headers, url, redirected, type) but carries another body. */
export function withBody(original: Response, body: string): Response {
  const headers = new Headers(original.headers);
  // The new body is neither the old length nor compressed.
  headers.delete('content-length');
  headers.delete('content-encoding');
  const copy = new Response(body, { status: original.status, statusText: original.statusText, headers });
  for (const property of ['url', 'redirected', 'type'] as const) {
    Object.defineProperty(copy, property, { value: original[property], enumerable: true });
  }
  return copy;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

type Outgoing = { input: RequestInfo | URL; init: RequestInit | undefined } | { refusal: Response };

/** The request as it should leave: with its payloads encoded, unchanged, or refused. */
async function prepare(channel: BridgeChannel, url: string, input: RequestInfo | URL, init: RequestInit | undefined): Promise<Outgoing> {
  const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
  if (!mayCarryPayloads(method)) return { input, init };
  const namespace = namespaceIn(channel, url, (await channel.config()).encode);
  if (namespace === undefined) return { input, init };
  const text = typeof init?.body === 'string' ? init.body : input instanceof Request && init?.body === undefined ? await input.clone().text() : undefined;
  if (text === undefined) return { input, init };
  const encoded = await encodeBody(channel, namespace, text);
  if (!encoded) return { input, init };
  if (!encoded.ok) return { refusal: encoded.refusal };
  return input instanceof Request && init?.body === undefined
    ? { input: new Request(input, { body: encoded.body }), init }
    : { input, init: { ...init, body: encoded.body } };
}

export function hookFetch(win: Window & typeof globalThis, channel: BridgeChannel): void {
  const original = win.fetch;
  async function fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const url = requestUrl(input, win.location.href);
    if (url === undefined) return original.call(win, input, init);
    const outgoing = await prepare(channel, url, input, init);
    if ('refusal' in outgoing) return outgoing.refusal;

    const response = await original.call(win, outgoing.input, outgoing.init);
    if (!response.ok || !isJsonContentType(response.headers.get('content-type'))) return response;
    const namespace = namespaceIn(channel, url, (await channel.config()).decode);
    if (namespace === undefined) return response;

    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    let decoded: string | null;
    try {
      decoded = await decodeAnswerText(channel, namespace, await response.clone().text());
    } catch {
      decoded = null;
    }
    // The page gave up on this request while it was being decoded: it expects the abort, not an answer.
    if (signal?.aborted) throw abortReason(signal);
    return decoded === null ? response : withBody(response, decoded);
  }
  win.fetch = fetch as typeof win.fetch;
}
