/**
 * The settings' "Test": one harmless payload sent to a codec server's `/decode`, with the headers decoding sends,
 * and one sentence on what happened. The payload is plain JSON, which any codec server hands back unchanged, so
 * a server that answers with it is one the extension can decode through; any other answer, however well formed
 * (a catch-all that answers every POST alike), is not.
 */
import { decodeBase64, encodeBase64 } from '../base64';
import type { Payload } from '../payload';
import type { CodecTarget } from './codec-client';
import { requestInit, secretsOf } from './codec-client';
import { postPayloads } from './codec-request';
import { codecRequestUrl, SECRETS_NEED_HTTPS } from './codec-url';

const text = (value: string) => encodeBase64(new TextEncoder().encode(value));

export const TEST_PAYLOAD: Payload = { metadata: { encoding: text('json/plain') }, data: text('"payload-lens test"') };

export type CheckOutcome =
  | { kind: 'works' }
  | { kind: 'unauthorized'; tokenSent: boolean }
  | { kind: 'forbidden' }
  | { kind: 'not-found' }
  | { kind: 'too-large' }
  | { kind: 'unreachable' }
  | { kind: 'timed-out' }
  | { kind: 'wrong-answer'; detail: string }
  | { kind: 'server-failed'; detail: string }
  /** The browser has not let the extension reach the codec's address. */
  | { kind: 'no-permission' }
  | { kind: 'invalid-endpoint'; reason: string }
  /** A token, ID token or header value would go over plain http to another computer. */
  | { kind: 'insecure' }
  /** A saved secret belongs to another codec address, so it is not sent to this one. */
  | { kind: 'secret-elsewhere' }
  /** A saved secret was kept for the session only, and the session ended. */
  | { kind: 'secret-forgotten'; what: string };

export interface CheckOptions {
  fetch: typeof fetch;
  timeoutMs: number;
}

/** Sends the test payload; never throws. A network error is tried once more, as decoding does. */
export async function checkCodec(target: CodecTarget, { fetch, timeoutMs }: CheckOptions): Promise<CheckOutcome> {
  const url = codecRequestUrl(target.endpoint, target.namespace, 'decode');
  if (!url) return { kind: 'invalid-endpoint', reason: 'The codec endpoint is not a valid address.' };
  // The save's own rule: what it would refuse to keep for this endpoint is not sent to it either.
  const { init, secretsWithheld } = requestInit(target);
  if (secretsWithheld) return { kind: 'insecure' };
  const request = { fetch, url: url.href, init, timeoutMs, secrets: secretsOf(target) };
  const body = JSON.stringify({ payloads: [TEST_PAYLOAD] });
  let reply = await postPayloads(request, body, 1);
  // A keep-alive connection the server closed while idle fails the first request after a pause.
  if (reply.kind === 'network') reply = await postPayloads(request, body, 1);
  switch (reply.kind) {
    case 'payloads':
      return cameBackUnchanged(reply.payloads[0]!, TEST_PAYLOAD) ? { kind: 'works' } : { kind: 'wrong-answer', detail: 'the plain JSON payload came back changed' };
    case 'refused':
      if (reply.error.kind === 'codec-unauthorized') return { kind: 'unauthorized', tokenSent: Boolean(target.accessToken) };
      return { kind: reply.error.kind === 'codec-forbidden' ? 'forbidden' : 'not-found' };
    case 'too-large':
      return { kind: 'too-large' };
    case 'timeout':
      return { kind: 'timed-out' };
    case 'network':
      return { kind: 'unreachable' };
    case 'failed': {
      const detail = reply.error.detail ?? '';
      return reply.error.kind === 'codec-bad-answer' ? { kind: 'wrong-answer', detail } : { kind: 'server-failed', detail };
    }
  }
}

/**
 * The same metadata and data, byte for byte: servers write base64 as their JSON library does (padding, alphabet), so
 * the text may differ where the bytes do not. A missing `data` is empty, as in proto3 JSON.
 */
function cameBackUnchanged(answer: Payload, sent: Payload): boolean {
  const same = (a: string | undefined, b: string | undefined) => {
    const [x, y] = [decodeBase64(a ?? ''), decodeBase64(b ?? '')];
    return x !== null && y !== null && x.length === y.length && x.every((byte, i) => byte === y[i]);
  };
  const keys = Object.keys(sent.metadata ?? {});
  return (
    Object.keys(answer.metadata ?? {}).length === keys.length &&
    keys.every((key) => Object.hasOwn(answer.metadata ?? {}, key) && same(answer.metadata?.[key], sent.metadata?.[key])) &&
    same(answer.data, sent.data)
  );
}

export interface CheckContext {
  /** The `/decode` address the request went to. */
  url: string;
  origin: string;
  namespace: string;
  timeoutMs: number;
}

/** One sentence per outcome, for the settings page. */
export function checkSentence(outcome: CheckOutcome, { url, origin, namespace, timeoutMs }: CheckContext): string {
  switch (outcome.kind) {
    case 'works':
      return `It works: the codec server at ${url} answered the test payload for “${namespace}”.`;
    case 'unauthorized':
      return outcome.tokenSent
        ? 'The codec server refused the access token (401): it may have expired, or be meant for another server.'
        : 'The codec server wants an access token (401): enter one in “Access token”.';
    case 'forbidden':
      return `The codec server accepted the token but forbids decoding in “${namespace}” (403): the token needs read on this namespace.`;
    case 'not-found':
      return `${url} is not a codec server (404): the endpoint is the address before /decode, as in the Web UI’s codec setting.`;
    case 'too-large':
      return 'The codec server refused the test request as too large (413) although it held one tiny payload: check the body size limit of the server or of what stands in front of it.';
    case 'unreachable':
      return `The codec server at ${origin} could not be reached: check the address, that the server is running, and your network.`;
    case 'timed-out':
      return `The codec server did not answer within ${Math.round(timeoutMs / 1000)} seconds.`;
    case 'wrong-answer':
      return `${url} answered, but not with the payload it was sent (${outcome.detail}): it does not speak the codec server protocol.`;
    case 'server-failed':
      return `The codec server failed: ${outcome.detail}.`;
    case 'no-permission':
      return `The browser does not let the extension reach ${origin} yet: save the rule and allow access when the browser asks, then test again.`;
    case 'invalid-endpoint':
      return outcome.reason;
    case 'insecure':
      return `${SECRETS_NEED_HTTPS}: nothing was sent.`;
    case 'secret-elsewhere':
      return `A saved token or header value of this rule was saved for another codec server, so it is not sent to ${origin}: type it again to test this endpoint.`;
    case 'secret-forgotten':
      return `The ${outcome.what} of this rule was kept only until the browser closed and is gone, so nothing was sent: type it again to test.`;
  }
}
