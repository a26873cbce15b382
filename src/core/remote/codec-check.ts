/**
 * The settings' "Test": one harmless payload sent to a codec server's `/decode`, with the headers decoding sends,
 * and one sentence on what happened. The payload is plain JSON, which any codec server hands back unchanged, so
 * a server that answers with it is one the extension can decode through; any other answer, however well formed
 * (a catch-all that answers every POST alike), is not. For a rule that encodes what the Web UI sends, the same
 * payload then goes to `/encode`, which must hand it back encoded: otherwise every start and signal would be refused.
 */
import { decodeBase64, encodeBase64 } from '../base64';
import { cameBackEmpty, leftReadable, payloadEncoding, type Payload } from '../payload';
import type { CodecTarget } from './codec-client';
import { requestInit, secretsOf } from './codec-client';
import { postPayloads, type Reply } from './codec-request';
import { codecRequestUrl, SECRETS_NEED_HTTPS } from './codec-url';

const text = (value: string) => encodeBase64(new TextEncoder().encode(value));

export const TEST_PAYLOAD: Payload = { metadata: { encoding: text('json/plain') }, data: text('"payload-lens test"') };

/** What `/encode` made of the test payload, once `/decode` worked. */
export type EncodeCheck =
  | { kind: 'encodes' }
  /** Handed back still in a standard encoding: Temporal would store what the Web UI sends readable. */
  | { kind: 'unencoded' }
  | { kind: 'unauthorized'; tokenSent: boolean }
  | { kind: 'forbidden' }
  | { kind: 'not-found' }
  | { kind: 'failed'; detail: string };

export type CheckOutcome =
  | { kind: 'works'; encoding?: EncodeCheck }
  | { kind: 'unauthorized'; tokenSent: boolean }
  | { kind: 'forbidden' }
  | { kind: 'not-found' }
  | { kind: 'too-large' }
  | { kind: 'unreachable' }
  | { kind: 'redirected' }
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
  | { kind: 'secret-forgotten'; what: string }
  /** A secret moved from version 0.1.0 waits for the user to confirm the address it would go to. */
  | { kind: 'secret-unconfirmed'; what: string };

export interface CheckOptions {
  fetch: typeof fetch;
  timeoutMs: number;
  /** The rule encodes what the Web UI sends: ask `/encode` too. */
  encodes?: boolean;
}

const TEST_BODY = JSON.stringify({ payloads: [TEST_PAYLOAD] });

/** The test payload to `op`; a network error is tried once more, as decoding does. */
async function post(target: CodecTarget, op: 'decode' | 'encode', { fetch, timeoutMs }: CheckOptions): Promise<Reply | undefined> {
  const url = codecRequestUrl(target.endpoint, target.namespace, op);
  if (!url) return undefined;
  const request = { fetch, url: url.href, init: requestInit(target).init, timeoutMs, secrets: secretsOf(target) };
  const reply = await postPayloads(request, TEST_BODY, 1);
  // A keep-alive connection the server closed while idle fails the first request after a pause.
  return reply.kind === 'network' ? postPayloads(request, TEST_BODY, 1) : reply;
}

/** Sends the test payload; never throws. */
export async function checkCodec(target: CodecTarget, options: CheckOptions): Promise<CheckOutcome> {
  // The save's own rule: what it would refuse to keep for this endpoint is not sent to it either.
  if (requestInit(target).secretsWithheld) return { kind: 'insecure' };
  const reply = await post(target, 'decode', options);
  if (!reply) return { kind: 'invalid-endpoint', reason: 'The codec endpoint is not a valid address.' };
  switch (reply.kind) {
    case 'payloads':
      if (!cameBackUnchanged(reply.payloads[0]!, TEST_PAYLOAD)) return { kind: 'wrong-answer', detail: 'the plain JSON payload came back changed' };
      return options.encodes ? { kind: 'works', encoding: await checkEncode(target, options) } : { kind: 'works' };
    case 'refused':
      if (reply.error.kind === 'codec-unauthorized') return { kind: 'unauthorized', tokenSent: Boolean(target.accessToken) };
      if (reply.error.kind === 'codec-redirected') return { kind: 'redirected' };
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

/** What `/encode` makes of the test payload: encoded (in an encoding only a codec reads), or why not. */
async function checkEncode(target: CodecTarget, options: CheckOptions): Promise<EncodeCheck> {
  const reply = await post(target, 'encode', options);
  switch (reply?.kind) {
    // As encoding takes an answer (codec-client.ts): with a readable encoding, and not left readable.
    case 'payloads': {
      const [answer] = reply.payloads;
      if (payloadEncoding(answer!) === undefined) return { kind: 'failed', detail: 'the payload came back without a readable encoding' };
      if (cameBackEmpty(answer!, TEST_PAYLOAD)) return { kind: 'failed', detail: 'the payload came back empty' };
      return leftReadable(answer!) ? { kind: 'unencoded' } : { kind: 'encodes' };
    }
    case 'refused':
      if (reply.error.kind === 'codec-unauthorized') return { kind: 'unauthorized', tokenSent: Boolean(target.accessToken) };
      if (reply.error.kind === 'codec-redirected') return { kind: 'failed', detail: 'it answered with a redirect, which is not followed' };
      return { kind: reply.error.kind === 'codec-forbidden' ? 'forbidden' : 'not-found' };
    case 'too-large':
      return { kind: 'failed', detail: '413 for one tiny payload' };
    case 'timeout':
      return { kind: 'failed', detail: `no answer within ${Math.round(options.timeoutMs / 1000)} seconds` };
    case 'network':
      return { kind: 'failed', detail: 'it could not be reached' };
    case 'failed':
      return { kind: 'failed', detail: reply.error.detail ?? 'no reason given' };
    case undefined:
      return { kind: 'failed', detail: 'its address could not be made' };
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
      return outcome.encoding === undefined || outcome.encoding.kind === 'encodes'
        ? `It works: the codec server at ${url} answered the test payload for “${namespace}”${outcome.encoding ? ', and its /encode encodes what the Web UI sends' : ''}.`
        : encodeProblem(outcome.encoding, namespace);
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
    case 'redirected':
      return `${url} answered with a redirect (to a sign-in page, often), which the extension never follows: use the address it redirects to, or, if it wants you signed in, sign in to it in a tab, turn on “Include browser cookies”, and test again.`;
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
    case 'secret-unconfirmed':
      return `The ${outcome.what} of this rule came from Payload Lens 0.1.0 and waits for you to confirm that it may go to ${origin}, so nothing was sent: confirm it under “Needs your attention”, or type it again to test.`;
  }
}

/** Why `/encode` would keep what the Web UI sends from going, and what to do. */
function encodeProblem(check: Exclude<EncodeCheck, { kind: 'encodes' }>, namespace: string): string {
  const untick = 'untick “Encode what the Web UI sends”';
  const [problem, advice] = ((): [string, string] => {
    switch (check.kind) {
      case 'unencoded':
        return ['the codec server’s /encode gave the test payload back unencoded', `, as Temporal would otherwise store it readable: ${untick} if your codec leaves payloads as they are on purpose`];
      case 'unauthorized':
        return check.tokenSent
          ? ['the codec server refused the access token for /encode (401)', `: check the token, or ${untick}`]
          : ['the codec server wants an access token for /encode (401)', `: enter one in “Access token”, or ${untick}`];
      case 'forbidden':
        return [`the codec server forbids encoding in “${namespace}” (403)`, `: the token needs write on this namespace, or ${untick}`];
      case 'not-found':
        return ['the codec server has no /encode at this address (404)', `: ${untick} for a codec server that only decodes`];
      case 'failed':
        return [`the codec server’s /encode failed (${check.detail})`, ''];
    }
  })();
  return `Decoding works, but ${problem}, so what the Web UI sends would be refused${advice}.`;
}
