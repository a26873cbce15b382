/**
 * Wraps the page's fetch: payloads in requests to namespaces that encode are encoded on
 * the way out, and API answers of namespaces that decode reach the Web UI decoded; the
 * Web UI's own codec calls that only hold decoded payloads are answered here (ui-codec.ts).
 * Anything else passes straight through, without waiting for anything.
 */
import type { BridgeChannel } from './bridge-channel';
import { decodeAnswer, decodeForExtensionOnly, isJsonContentType } from './decode-answer';
import { decodedResponse, failedResponse, unchangedResponse } from './decoded-response';
import { encodeBody, refusal } from './encode-request';
import { abortReason, signalOf, unlessAborted } from './abort';
import { mayCarryPayloads } from '../../core/request-payloads';
import { apiRouteOf, hasWork, planFor, type Plan } from './plan';
import { bodyText, sendsRequestBody } from './request-body';
import { answerUiCodecDecode, uiCodecDecodeCall } from './ui-codec';

/**
 * Relative to the document's base URL, as the browser's fetch resolves it (a <base> element moves it). Read inside
 * the try: a page can replace `baseURI`, and a getter that throws must not break the page's every call.
 */
function requestUrl(input: RequestInfo | URL, win: Window): string | undefined {
  try {
    return input instanceof Request ? input.url : new URL(String(input), win.document.baseURI).href;
  } catch {
    return undefined;
  }
}

/**
 * An answer that holds nothing to decode, and that no Response the hook makes could stand in for: the constructor
 * refuses a body with a 204 or 205, and browsers give those an empty body rather than none (whatwg/fetch#1779).
 */
const withoutBody = (response: Response) => response.body === null || response.status === 204 || response.status === 205;

type Outgoing = { input: RequestInfo | URL; init: RequestInit | undefined } | { refusal: Response };

/** The request as it should leave: with its payloads encoded, unchanged, or refused. */
async function prepare(channel: BridgeChannel, namespace: string, input: RequestInfo | URL, init: RequestInit | undefined): Promise<Outgoing> {
  const fromRequest = sendsRequestBody(input, init);
  const text = fromRequest ? await input.clone().text() : await bodyText(init?.body);
  if (text === undefined) {
    // A body the hook cannot read could carry payloads: it is not sent in plaintext.
    return init?.body === undefined || init.body === null ? { input, init } : { refusal: refusal('the request body is not text, so its payloads could not be encoded.') };
  }
  const encoded = await encodeBody(channel, namespace, text);
  if (!encoded) return { input, init };
  if (!encoded.ok) return { refusal: encoded.refusal };
  return fromRequest ? { input: new Request(input, { body: encoded.body }), init } : { input, init: { ...init, body: encoded.body } };
}

export function hookFetch(win: Window & typeof globalThis, channel: BridgeChannel): void {
  const original = win.fetch;
  async function fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const url = requestUrl(input, win);
    const route = url === undefined ? null : apiRouteOf(url);
    if (route === null) {
      const codecCall = url === undefined ? undefined : uiCodecDecodeCall(url, input, init);
      if (codecCall === undefined) return original.call(win, input, init);
      return (await answerUiCodecDecode(channel, codecCall)) ?? original.call(win, input, init);
    }
    // Read as text, as the browser reads it.
    const method = String(init?.method ?? (input instanceof Request ? input.method : 'GET'));
    const planned = planFor(channel, route, method);
    // Only a call whose method carries payloads (POST, PUT, PATCH) waits for the namespace's plan before it leaves:
    // its body may be for encoding. Any other leaves at once and its answer waits for the plan instead, so that the
    // first call of a namespace on a page is not held back for the bridge and the background (longer while the
    // service worker starts) before the server is asked at all.
    if (!mayCarryPayloads(method)) {
      const signal = signalOf(input, init);
      // Waited for together: a fetch that fails, or an abort while the plan is on its way, rejects the page's at once.
      const [response, plan] = await Promise.all([original.call(win, input, init), unlessAborted(planned, signal)]);
      return answerOf(response, plan, signal, url!);
    }
    const plan = await planned;
    if (!hasWork(plan)) return original.call(win, input, init);

    const signal = signalOf(input, init);
    // Aborted already: the browser's fetch rejects at once and sends nothing, so nothing is encoded either.
    if (signal?.aborted) throw abortReason(signal);
    let outgoing: Outgoing = { input, init };
    // The page gives up on a write it aborts at once, not once its payloads are encoded (which may take the whole wait).
    if (plan.encode !== undefined) outgoing = await unlessAborted(prepare(channel, plan.encode, input, init), signal);
    if ('refusal' in outgoing) return outgoing.refusal;
    return answerOf(await original.call(win, outgoing.input, outgoing.init), plan, signal, url!);
  }

  /** The answer as the page gets it: decoded when the plan says so and it can be, otherwise as it came. */
  async function answerOf(response: Response, plan: Plan, signal: AbortSignal | null | undefined, url: string): Promise<Response> {
    if (plan.decode === undefined || !response.ok || withoutBody(response) || !isJsonContentType(response.headers.get('content-type'))) return response;
    if (plan.privateView) {
      void response.clone().text().then((text) => decodeForExtensionOnly(channel, plan.decode!, text, url), () => undefined);
      return response;
    }

    // Aborted as the answer arrived: nobody is left to read it (the browser fails its body anyway).
    if (signal?.aborted) throw abortReason(signal);
    // The hook reads the answer itself rather than a clone of it: a clone's twin, left unread, would keep a second copy
    // of every byte until the page let it go (about 80 MB for a 20,000-event history). What it leaves as it was, the
    // page reads from the text the hook read.
    let read: { text: string; decoded: { value: unknown } | null };
    try {
      read = await unlessAborted(
        response.text().then(async (text) => ({ text, decoded: await decodeAnswer(channel, plan.decode!, text).catch(() => null) })),
        signal,
      );
    } catch (error) {
      // The page gave up on this request while it was being decoded: it expects the abort, not an answer.
      if (signal?.aborted) throw abortReason(signal);
      return failedResponse(response, error);
    }
    return read.decoded === null ? unchangedResponse(response, read.text) : decodedResponse(response, read.decoded.value);
  }
  win.fetch = fetch as typeof win.fetch;
}
