/** Wraps the page's fetch so API answers of decoded namespaces reach the Web UI decoded. */
import type { BridgeChannel } from './bridge-channel';
import { decodeAnswerText, isJsonContentType, namespaceToDecode } from './decode-answer';

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

export function hookFetch(win: Window & typeof globalThis, channel: BridgeChannel): void {
  const original = win.fetch;
  async function fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const response = await original.call(win, input, init);
    const url = requestUrl(input, win.location.href);
    if (url === undefined || !response.ok || !isJsonContentType(response.headers.get('content-type'))) return response;
    const namespace = namespaceToDecode(channel, url, await channel.namespaces());
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
