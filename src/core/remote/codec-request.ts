// One POST to a codec server, and what its answer says about the payloads in it. Never throws: every way a request
// can end is a Reply the client can act on (split, stop, retry, learn a size).
import type { DecodeError } from '../errors';
import { formatBytes, MAX_CODEC_ANSWER_BYTES } from '../limits';
import type { Payload } from '../payload';
import type { ByteAllowance } from './byte-allowance';
import { parseCodecAnswer } from './codec-answer';
import { codecErrorDetail } from './codec-error-detail';
import { retryAfterMs } from './retry-after';

export type Reply =
  | { kind: 'payloads'; payloads: Payload[] }
  /** 401, 403, 404, a redirect: the token or the address is wrong, whatever is sent. */
  | { kind: 'refused'; error: DecodeError }
  /** 413: the body is over the server's size limit. */
  | { kind: 'too-large' }
  /**
   * splittable: a request with fewer payloads may pass (400, 500, 502, an answer with a payload missing or malformed).
   * serverWide: so may the whole server be failing (a 502), which the halves' answers tell.
   * retryAfterMs: the server asked not to be sent anything for this long (429 or 503 with Retry-After).
   */
  | { kind: 'failed'; error: DecodeError; splittable: boolean; serverWide?: boolean; retryAfterMs?: number }
  | { kind: 'timeout'; error: DecodeError }
  /** fetch rejected: connection refused or closed, DNS, CORS. */
  | { kind: 'network'; error: DecodeError };

export interface CodecRequest {
  fetch: typeof fetch;
  url: string;
  init: RequestInit;
  timeoutMs: number;
  /** What the request carries that must never be kept from what the server says back (tokens, header values). */
  secrets: readonly string[];
  /** Shared with the other requests under way: their answers together are read up to its cap. */
  answerBytes?: ByteAllowance;
  /** The clock a Retry-After date is read against (Date.now unless a test moves it). */
  now?: () => number;
}

/** Why an answer was not read to its end. */
type Unread = { over: 'answer' } | { over: 'together'; max: number };

export async function postPayloads(request: CodecRequest, body: string, count: number): Promise<Reply> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, request.timeoutMs);
  // What this request took of the shared allowance, given back once its answer is read and parsed.
  const taken = { bytes: 0 };
  try {
    // A redirect would carry the payloads, custom headers and cookies to an address the user never chose: it is not
    // followed, and said as what it is (an expired sign-in sends many a codec server's requests to a login page).
    const response = await request.fetch(request.url, { ...request.init, body, signal: controller.signal, redirect: 'manual' });
    if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
      controller.abort();
      return { kind: 'refused', error: { kind: 'codec-redirected' } };
    }
    // The body is read under the same timer: a server that stalls mid-answer is as stuck as a silent one.
    const text = await boundedText(response, controller, request.answerBytes, taken);
    if (typeof text !== 'string') return { kind: 'failed', error: { kind: 'codec-bad-answer', detail: unreadDetail(text) }, splittable: true };
    if (response.ok) {
      const answer = parseCodecAnswer(text, count);
      return answer.ok ? { kind: 'payloads', payloads: answer.payloads } : { kind: 'failed', error: answer.error, splittable: answer.splittable };
    }
    const reply = statusReply(response.status, response.statusText, text, request.secrets);
    const wait = retryAfterMs(response.status, response.headers.get('retry-after'), (request.now ?? Date.now)());
    return reply.kind === 'failed' && wait !== undefined ? { ...reply, retryAfterMs: wait } : reply;
  } catch (e) {
    if (timedOut) return { kind: 'timeout', error: { kind: 'codec-timeout', detail: `no answer within ${request.timeoutMs} ms` } };
    return { kind: 'network', error: { kind: 'codec-unreachable', detail: codecErrorDetail(e instanceof Error ? e.message : String(e), '', request.secrets) } };
  } finally {
    clearTimeout(timer);
    request.answerBytes?.release(taken.bytes);
  }
}

function unreadDetail(unread: Unread): string {
  return unread.over === 'answer'
    ? `an answer larger than ${formatBytes(MAX_CODEC_ANSWER_BYTES)}`
    : `its answers to the requests under way came to more than ${formatBytes(unread.max)} at once`;
}

/**
 * The body as text, unless it passes MAX_CODEC_ANSWER_BYTES or the shared allowance. Counted as it arrives,
 * decompressed: a declared length counts what went over the wire (a compressed body can grow far past it), so it can
 * only refuse a body early. Each piece is decoded as it comes, so the bytes are not held beside the text; what is
 * read is added to `taken`.
 */
async function boundedText(response: Response, controller: AbortController, allowance: ByteAllowance | undefined, taken: { bytes: number }): Promise<string | Unread> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > MAX_CODEC_ANSWER_BYTES) return giveUp(controller, { over: 'answer' });
  const reader = response.body?.getReader();
  if (!reader) return response.text();
  const decoder = new TextDecoder();
  let text = '';
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    const bytes = read.value.byteLength;
    if (taken.bytes + bytes > MAX_CODEC_ANSWER_BYTES) return giveUp(controller, { over: 'answer' });
    if (allowance && !allowance.take(bytes)) return giveUp(controller, { over: 'together', max: allowance.max });
    taken.bytes += bytes;
    text += decoder.decode(read.value, { stream: true });
  }
  return text + decoder.decode();
}

function giveUp(controller: AbortController, unread: Unread): Unread {
  controller.abort();
  return unread;
}

function statusReply(status: number, statusText: string, body: string, secrets: readonly string[]): Reply {
  if (status === 401) return { kind: 'refused', error: { kind: 'codec-unauthorized' } };
  if (status === 403) return { kind: 'refused', error: { kind: 'codec-forbidden' } };
  if (status === 404) return { kind: 'refused', error: { kind: 'codec-not-found' } };
  if (status === 413) return { kind: 'too-large' };
  const error: DecodeError = { kind: 'codec-error', detail: codecErrorDetail(`${status}${statusText ? ` ${statusText}` : ''}`, body, secrets) };
  // The sample servers answer 400 or 500 to a whole request for one payload they cannot open. A gateway answers 502
  // both for a server that is down and for one that crashed on a payload (a Lambda's exception, a panic behind
  // nginx): its halves tell which. Other statuses (429, 503, 504, 405...) say nothing about the payloads: a server
  // that is down or overloaded would get a request for every payload, on every reload, and fare worse.
  if (status === 502) return { kind: 'failed', error, splittable: true, serverWide: true };
  return { kind: 'failed', error, splittable: status === 400 || status === 500 };
}
