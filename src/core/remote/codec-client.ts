// Talks the Codec Server Protocol (PROTOCOL.md §5) the way the Web UI does, with the same headers, but sends
// one answer's payloads in as few requests as the server accepts, several in flight at once.
import { CODEC_REQUEST_TIMEOUT_MS } from '../deadlines';
import { mayCarrySecrets } from '../origins';
import { EndpointLimit, SAFE_BODY_BYTES, packBatches, requestBody, utf8Length } from './codec-batches';
import { decodeError, type DecodeError, type DecodeResult } from '../errors';
import { isPayload, needsCodec, payloadEncoding, type Payload } from '../payload';

export interface CodecTarget {
  endpoint: string;
  namespace: string;
  accessToken?: string;
  idToken?: string;
  headers?: Record<string, string>;
  includeCredentials?: boolean;
}

export interface CodecClientOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
  maxBodyBytes?: number;
  concurrency?: number;
}

export interface CodecClient {
  decode(target: CodecTarget, payloads: Payload[]): Promise<DecodeResult[]>;
  encode(target: CodecTarget, payloads: Payload[]): Promise<DecodeResult[]>;
}

export const DEFAULT_MAX_BODY_BYTES = SAFE_BODY_BYTES;
// Browsers open six HTTP/1.1 connections per host; leave room for the Web UI's own calls.
export const DEFAULT_CONCURRENCY = 4;

type Operation = 'decode' | 'encode';

type Answer =
  | { kind: 'payloads'; payloads: Payload[] }
  | { kind: 'too-large' }
  | { kind: 'error'; error: DecodeError };

const CREDENTIAL_HEADERS = new Set(['authorization', 'authorization-extras', 'proxy-authorization', 'cookie']);

export function createCodecClient(opts: CodecClientOptions = {}): CodecClient {
  const fetchImpl = opts.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = opts.timeoutMs ?? CODEC_REQUEST_TIMEOUT_MS;
  const maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const concurrency = Math.max(1, opts.concurrency ?? DEFAULT_CONCURRENCY);
  const limits = new Map<string, EndpointLimit>();
  const slots = new Map<string, Semaphore>();

  async function post(url: string, init: RequestInit, body: string): Promise<Answer> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      // A redirect would carry the payloads, custom headers and cookies to an address the user never chose.
      const response = await fetchImpl(url, { ...init, body, signal: controller.signal, redirect: 'error' });
      // The body is read under the same timer: a server that stalls mid-answer is as stuck as a silent one.
      const text = await response.text();
      if (response.status === 413) return { kind: 'too-large' };
      if (!response.ok) return { kind: 'error', error: statusError(response.status, response.statusText, text) };
      return parseAnswer(text);
    } catch (e) {
      if (timedOut) return { kind: 'error', error: { kind: 'codec-timeout', detail: `no answer within ${timeoutMs} ms` } };
      return { kind: 'error', error: { kind: 'codec-unreachable', detail: e instanceof Error ? e.message : String(e) } };
    } finally {
      clearTimeout(timer);
    }
  }

  async function call(op: Operation, target: CodecTarget, payloads: Payload[]): Promise<DecodeResult[]> {
    const results: DecodeResult[] = new Array(payloads.length);
    const toSend: number[] = [];
    payloads.forEach((p, i) => {
      if (!isPayload(p)) results[i] = decodeError('malformed', 'not a payload');
      // Standard encodings are never sent anywhere (issue #3): nothing to decode, nothing to leak.
      else if (op === 'decode' && !needsCodec(p)) results[i] = { ok: true, payload: p };
      else toSend.push(i);
    });
    if (toSend.length === 0) return results;

    const url = codecUrl(target, op);
    if (url === null) {
      for (const i of toSend) results[i] = decodeError('codec-unreachable', `"${target.endpoint}" is not a valid URL`);
      return results;
    }
    const { init, tokenWithheld } = requestInit(target, url);
    const key = url.href;
    let limit = limits.get(key);
    if (limit === undefined) limits.set(key, (limit = new EndpointLimit()));
    let slot = slots.get(key);
    if (slot === undefined) slots.set(key, (slot = new Semaphore(concurrency)));
    const endpointLimit = limit;
    const semaphore = slot;

    const json: string[] = [];
    const sizes: number[] = [];
    for (const i of toSend) {
      json[i] = JSON.stringify(payloads[i]);
      sizes[i] = utf8Length(json[i]!);
    }

    const send = async (batch: number[]): Promise<void> => {
      const body = requestBody(batch.map((i) => json[i]!));
      const bytes = utf8Length(body);
      const answer = await semaphore.run(() => post(key, init, body));
      if (answer.kind === 'too-large') {
        endpointLimit.refused(bytes);
        if (batch.length === 1) {
          results[batch[0]!] = decodeError('codec-error', `413 Payload Too Large: this payload alone (${bytes} bytes) is over the codec server's request limit`);
          return;
        }
        // Until a smaller body has passed, the new size is a guess: one request tests it while the rest wait,
        // so a wrong guess costs one more 413, not one per request in flight.
        let parts = packBatches(batch, sizes, endpointLimit.limit(maxBodyBytes));
        if (parts.length < 2) parts = [batch.slice(0, batch.length >> 1), batch.slice(batch.length >> 1)];
        await send(parts[0]!);
        await Promise.all(packBatches(parts.slice(1).flat(), sizes, endpointLimit.limit(maxBodyBytes)).map(send));
        return;
      }
      if (answer.kind === 'error') {
        const error = tokenWithheld && (answer.error.kind === 'codec-unauthorized' || answer.error.kind === 'codec-forbidden')
          ? { ...answer.error, detail: 'the access token was not sent because the endpoint is neither https nor loopback' }
          : answer.error;
        for (const i of batch) results[i] = { ok: false, error };
        return;
      }
      endpointLimit.accepted(bytes);
      if (answer.payloads.length !== batch.length) {
        const detail = `${answer.payloads.length} payloads for ${batch.length} sent`;
        for (const i of batch) results[i] = decodeError('codec-bad-answer', detail);
        return;
      }
      batch.forEach((i, j) => {
        const p = answer.payloads[j]!;
        // A codec server hands back payloads it does not know unchanged; that is not a decoded payload.
        results[i] = op === 'decode' && needsCodec(p) ? decodeError('unsupported-encoding', `${payloadEncoding(p)}, returned unchanged by the codec server`) : { ok: true, payload: p };
      });
    };

    const batches = packBatches(toSend, sizes, endpointLimit.limit(maxBodyBytes));
    // Until an endpoint has answered once its limit is unknown: one request first, so a 413 is learned
    // from one refusal rather than from every request already in flight.
    if (!endpointLimit.answered && batches.length > 1) {
      await send(batches.shift()!);
      const rest = batches.flat();
      await Promise.all(packBatches(rest, sizes, endpointLimit.limit(maxBodyBytes)).map(send));
    } else {
      await Promise.all(batches.map(send));
    }
    return results;
  }

  return {
    decode: (target, payloads) => call('decode', target, payloads),
    encode: (target, payloads) => call('encode', target, payloads),
  };
}

/** The CLI's {namespace} template is honoured too; any query string on the endpoint is kept. */
export function codecUrl(target: CodecTarget, op: Operation): URL | null {
  let url: URL;
  try {
    url = new URL(target.endpoint.replaceAll('{namespace}', encodeURIComponent(target.namespace)));
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${op}`;
  return url;
}

/** Tokens go only to https:// or loopback endpoints (DESIGN.md), like the Web UI's "pass access token". */
export function requestInit(target: CodecTarget, url: URL): { init: RequestInit; tokenWithheld: boolean } {
  const secure = mayCarrySecrets(url.href);
  const sendToken = Boolean(target.accessToken) && secure;
  let tokenWithheld = Boolean(target.accessToken) && !secure;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(target.headers ?? {})) {
    const lower = name.toLowerCase();
    // The protocol's own headers are always ours; a configured token replaces a custom Authorization.
    if (lower === 'content-type' || lower === 'x-namespace' || (sendToken && lower === 'authorization')) continue;
    if (!secure && CREDENTIAL_HEADERS.has(lower)) {
      tokenWithheld = true;
      continue;
    }
    headers[name] = value;
  }
  headers['Content-Type'] = 'application/json';
  headers['X-Namespace'] = target.namespace;
  if (sendToken) {
    headers['Authorization'] = `Bearer ${target.accessToken}`;
    if (target.idToken) headers['Authorization-Extras'] = target.idToken;
  }
  return {
    init: { method: 'POST', headers, credentials: target.includeCredentials ? 'include' : 'omit', cache: 'no-store' },
    tokenWithheld,
  };
}

function statusError(status: number, statusText: string, body: string): DecodeError {
  if (status === 401) return { kind: 'codec-unauthorized' };
  if (status === 403) return { kind: 'codec-forbidden' };
  if (status === 404) return { kind: 'codec-not-found' };
  // Servers answer errors in HTML as often as in text: keep only the words, and only the start.
  const start = body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 160);
  const head = `${status}${statusText ? ` ${statusText}` : ''}`;
  return { kind: 'codec-error', detail: start ? `${head}: ${start}` : head };
}

function parseAnswer(text: string): Answer {
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    return { kind: 'error', error: { kind: 'codec-bad-answer', detail: 'not JSON' } };
  }
  const payloads = (answer as { payloads?: unknown } | null)?.payloads;
  if (!Array.isArray(payloads)) return { kind: 'error', error: { kind: 'codec-bad-answer', detail: 'no "payloads" list' } };
  // One malformed element makes the order of the rest doubtful too: the whole answer is rejected.
  if (!payloads.every(isPayload)) return { kind: 'error', error: { kind: 'codec-bad-answer', detail: 'an element is not a payload' } };
  return { kind: 'payloads', payloads };
}

class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly max: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
