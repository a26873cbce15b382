// Talks the Codec Server Protocol (docs/protocol.md §5) the way the Web UI does, with the same headers, but sends
// one answer's payloads in as few requests as the server accepts, several in flight at once, and splits a batch
// the server fails so that only the payloads it really cannot handle fail (failure-isolation.ts).
import { LRUCache } from 'lru-cache';
import pLimit, { type LimitFunction } from 'p-limit';
import { CODEC_REQUEST_TIMEOUT_MS } from '../deadlines';
import { MAX_CODEC_ANSWER_BYTES_AT_ONCE, MAX_CODEC_CALL_ANSWER_CHARS } from '../limits';
import { codecRequestProblem, codecRequestUrl, secretsRefusedAt } from './codec-url';
import { ByteAllowance } from './byte-allowance';
import { SAFE_BODY_BYTES, packBatches, requestBody, requestBodyBytes, utf8Length } from './codec-batches';
import { EndpointLimits, type EndpointLimit, type LimitMemory } from './endpoint-limits';
import { RefusalsUnderWay } from './refusals-under-way';
import { postPayloads, type CodecRequest, type Reply } from './codec-request';
import { RequestBudget, isolateFailures, type GroupOutcome } from './failure-isolation';
import { waitEnd } from './retry-after';
import type { LateResult } from '../decode-service';
import { decodeError, type DecodeError, type DecodeResult } from '../errors';
import { cameBackEmpty, isPayload, leftReadable, needsCodec, payloadEncoding, payloadTextChars, type Payload } from '../payload';

export interface CodecTarget {
  endpoint: string;
  namespace: string;
  accessToken?: string;
  idToken?: string;
  headers?: Record<string, string>;
  includeCredentials?: boolean;
  /**
   * Asked before each request, retries and late retries included: false (the user withdrew the browser's access to
   * the server) stops what is left of the call, as a 401 does. The background answers from a cache
   * (origin-access-cache.ts), so asking this often costs next to nothing.
   */
  mayReach?: () => Promise<boolean>;
  /**
   * Asked before each request too: false once a change of settings or secrets means the rule would no longer send
   * this (another address, a token forgotten or replaced). What is left of the call is then not sent, as after a 401:
   * it would carry what the user has just removed.
   */
  current?: () => boolean | Promise<boolean>;
}

export interface CodecClientOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
  maxBodyBytes?: number;
  concurrency?: number;
  /** Bytes of answers read at one time, over every request under way. */
  answerBytesAtOnce?: number;
  /** What one call's answers may add to what was sent, in characters (MAX_CODEC_CALL_ANSWER_CHARS; tests give less). */
  callGrowthChars?: number;
  /** The clock a server's Retry-After is kept by (tests move it). */
  now?: () => number;
  /** Where what the client learns of each endpoint's body limit outlives it (endpoint-limits.ts). */
  limitMemory?: LimitMemory;
}

export interface CodecClient {
  /**
   * One result per payload, for the answer. With `onLate`, batches that timed out are split and retried after
   * the answer, and what that finds is handed to `onLate`; without it, a timeout is final.
   */
  decode(target: CodecTarget, payloads: Payload[], onLate?: LateResult): Promise<DecodeResult[]>;
  encode(target: CodecTarget, payloads: Payload[], onLate?: LateResult): Promise<DecodeResult[]>;
  /** The server at `origin` answered a *Test*: a wait it asked for (Retry-After) ends now. */
  resume(origin: string): void;
}

export const DEFAULT_MAX_BODY_BYTES = SAFE_BODY_BYTES;
// Browsers open at most six HTTP/1.1 connections to a host. Requests without cookies go on connections of their own
// (Chrome's privacy mode, Firefox's anonymous connections), apart from the Web UI page's calls, which carry cookies: an
// answer's requests take all six (21 bodies go in 4 rounds of requests, where four at a time needed 6).
export const DEFAULT_CONCURRENCY = 6;
// With cookies (a rule's "Include browser cookies") they share the six with the page's calls to that host, which may
// be the Web UI's own: two are left to the page.
export const WITH_COOKIES_CONCURRENCY = 4;
// Work after the answer (retrying what timed out) sends one request at a time. Without cookies it is one request
// more: the browser queues it for the next free connection, so it can make one of an answer's requests wait for it,
// never more. With cookies it takes one of the answer's places as well, so that the page keeps its two.
const LATE_CONCURRENCY = 1;
// Requests waiting for that connection: past this (a server that never answers, reloaded again and again),
// a timeout is final, so the queue cannot grow without end.
const LATE_QUEUE_LIMIT = 32;
/**
 * Request URLs whose body size limits are kept, the least recently used dropped first. With `{namespace}` in an
 * endpoint each namespace is a URL of its own, and a page chooses the namespaces it asks for; a dropped limit is
 * learned again from the server's next 413.
 */
export const URLS_KEPT = 256;

type Operation = 'decode' | 'encode';

/** Runs work when a place is free; `pendingCount` works wait for one. */
interface Places {
  <T>(work: () => Promise<T>): Promise<T>;
  readonly pendingCount: number;
}

/** Places for requests to one host, with cookies or without: an answer's, and one for work after the answer. */
interface HostPlaces {
  now: Places;
  late: Places;
}

/** Work that takes a place of `outer`, then one of `inner`; counted as waiting while it waits for `outer`. */
function placesWithin(outer: LimitFunction, inner: LimitFunction): Places {
  const places = <T>(work: () => Promise<T>): Promise<T> => outer(() => inner(work));
  return Object.defineProperty(places, 'pendingCount', { get: () => outer.pendingCount }) as Places;
}

/** What the client holds for one endpoint URL, with cookies or without, for its lifetime. */
interface Endpoint extends HostPlaces {
  /** The body size the server there takes, as learned from its 413s. */
  limit: EndpointLimit;
}

export function createCodecClient(opts: CodecClientOptions = {}): CodecClient {
  const fetchImpl = opts.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = opts.timeoutMs ?? CODEC_REQUEST_TIMEOUT_MS;
  const maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const concurrency = Math.max(1, opts.concurrency ?? DEFAULT_CONCURRENCY);
  const limits = new EndpointLimits(URLS_KEPT, opts.limitMemory);
  const hosts = new Map<string, HostPlaces>();
  const answerBytes = new ByteAllowance(opts.answerBytesAtOnce ?? MAX_CODEC_ANSWER_BYTES_AT_ONCE);
  const callGrowthChars = opts.callGrowthChars ?? MAX_CODEC_CALL_ANSWER_CHARS;
  const now = opts.now ?? Date.now;
  // Until when each server (by origin: its load is the server's, whatever the path or operation) asked not to be sent
  // anything. Bounded like the limits: a forgotten pause only means the server is asked once more.
  const pausedUntil = new LRUCache<string, number>({ max: URLS_KEPT });
  // The same detail for every payload of the wait, so that it reads as one reason wherever failures are grouped.
  const paused = (until: number): DecodeError => ({ kind: 'codec-paused', detail: waitEnd(until) });
  const pauseAt = (origin: string): DecodeError | undefined => {
    const until = pausedUntil.get(origin);
    if (until === undefined) return undefined;
    if (until > now()) return paused(until);
    pausedUntil.delete(origin);
    return undefined;
  };

  const refusals = new RefusalsUnderWay();
  // Per endpoint, its very first request while under way: what other calls there wait for (see `call`).
  const firstRequests = new WeakMap<EndpointLimit, Promise<void>>();

  const endpointFor = (op: Operation, url: URL, withCookies: boolean): Endpoint => {
    const mode = withCookies ? 'with cookies' : 'without cookies';
    // The browser's connections are per host, whatever the path: the addresses of several namespaces there share
    // the host's places, as past them a request would wait in the browser's queue with its timeout running. Encoding
    // (a start or a signal the user is waiting on) keeps places of its own, so that it never queues behind the
    // decoding of a long history.
    const placesKey = `${op} ${mode} ${url.origin}`;
    let places = hosts.get(placesKey);
    if (places === undefined) {
      const now = pLimit(withCookies ? Math.min(concurrency, WITH_COOKIES_CONCURRENCY) : concurrency);
      const late = pLimit(LATE_CONCURRENCY);
      places = { now, late: withCookies ? placesWithin(late, now) : late };
      hosts.set(placesKey, places);
    }
    return { limit: limits.of(`${mode} ${url.href}`), ...places };
  };

  async function call(op: Operation, target: CodecTarget, payloads: Payload[], onLate?: LateResult): Promise<DecodeResult[]> {
    const results: DecodeResult[] = new Array(payloads.length);
    const toSend: number[] = [];
    payloads.forEach((p, i) => {
      if (!isPayload(p)) results[i] = decodeError('malformed', 'not a payload');
      // Standard encodings are never sent anywhere (issue #3): nothing to decode, nothing to leak.
      else if (op === 'decode' && !needsCodec(p)) results[i] = { ok: true, payload: p };
      else toSend.push(i);
    });
    if (toSend.length === 0) return results;

    const url = codecRequestUrl(target.endpoint, target.namespace, op);
    if (url === null) {
      for (const i of toSend) results[i] = decodeError('codec-unreachable', codecRequestProblem(target.endpoint, target.namespace));
      return results;
    }
    const { init, headers, secretsWithheld } = requestInit(target);
    const { origin } = url;
    const accessWithdrawn: DecodeError = { kind: 'codec-permission-missing', detail: origin };
    const superseded: DecodeError = { kind: 'settings-changed' };
    const stillCurrent = async (): Promise<boolean> => (target.current ? await Promise.resolve().then(target.current).catch(() => false) : true);
    const request: CodecRequest = { fetch: fetchImpl, url: url.href, init, timeoutMs, secrets: secretsOf(target), answerBytes, now };
    const endpoint = endpointFor(op, url, Boolean(target.includeCredentials));
    // Set by the first 401, 403 or 404 (the token or the address is wrong), or once access is withdrawn or the target
    // is no longer current: nothing more of this call is sent.
    let refusal: DecodeError | undefined;

    const json: string[] = [];
    const sizes: number[] = [];
    for (const i of toSend) {
      json[i] = JSON.stringify(payloads[i]);
      sizes[i] = utf8Length(json[i]!);
    }

    /** One request for the group, and once more on a network error while the batch's budget allows. */
    async function exchange(group: readonly number[], budget: RequestBudget, late: boolean): Promise<{ reply: Reply; bytes: number }> {
      // Built once its request may go: an answer's first request leaves as soon as its own body is ready, and the
      // rest are built while it is under way, instead of every body before any request.
      let body: string | undefined;
      const postOnce = (): Promise<Reply> =>
        (late ? endpoint.late : endpoint.now)(async (): Promise<Reply> => {
          if (refusal) return { kind: 'refused', error: refusal };
          // Asked in the request's place, just before it goes: the requests waiting for a place, a retry, and work
          // after the answer can each come long after the call began.
          if (target.mayReach && !(await target.mayReach().catch(() => false))) return { kind: 'refused', error: accessWithdrawn };
          // After the question above, so that a change made while the browser answered it is seen too.
          if (!(await stillCurrent())) return { kind: 'refused', error: superseded };
          // A refusal may have come in while the browser answered, to this call or to another.
          const refused = refusal ?? beside.refusal;
          if (refused) return { kind: 'refused', error: refused };
          // The server asked to be left alone (this call's earlier answer, or another's): not sent at all.
          const waiting = pauseAt(origin);
          if (waiting) return { kind: 'refused', error: waiting };
          body ??= requestBody(group.map((i) => json[i]!));
          const reply = await postPayloads(request, body, group.length);
          if (reply.kind === 'refused') beside.refused(reply.error);
          return reply;
        });
      let reply = await postOnce();
      // The TypeScript sample's server closes idle keep-alive connections after 5 s: the first request after a
      // pause can meet a connection closed under it.
      if (reply.kind === 'network' && budget.take()) reply = await postOnce();
      return { reply, bytes: requestBodyBytes(group.map((i) => sizes[i]!)) };
    }

    // What this call's answers added so far to what was sent (callGrowthChars).
    let grownChars = 0;

    function outcome(group: readonly number[], { reply, bytes }: { reply: Reply; bytes: number }): GroupOutcome {
      switch (reply.kind) {
        case 'payloads':
          endpoint.limit.accepted(bytes);
          return {
            kind: 'settled',
            results: reply.payloads.map((p, k) => {
              grownChars += Math.max(0, payloadTextChars(p) - payloadTextChars(payloads[group[k]!]!));
              if (grownChars > callGrowthChars) return decodeError('codec-answers-too-large');
              // Every payload a Temporal SDK writes names its encoding: without one, neither the Web UI nor a worker
              // could read it, so it must not replace the original.
              if (payloadEncoding(p) === undefined) {
                // From /encode, for a payload that had none either, most likely the payload given back as it was.
                if (op === 'encode' && sameEncodingAsSent(p, payloads[group[k]!]!)) return decodeError('codec-not-encoded');
                return decodeError('codec-bad-answer', 'a payload came back without a readable encoding');
              }
              // A codec server hands back payloads it does not know unchanged (or, opening one layer of several, still
              // encoded): that is not a decoded payload.
              if (op === 'decode' && needsCodec(p)) return decodeError(sameEncodingAsSent(p, payloads[group[k]!]!) ? 'codec-not-decoded' : 'codec-decoded-in-part', payloadEncoding(p));
              // Likewise to /encode (a server that does not know the namespace, or a compressing codec that leaves small
              // payloads alone): what the Web UI sends would reach Temporal readable, which the rule is there to prevent.
              if (op === 'encode' && leftReadable(p)) return decodeError('codec-not-encoded', payloadEncoding(p));
              if (op === 'encode' && cameBackEmpty(p, payloads[group[k]!]!)) return decodeError('codec-encoded-empty');
              return { ok: true, payload: p };
            }),
          };
        case 'refused': {
          const withheld = secretsWithheld && (reply.error.kind === 'codec-unauthorized' || reply.error.kind === 'codec-forbidden');
          refusal ??= withheld ? { ...reply.error, detail: 'the token and header values were not sent because the endpoint is neither https nor loopback' } : reply.error;
          return { kind: 'failed', error: refusal };
        }
        case 'too-large':
          endpoint.limit.refused(bytes);
          if (group.length === 1) return { kind: 'failed', error: { kind: 'codec-payload-too-large', detail: `${bytes} bytes` } };
          return { kind: 'split', error: { kind: 'codec-error', detail: `413 Payload Too Large: ${group.length} payloads, ${bytes} bytes` } };
        case 'failed':
          if (reply.retryAfterMs !== undefined) {
            const until = now() + reply.retryAfterMs;
            pausedUntil.set(origin, until);
            return { kind: 'failed', error: paused(until) };
          }
          if (!reply.splittable) return { kind: 'failed', error: reply.error };
          return reply.serverWide ? { kind: 'split', error: reply.error, serverWide: true } : { kind: 'split', error: reply.error };
        case 'timeout':
          return { kind: 'timed-out', error: reply.error };
        case 'network':
          return { kind: 'failed', error: reply.error };
      }
    }

    async function runBatch(batch: number[]): Promise<void> {
      const budget = new RequestBudget(batch.length + 1);
      budget.take();
      const first = await exchange(batch, budget, false);
      if (first.reply.kind === 'too-large' && batch.length > 1) {
        endpoint.limit.refused(first.bytes);
        // Until a smaller body has passed, the new size is a guess: one request tests it while the rest wait,
        // so a wrong guess costs one more 413, not one per request in flight. Each part is a batch of its own.
        let parts = packBatches(batch, sizes, endpoint.limit.limit(maxBodyBytes));
        if (parts.length < 2) parts = [batch.slice(0, batch.length >> 1), batch.slice(batch.length >> 1)];
        await runBatch(parts[0]!);
        await Promise.all(packBatches(parts.slice(1).flat(), sizes, endpoint.limit.limit(maxBodyBytes)).map(runBatch));
        return;
      }
      await isolateFailures(batch, outcome(batch, first), budget, {
        send: async (group, late) => outcome(group, await exchange(group, budget, late)),
        settle: (i, result) => (results[i] = result),
        ...(onLate && endpoint.late.pendingCount < LATE_QUEUE_LIMIT ? { settleLate: onLate } : {}),
      });
    }

    // A refusal got by this call or by another under way beside it that sends the same, which then sends nothing more
    // either (refusals-under-way.ts).
    const beside = refusals.begin({ url: url.href, headers, includeCredentials: Boolean(target.includeCredentials) });
    try {
      // One this background has not heard from yet may be one an earlier background learned about.
      if (!endpoint.limit.answered) await limits.recalled;
      // Another call's first request is finding out what the endpoint takes: waited for, once, as this call's own
      // requests wait for its first below (a history's two directions come at once, and other tabs' answers).
      const finding = endpoint.limit.answered ? undefined : firstRequests.get(endpoint.limit);
      if (finding) await finding;
      const batches = packBatches(toSend, sizes, endpoint.limit.limit(maxBodyBytes));
      // Until an endpoint has answered once its limit is unknown: one request first, so a 413 is learned
      // from one refusal rather than from every request already in flight.
      if (!endpoint.limit.answered && !firstRequests.has(endpoint.limit)) {
        const first = runBatch(batches.shift()!);
        const found = first.then(
          () => undefined,
          () => undefined,
        );
        firstRequests.set(endpoint.limit, found);
        await first.finally(() => firstRequests.delete(endpoint.limit));
        if (batches.length > 0) await Promise.all(packBatches(batches.flat(), sizes, endpoint.limit.limit(maxBodyBytes)).map(runBatch));
      } else {
        await Promise.all(batches.map(runBatch));
      }
    } finally {
      beside.end();
    }
    return results;
  }

  return {
    decode: (target, payloads, onLate) => call('decode', target, payloads, onLate),
    encode: (target, payloads, onLate) => call('encode', target, payloads, onLate),
    resume: (origin) => void pausedUntil.delete(origin),
  };
}

/** Every secret a request to the target may carry, to remove from what its server says back. */
export function secretsOf({ accessToken, idToken, headers }: CodecTarget): string[] {
  return [accessToken, idToken, ...Object.values(headers ?? {})].filter((secret): secret is string => Boolean(secret));
}

/**
 * Tokens, ID tokens and header values go only to https:// or loopback endpoints (docs/architecture.md), like the Web
 * UI's "pass access token": elsewhere none of them is sent, as the save would refuse them there (secretsRefusedAt).
 */
export function requestInit(target: CodecTarget): { init: RequestInit; headers: Record<string, string>; secretsWithheld: boolean } {
  const secretsWithheld = secretsRefusedAt(target.endpoint, secretsOf(target).length > 0);
  const sendToken = Boolean(target.accessToken) && !secretsWithheld;
  // The protocol's own headers are always ours; a configured token replaces a custom Authorization. Made from entries:
  // assigning a header named `__proto__` would set a prototype, not a header.
  const headers: Record<string, string> = Object.fromEntries(
    (secretsWithheld ? [] : Object.entries(target.headers ?? {})).filter(([name]) => {
      const lower = name.toLowerCase();
      return lower !== 'content-type' && lower !== 'x-namespace' && !(sendToken && lower === 'authorization');
    }),
  );
  headers['Content-Type'] = 'application/json';
  headers['X-Namespace'] = target.namespace;
  if (sendToken) {
    headers['Authorization'] = `Bearer ${target.accessToken}`;
    if (target.idToken) headers['Authorization-Extras'] = target.idToken;
  }
  return {
    init: { method: 'POST', headers, credentials: target.includeCredentials ? 'include' : 'omit', cache: 'no-store' },
    headers,
    secretsWithheld,
  };
}

/**
 * Whether the server gave `returned` back in the encoding `sent` had: not decoded at all. Its data is not compared: a
 * server may write the same bytes' base64 its own way.
 */
const sameEncodingAsSent = (returned: Payload, sent: Payload) => payloadEncoding(returned) === payloadEncoding(sent);
