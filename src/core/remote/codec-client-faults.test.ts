// How the codec client fails: only the payloads a server really cannot handle, with their own reason, for a
// bounded number of requests; refusals stop at once; timeouts do not hold the answer back.
import type { ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { decodeBase64Text } from '../base64';
import { createDecodeService, type Decoder } from '../decode-service';
import { explainError, type DecodeResult } from '../errors';
import { formatBytes, MAX_CODEC_ANSWER_BYTES, MAX_DECOMPRESSED_ANSWER_BYTES } from '../limits';
import type { Payload } from '../payload';
import {
  closeConnection,
  fakeEncoded,
  fakeOpen,
  fakeTampered,
  sendBadJson,
  sendJson,
  sleep,
  startCodecServer,
  typescriptSampleHandler,
  type RecordedRequest,
  type TestCodecServer,
} from '../test-support/codec-server';
import { createCodecClient, type CodecTarget } from './codec-client';
import { waitEnd } from './retry-after';

let server: TestCodecServer;
afterEach(async () => server?.close());

const target = (overrides: Partial<CodecTarget> = {}): CodecTarget => ({ endpoint: `${server.url}/codec`, namespace: 'payments', ...overrides });
const sent = (req: RecordedRequest) => (JSON.parse(req.body) as { payloads: Payload[] }).payloads;
const outcome = (r: DecodeResult) => (r.ok ? decodeBase64Text(r.payload.data ?? '') : r.error.kind);
const goodOnes = (n: number) => Array.from({ length: n }, (_, i) => fakeEncoded(JSON.stringify({ order: i })));
/** A body limit that takes one payload of goodOnes per body. */
const onePerBody = (payloads: Payload[]) => Buffer.byteLength(JSON.stringify({ payloads: [payloads[0]] })) + 8;

/** Decodes every payload with the fake codec. */
const decodesAll = (req: RecordedRequest, res: ServerResponse) => sendJson(res, 200, { payloads: sent(req).map((p) => fakeOpen(p)) });

/** Decodes with the fake codec, but answers `fault` to requests for which `when` holds. */
function faultyServer(when: (req: RecordedRequest, nth: number) => boolean, fault: (res: ServerResponse) => void) {
  let nth = 0;
  return (req: RecordedRequest, res: ServerResponse) => (when(req, nth++) ? fault(res) : decodesAll(req, res));
}

describe('a batch with payloads the server cannot open', () => {
  it('against the TypeScript sample: 20 decoded, the tampered and the foreign-key payload fail alone', async () => {
    server = await startCodecServer(typescriptSampleHandler());
    const payloads = goodOnes(20);
    payloads.splice(7, 0, fakeTampered());
    payloads.splice(15, 0, fakeEncoded('{"from":"another key"}', 'other-key'));

    const results = await createCodecClient().decode(target(), payloads);

    expect(results.filter((r) => r.ok)).toHaveLength(20);
    expect(results.map((r, i) => (r.ok ? 'ok' : i)).filter((x) => x !== 'ok')).toEqual([7, 15]);
    for (const i of [7, 15]) {
      expect(results[i]).toEqual({ ok: false, error: { kind: 'codec-error', detail: '500 Internal Server Error' } });
      // Its failure is its own answer, not the batch's: it was sent alone.
      expect(server.requests.some((r) => sent(r).length === 1 && sent(r)[0]!.data === payloads[i]!.data)).toBe(true);
    }
    expect(outcome(results[0]!)).toBe('{"order":0}');
    expect(outcome(results[21]!)).toBe('{"order":19}');
    // n = 22, b = 2: 2·b·⌈log2 n⌉ + 1 = 21, and n + 1 = 23.
    expect(server.requests.length).toBeLessThanOrEqual(21);
  });

  it('keeps no part of a header value the server echoes in its error, wherever the error is cut', async () => {
    const tenant = 'tenant-secret-0123456789abcdef';
    server = await startCodecServer((req, res) => {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      // The value starts just before where the detail is cut.
      res.end(`${'no such tenant '.repeat(10)}${String(req.headers['x-tenant'])}`);
    });
    const [result] = await createCodecClient().decode(target({ headers: { 'X-Tenant': tenant } }), goodOnes(1));
    expect(result!.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain(tenant.slice(0, 8));
  });

  it('gives up on an answer too large to be one, declared so or not, and keeps the original', async () => {
    const tooLarge = { ok: false, error: { kind: 'codec-bad-answer', detail: `an answer larger than ${formatBytes(MAX_CODEC_ANSWER_BYTES)}` } };
    // Declared: not read at all.
    server = await startCodecServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(MAX_CODEC_ANSWER_BYTES + 1) });
      res.write('{"payloads":[');
    });
    expect(await createCodecClient().decode(target(), goodOnes(1))).toEqual([tooLarge]);
    await server.close();
    // Declared small, but compressed: what counts is what it grows to.
    const bomb = gzipSync(Buffer.alloc(MAX_CODEC_ANSWER_BYTES + 1024, 0x20));
    server = await startCodecServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Content-Length': String(bomb.length) });
      res.end(bomb);
    });
    expect(await createCodecClient().decode(target(), goodOnes(1))).toEqual([tooLarge]);
    await server.close();
    // Sent without a length: read only until it is too long.
    let sent = 0;
    server = await startCodecServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      const more = () => {
        while (sent <= 2 * MAX_CODEC_ANSWER_BYTES && !res.destroyed && res.write(chunk)) sent += chunk.length;
      };
      res.on('drain', more);
      more();
    });
    expect(await createCodecClient().decode(target(), goodOnes(1))).toEqual([tooLarge]);
    expect(sent).toBeLessThan(2 * MAX_CODEC_ANSWER_BYTES);
  });

  it('reads answers under way together only up to a shared cap, and gives it back for the next call', async () => {
    const KiB = 1024;
    // Each answer is padded to 600 KiB and, once all four requests are in, sent in two halves, so that the four are
    // read side by side: their first halves alone pass the 1 MiB allowed at once.
    const pad = ' '.repeat(600 * KiB);
    let together = false;
    let gate: (() => void) | undefined;
    const allIn = new Promise<void>((resolve) => (gate = resolve));
    let arrived = 0;
    server = await startCodecServer(async (req, res) => {
      const body = JSON.stringify({ payloads: sent(req).map((p) => fakeOpen(p)) }).replace('{', `{${pad}`);
      if (together && ++arrived === 4) gate!();
      if (together) await allIn;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const half = Math.floor(body.length / 2);
      res.write(body.slice(0, half));
      await sleep(together ? 150 : 0);
      res.end(body.slice(half));
    });
    const payloads = goodOnes(4);
    const client = createCodecClient({ maxBodyBytes: onePerBody(payloads), concurrency: 4, answerBytesAtOnce: 1024 * KiB });
    // An endpoint's first request goes alone (codec-client.ts); once it has answered, the four go together.
    expect((await client.decode(target(), payloads.slice(0, 1))).map(outcome)).toEqual(['{"order":0}']);

    together = true;
    const sentences = (await client.decode(target(), payloads)).map((r) => (r.ok ? 'decoded' : explainError(r.error)));
    const over = 'The codec server answered with something that is not a list of payloads (its answers to the requests under way came to more than 1 MiB at once).';
    expect(sentences).toContain('decoded');
    expect(sentences).toContain(over);
    expect(sentences.every((s) => s === 'decoded' || s === over)).toBe(true);

    // One at a time, the same answers fit: what the call above read was given back.
    together = false;
    const results = [];
    for (const payload of payloads) results.push(...(await client.decode(target(), [payload])));
    expect(results.map(outcome)).toEqual(payloads.map((_, i) => JSON.stringify({ order: i })));
  });

  /** A codec server that answers each payload sent with `answer(sent)`. */
  const answering = (answer: (sent: Payload) => Payload) =>
    (async (_url: string, init: RequestInit) => new Response(JSON.stringify({ payloads: (JSON.parse(String(init.body)) as { payloads: Payload[] }).payloads.map(answer) }))) as unknown as typeof fetch;
  const plainAnswer = (data: string): Payload => ({ metadata: { encoding: btoa('json/plain') }, data });
  const codecAt = { endpoint: 'https://codec.example.com/codec' };

  it('keeps no more of one call’s answers than its cap: past it, the rest of the call’s payloads fail', async () => {
    const payloads = goodOnes(6);
    // Each one-payload request answered with 1,000 characters more than it sent; the cap lets four through.
    const client = createCodecClient({ fetch: answering((p) => plainAnswer(p.data + 'A'.repeat(1000))), maxBodyBytes: onePerBody(payloads), callGrowthChars: 4500 });
    const results = await client.decode(target(codecAt), payloads);
    expect(results.filter((r) => r.ok)).toHaveLength(4);
    const sentence = `The codec server's answers for these payloads are more than ${formatBytes(MAX_DECOMPRESSED_ANSWER_BYTES)} larger in all than what was sent; this one was left as it is.`;
    expect(results.flatMap((r) => (r.ok ? [] : [explainError(r.error)]))).toEqual([sentence, sentence]);
  });

  it('counts only what the answers add: payloads that come back no larger than sent are never capped', async () => {
    const payloads = Array.from({ length: 6 }, () => ({ ...goodOnes(1)[0]!, data: btoa('"'.padEnd(1999, 'A') + '"') }));
    // As an encryption-only codec answers: the same size back (here, the same bytes under a standard encoding).
    const client = createCodecClient({ fetch: answering((p) => plainAnswer(p.data!)), maxBodyBytes: onePerBody(payloads), callGrowthChars: 4500 });
    expect((await client.decode(target(codecAt), payloads)).every((r) => r.ok)).toBe(true);
  });

  it('gives each failing payload its own reason when the server names it', async () => {
    server = await startCodecServer((req, res) => {
      try {
        sendJson(res, 200, { payloads: sent(req).map((p) => fakeOpen(p)) });
      } catch (e) {
        res.writeHead(400, { 'Content-Type': 'text/plain' });
        res.end(`${(e as Error).message}\n`);
      }
    });
    const payloads = [...goodOnes(5), fakeTampered(), fakeEncoded('1', 'key-2024')];
    const results = await createCodecClient().decode(target(), payloads);
    expect(results.slice(0, 5).every((r) => r.ok)).toBe(true);
    const sentences = results.slice(5).map((r) => (r.ok ? '' : explainError(r.error)));
    expect(sentences).toEqual([
      'The codec server failed: 400 Bad Request: decryption failed (wrong key or tampered data).',
      'The codec server failed: 400 Bad Request: unknown encryption key id "key-2024".',
    ]);
  });

  it('keeps an HTML error page to its words, and short', async () => {
    server = await startCodecServer((_req, res) => sendBadJson(res, '{"payloads": [}'));
    const [result] = await createCodecClient().decode(target(), goodOnes(1));
    expect(result).toMatchObject({ ok: false, error: { kind: 'codec-error' } });
    const detail = result!.ok ? '' : result!.error.detail!;
    expect(detail).toMatch(/^400 Bad Request: SyntaxError: Unexpected token '}', "{"payloads": \[}" is not valid JSON at JSON\.parse \(<anonymous>\) at parse/);
    expect(detail).not.toMatch(/<pre>|&nbsp;|&quot;|Error Error/);
    expect(detail.length).toBeLessThanOrEqual(200);
  });

  it('splits a batch answered with the wrong count or an unparsable answer, down to the payload at fault', async () => {
    const bad = fakeEncoded('"breaks the answer"');
    server = await startCodecServer((req, res) => {
      const payloads = sent(req);
      if (payloads.some((p) => p.data === bad.data)) return sendJson(res, 200, payloads.length > 2 ? { payloads: payloads.slice(1) } : '{"payloads": [');
      sendJson(res, 200, { payloads: payloads.map((p) => fakeOpen(p)) });
    });
    const payloads = [...goodOnes(6), bad, ...goodOnes(3)];
    const results = await createCodecClient().decode(target(), payloads);
    expect(results.map((r) => r.ok)).toEqual([true, true, true, true, true, true, false, true, true, true]);
    expect(results[6]).toEqual({ ok: false, error: { kind: 'codec-bad-answer', detail: 'not JSON' } });
  });
});

describe('a server failing whatever it is sent', () => {
  const answers: Array<[string, (res: import('node:http').ServerResponse) => void, string]> = [
    ...[503, 504, 429].map((status): [string, (res: import('node:http').ServerResponse) => void, string] => [
      String(status),
      (res) => {
        res.writeHead(status, { 'Content-Type': 'text/html' });
        res.end('<html><body>Service Unavailable</body></html>');
      },
      'codec-error',
    ]),
    ['200 with a sign-in page', (res) => sendJson(res, 200, '<!doctype html><html><body>Sign in</body></html>'), 'codec-bad-answer'],
    ['200 with an object of its own', (res) => sendJson(res, 200, { error: 'maintenance' }), 'codec-bad-answer'],
    ['204 with no body', (res) => res.writeHead(204).end(), 'codec-bad-answer'],
  ];
  for (const [name, answer, kind] of answers) {
    it(`${name}: one request for the batch, not one for each payload`, async () => {
      server = await startCodecServer((_req, res) => answer(res));
      const results = await createCodecClient().decode(target(), goodOnes(40));
      expect(results.map((r) => !r.ok && r.error.kind)).toEqual(Array(40).fill(kind));
      expect(server.requests).toHaveLength(1);
    });
  }

  it('504 with Retry-After: asked again by the next answer (only 429 and 503 ask to wait)', async () => {
    server = await startCodecServer((_req, res) => void res.writeHead(504, { 'Retry-After': '30' }).end());
    const client = createCodecClient();
    for (let answer = 0; answer < 2; answer++) {
      expect((await client.decode(target(), goodOnes(3))).map((r) => !r.ok && r.error.kind)).toEqual(Array(3).fill('codec-error'));
    }
    expect(server.requests).toHaveLength(2);
  });

  it('502 for everything: the halves are asked once, and, failing alike, no further', async () => {
    server = await startCodecServer((_req, res) => {
      res.writeHead(502, { 'Content-Type': 'text/html' });
      res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
    });
    const results = await createCodecClient().decode(target(), goodOnes(40));
    expect(results.map((r) => !r.ok && r.error.kind)).toEqual(Array(40).fill('codec-error'));
    expect(server.requests).toHaveLength(3);
  });

  it('502 for one payload it crashes on (a gateway in front of it): the others are decoded', async () => {
    const bad = fakeEncoded('"crashes the server"');
    server = await startCodecServer((req, res) => {
      const payloads = sent(req);
      if (!payloads.some((p) => p.data === bad.data)) return sendJson(res, 200, { payloads: payloads.map((p) => fakeOpen(p)) });
      res.writeHead(502, { 'Content-Type': 'text/html' });
      res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
    });
    const payloads = [...goodOnes(25), bad, ...goodOnes(14)];
    const results = await createCodecClient().decode(target(), payloads);
    expect(results.map((r) => r.ok)).toEqual(payloads.map((p) => p !== bad));
    expect(server.requests.length).toBeLessThanOrEqual(payloads.length + 1);
  });

  it('a megabyte of empty objects for one payload is refused unparsed, and not asked again smaller', async () => {
    server = await startCodecServer((_req, res) => sendJson(res, 200, `{"payloads":[${'{},'.repeat(350_000)}{}]}`));
    const results = await createCodecClient().decode(target(), goodOnes(4));
    expect(results).toEqual(Array(4).fill({ ok: false, error: { kind: 'codec-bad-answer', detail: 'more than the payloads sent could hold' } }));
    expect(server.requests).toHaveLength(1);
  });
});

describe('a redirect', () => {
  it('is not followed, not tried again, and said as what it is, for every payload of the call', async () => {
    const elsewhere = await startCodecServer((req, res) => sendJson(res, 200, { payloads: sent(req).map((p) => fakeOpen(p)) }));
    try {
      server = await startCodecServer((_req, res) => {
        res.writeHead(302, { Location: `${elsewhere.url}/sso/login` });
        res.end();
      });
      const results = await createCodecClient({ maxBodyBytes: 300, concurrency: 1 }).decode(target({ accessToken: 'tok' }), goodOnes(12));
      expect(results.map((r) => !r.ok && r.error.kind)).toEqual(Array(12).fill('codec-redirected'));
      expect(server.requests).toHaveLength(1);
      expect(elsewhere.requests).toEqual([]);
    } finally {
      await elsewhere.close();
    }
  });
});

describe('refusals (401, 403, 404)', () => {
  for (const [status, kind] of [
    [401, 'codec-unauthorized'],
    [403, 'codec-forbidden'],
    [404, 'codec-not-found'],
  ] as const) {
    it(`${status}: one request, and the call's other batches fail with it unsent`, async () => {
      server = await startCodecServer((_req, res) => {
        res.writeHead(status, { 'Content-Type': 'text/plain' });
        res.end('no');
      });
      // Small bodies and one connection: many batches, only one of them sent before the refusal is known.
      const client = createCodecClient({ maxBodyBytes: 300, concurrency: 1 });
      const results = await client.decode(target(), goodOnes(12));
      expect(results.map((r) => !r.ok && r.error.kind)).toEqual(Array(12).fill(kind));
      expect(server.requests).toHaveLength(1);
    });
  }

  it('shares a refusal with the calls under way beside it that send the same, and asks again once they are over', async () => {
    let refusing = false;
    server = await startCodecServer((req, res) => {
      if (refusing) return void res.writeHead(401, { 'Content-Type': 'text/plain' }).end('no');
      sendJson(res, 200, { payloads: sent(req).map((p) => fakeOpen(p)) });
    });
    // Small bodies and one connection: each call's requests wait in line for it, behind the others'.
    const client = createCodecClient({ maxBodyBytes: 300, concurrency: 1 });
    const kinds = (results: DecodeResult[]) => results.map((r) => !r.ok && r.error.kind);
    // The endpoint has answered, so no call waits for another's first request; then its token stops being taken.
    expect(kinds(await client.decode(target(), goodOnes(1)))).toEqual([false]);
    refusing = true;
    server.requests.length = 0;
    // Answers under way together (a history's two directions, another tab's): one request refused, the rest unsent.
    const together = await Promise.all([0, 1, 2].map(() => client.decode(target(), goodOnes(6))));
    expect(together.flatMap(kinds)).toEqual(Array(18).fill('codec-unauthorized'));
    expect(server.requests).toHaveLength(1);
    // Beside them, another token for the same address and namespace (another rule's) is asked for itself.
    server.requests.length = 0;
    const [mine, another] = await Promise.all([client.decode(target(), goodOnes(6)), client.decode(target({ accessToken: 'another-rule' }), goodOnes(6))]);
    expect(kinds(mine)).toEqual(Array(6).fill('codec-unauthorized'));
    expect(kinds(another)).toEqual(Array(6).fill('codec-unauthorized'));
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([undefined, 'Bearer another-rule']);
    // Once none is under way, the next call asks the server, which may have been put right.
    refusing = false;
    server.requests.length = 0;
    expect(kinds(await client.decode(target(), goodOnes(2)))).toEqual([false, false]);
  });
});

describe('network errors', () => {
  it('retries once when the connection is closed under the request', async () => {
    server = await startCodecServer(faultyServer((_req, nth) => nth === 0, closeConnection));
    const results = await createCodecClient().decode(target(), goodOnes(3));
    expect(results.map(outcome)).toEqual(['{"order":0}', '{"order":1}', '{"order":2}']);
    expect(server.requests).toHaveLength(2);
  });

  it('gives up after the second failure: codec-unreachable, two requests', async () => {
    server = await startCodecServer(faultyServer(() => true, closeConnection));
    const results = await createCodecClient().decode(target(), goodOnes(3));
    expect(results.map((r) => !r.ok && r.error.kind)).toEqual(['codec-unreachable', 'codec-unreachable', 'codec-unreachable']);
    expect(server.requests).toHaveLength(2);
  });
});

describe('timeouts', () => {
  const hang = () => undefined;
  // Far above what a loopback request takes, so that only the requests made to hang time out.
  const timeoutMs = 500;
  // Node loads its fetch on first use, which can take longer than a request: not inside a timed request.
  beforeAll(async () => {
    const warm = await startCodecServer((req, res) => sendJson(res, 200, { payloads: sent(req) }));
    await createCodecClient().decode({ endpoint: warm.url, namespace: 'n' }, goodOnes(1));
    await warm.close();
  });

  it('fails the answer with codec-timeout at once, and hands the payloads decoded later to onLate', async () => {
    server = await startCodecServer(faultyServer((_req, nth) => nth === 0, hang));
    const late = new Map<number, DecodeResult>();
    let allLate: () => void = () => undefined;
    const lateDone = new Promise<void>((resolve) => (allLate = resolve));
    const onLate = (i: number, r: DecodeResult) => {
      late.set(i, r);
      if (late.size === 4) allLate();
    };

    const answer = await createCodecClient({ timeoutMs }).decode(target(), goodOnes(4), onLate);
    expect(answer.map((r) => !r.ok && r.error.kind)).toEqual(Array(4).fill('codec-timeout'));
    // The answer does not wait for the halves.
    expect(late.size).toBe(0);

    await lateDone;
    expect([0, 1, 2, 3].map((i) => outcome(late.get(i)!))).toEqual(['{"order":0}', '{"order":1}', '{"order":2}', '{"order":3}']);
    expect(server.requests.map((r) => sent(r).length)).toEqual([4, 2, 2]);
  });

  it('with cookies, work after the answer takes one of the answer’s four places, so the page keeps two', async () => {
    const slow = fakeEncoded('"late"');
    let tries = 0;
    // The slow payload's first request hangs. Its retry after the answer is held until six of the next answer's
    // requests have come, every place the answer has taken twice over: held by a count, not for a time, so that on a
    // busy machine too it is under way beside the answer's requests. Any other request takes 50 ms.
    let answerRequests = 0;
    let sixIn: () => void = () => undefined;
    const sixArrived = new Promise<void>((resolve) => (sixIn = resolve));
    server = await startCodecServer(async (req, res) => {
      const isSlow = sent(req)[0]!.data === slow.data;
      if (isSlow && tries++ === 0) return;
      if (isSlow) await sixArrived;
      else {
        if (++answerRequests === 6) sixIn();
        await sleep(50);
      }
      decodesAll(req, res);
    });
    const payloads = goodOnes(40);
    // Longer than the other tests': the retry is held while six of the answer's requests come, on a busy machine too.
    const client = createCodecClient({ timeoutMs: 3 * timeoutMs, maxBodyBytes: onePerBody(payloads) });
    const withCookies = target({ includeCredentials: true });
    let retried: DecodeResult | undefined;
    const answer = await client.decode(withCookies, [slow], (_i, result) => (retried = result));
    expect(answer.map((r) => !r.ok && r.error.kind)).toEqual(['codec-timeout']);

    // While the retry is under way, an answer of forty requests.
    server.maxInFlight = 0;
    const next = await client.decode(withCookies, payloads);
    expect(next.map(outcome)).toEqual(payloads.map((_, i) => JSON.stringify({ order: i })));
    await vi.waitFor(() => expect(retried && outcome(retried)).toBe('"late"'));
    expect(server.maxInFlight).toBe(4);
  });

  it('without onLate, a timeout is final and nothing more is sent', async () => {
    server = await startCodecServer(faultyServer(() => true, hang));
    const results = await createCodecClient({ timeoutMs }).decode(target(), goodOnes(4));
    expect(results.map((r) => !r.ok && r.error.kind)).toEqual(Array(4).fill('codec-timeout'));
    expect(server.requests).toHaveLength(1);
  });

  it('through the decode service: what is found after the answer is cached for the next one', async () => {
    server = await startCodecServer(faultyServer((_req, nth) => nth === 0, hang));
    const client = createCodecClient({ timeoutMs });
    let lateSeen = 0;
    let allLate: () => void = () => undefined;
    const lateDone = new Promise<void>((resolve) => (allLate = resolve));
    const remote: Decoder = {
      id: 'remote:test',
      decode: (payloads, onLate) =>
        client.decode(target(), payloads, (i, r) => {
          onLate?.(i, r);
          if (++lateSeen === payloads.length) allLate();
        }),
    };
    const service = createDecodeService();
    const payloads = goodOnes(4);
    const first = await service.decode('payments', remote, payloads);
    expect(first.every((r) => !r.ok && r.error.kind === 'codec-timeout')).toBe(true);
    await lateDone;

    const requestsBefore = server.requests.length;
    const second = await service.decode('payments', remote, payloads);
    expect(second.map(outcome)).toEqual(['{"order":0}', '{"order":1}', '{"order":2}', '{"order":3}']);
    expect(server.requests).toHaveLength(requestsBefore);
  });

  it('through the decode service: late failures are not cached, nor what is found after clear()', async () => {
    let hanging = 2;
    server = await startCodecServer(faultyServer(() => hanging-- > 0, hang));
    const client = createCodecClient({ timeoutMs });
    let lateArrived: (r: DecodeResult) => void = () => undefined;
    const remote: Decoder = {
      id: 'remote:test',
      decode: (payloads, onLate) =>
        client.decode(target(), payloads, (i, r) => {
          onLate?.(i, r);
          lateArrived(r);
        }),
    };
    const service = createDecodeService();
    const nextLate = () => new Promise<DecodeResult>((resolve) => (lateArrived = resolve));

    // The request and its retry after the answer both hang: the late result is a failure, and is not kept.
    let late = nextLate();
    await service.decode('payments', remote, [fakeEncoded('"x"')]);
    expect(outcome(await late)).toBe('codec-timeout');
    server.requests.length = 0;
    expect((await service.decode('payments', remote, [fakeEncoded('"x"')])).map(outcome)).toEqual(['"x"']);
    expect(server.requests).toHaveLength(1);

    // The request hangs, the retry decodes, but the cache was cleared in between: nothing is kept.
    hanging = 1;
    late = nextLate();
    await service.decode('payments', remote, [fakeEncoded('"y"')]);
    service.clear();
    expect(outcome(await late)).toBe('"y"');
    server.requests.length = 0;
    expect((await service.decode('payments', remote, [fakeEncoded('"y"')])).map(outcome)).toEqual(['"y"']);
    expect(server.requests).toHaveLength(1);
  });
});

describe('settings or secrets changed while a call is under way', () => {
  /** Decodes 4 payloads whose first request hangs; with `change`, the rule would send something else once it hangs. */
  async function lateWork(change: boolean) {
    let changed = false;
    server = await startCodecServer(faultyServer((_req, nth) => nth === 0, () => (changed = change)));
    const late = new Map<number, DecodeResult>();
    let allLate: () => void = () => undefined;
    const lateDone = new Promise<void>((resolve) => (allLate = resolve));
    const answer = await createCodecClient({ timeoutMs: 500 }).decode(target({ accessToken: 'replaced-since', current: () => !changed }), goodOnes(4), (i, result) => {
      late.set(i, result);
      if (late.size === 4) allLate();
    });
    await lateDone;
    return { answer: answer.map(outcome), late: [0, 1, 2, 3].map((i) => outcome(late.get(i)!)) };
  }

  it('sends nothing after the answer: the retries would carry what the change replaced', async () => {
    const { answer, late } = await lateWork(true);
    expect(answer).toEqual(Array(4).fill('codec-timeout'));
    expect(late).toEqual(Array(4).fill('settings-changed'));
    expect(server.requests).toHaveLength(1);
  });

  it('retries after the answer while the rule would send the same', async () => {
    const { late } = await lateWork(false);
    expect(late).toEqual(['{"order":0}', '{"order":1}', '{"order":2}', '{"order":3}']);
    expect(server.requests.length).toBeGreaterThan(1);
  });

  it('sends none of the answer’s requests left, and their payloads say why', async () => {
    server = await startCodecServer(decodesAll);
    let changed = false;
    // Three bodies: the first goes alone (the endpoint's limit is not known yet); the change comes while it is answered.
    server.handle((req, res) => {
      changed = true;
      decodesAll(req, res);
    });
    const payloads = goodOnes(3);
    const results = await createCodecClient({ maxBodyBytes: onePerBody(payloads) }).decode(target({ current: async () => !changed }), payloads);
    expect(results.map(outcome)).toEqual(['{"order":0}', 'settings-changed', 'settings-changed']);
    expect(explainError({ kind: 'settings-changed' })).toBe(
      'This rule changed, or was switched off, while its payloads were being sent to the codec server, so the rest were not sent; try again to use the rule as it is now.',
    );
    expect(server.requests).toHaveLength(1);
  });

  it('sees a change made while access to the server was being asked about', async () => {
    server = await startCodecServer(decodesAll);
    let changed = false;
    const mayReach = async () => {
      changed = true;
      return true;
    };
    const results = await createCodecClient().decode(target({ mayReach, current: () => !changed }), goodOnes(1));
    expect(results.map(outcome)).toEqual(['settings-changed']);
    expect(server.requests).toHaveLength(0);
  });

  it('counts a check that fails as changed', async () => {
    server = await startCodecServer(decodesAll);
    const results = await createCodecClient().decode(target({ current: () => Promise.reject(new Error('storage failed')) }), goodOnes(1));
    expect(results.map(outcome)).toEqual(['settings-changed']);
    expect(server.requests).toHaveLength(0);
  });
});

describe('access to the server withdrawn while a call is under way', () => {
  /** Allowed for the first `grants` asks, refused after: the user withdrew access in between. */
  function withdrawnAfter(grants: number) {
    const asks = { count: 0 };
    return { asks, mayReach: async () => asks.count++ < grants };
  }

  it('sends none of the requests left, and their payloads say why', async () => {
    server = await startCodecServer(decodesAll);
    const { asks, mayReach } = withdrawnAfter(1);
    // Three bodies: the first goes alone (the endpoint's limit is not known yet), the others after it.
    const payloads = goodOnes(3);
    const results = await createCodecClient({ maxBodyBytes: onePerBody(payloads) }).decode(target({ mayReach }), payloads);
    expect(results.map(outcome)).toEqual(['{"order":0}', 'codec-permission-missing', 'codec-permission-missing']);
    expect(server.requests).toHaveLength(1);
    expect(asks.count).toBeGreaterThanOrEqual(2);
    const refused = results[1]!;
    expect(!refused.ok && explainError(refused.error)).toContain('not been allowed to reach this codec server');
  });

  it("asks in each request's place: a request waiting for one is stopped by a withdrawal made meanwhile", async () => {
    let granted = true;
    let nth = 0;
    // The second request (the first of the answer below) withdraws access while it is under way.
    server = await startCodecServer((req, res) => {
      if (nth++ === 1) granted = false;
      decodesAll(req, res);
    });
    const client = createCodecClient({ concurrency: 1, maxBodyBytes: onePerBody(goodOnes(1)) });
    const mayReach = async () => granted;
    // Once the endpoint has answered, all of an answer's requests start together and wait for the one place.
    await client.decode(target({ mayReach }), goodOnes(1));
    const results = await client.decode(target({ mayReach }), goodOnes(3));
    expect(results.map(outcome)).toEqual(['{"order":0}', 'codec-permission-missing', 'codec-permission-missing']);
    expect(server.requests).toHaveLength(2);
  });

  it('sends nothing more once the server refused while access was being asked about', async () => {
    let refused: () => void = () => undefined;
    const refusedNow = new Promise<void>((resolve) => (refused = resolve));
    const bodies: string[] = [];
    // Decodes the first request, which tells the client the endpoint's limit, and refuses the rest. In the process,
    // with no network between: the client has read a refusal well before the timer fires.
    const fakeFetch = (async (_url: string, init: RequestInit) => {
      bodies.push(String(init.body));
      if (bodies.length === 1) return new Response(JSON.stringify({ payloads: (JSON.parse(String(init.body)) as { payloads: Payload[] }).payloads.map((p) => fakeOpen(p)) }));
      setTimeout(refused, 20);
      return new Response('no', { status: 401 });
    }) as unknown as typeof fetch;
    let asks = 0;
    // The second request's question is answered only after the first request was refused.
    const mayReach = async () => {
      if (++asks === 2) await refusedNow;
      return true;
    };
    const client = createCodecClient({ fetch: fakeFetch, maxBodyBytes: onePerBody(goodOnes(1)) });
    const codec = { endpoint: 'http://127.0.0.1:9/codec', namespace: 'payments' };
    await client.decode(codec, goodOnes(1));
    // Both requests start together, now that the endpoint has answered.
    const results = await client.decode({ ...codec, mayReach }, goodOnes(2));
    expect(results.map(outcome)).toEqual(['codec-unauthorized', 'codec-unauthorized']);
    expect(bodies).toHaveLength(2);
  });

  it('does not resend a request whose connection closed', async () => {
    server = await startCodecServer(faultyServer((_req, nth) => nth === 0, closeConnection));
    const { mayReach } = withdrawnAfter(1);
    const results = await createCodecClient().decode(target({ mayReach }), goodOnes(2));
    expect(results.map(outcome)).toEqual(['codec-permission-missing', 'codec-permission-missing']);
    expect(server.requests).toHaveLength(1);
  });

  it('sends nothing after the answer for payloads that timed out', async () => {
    server = await startCodecServer(faultyServer((_req, nth) => nth === 0, () => undefined));
    const { mayReach } = withdrawnAfter(1);
    const late = new Map<number, DecodeResult>();
    let allLate: () => void = () => undefined;
    const lateDone = new Promise<void>((resolve) => (allLate = resolve));
    const answer = await createCodecClient({ timeoutMs: 500 }).decode(target({ mayReach }), goodOnes(4), (i, result) => {
      late.set(i, result);
      if (late.size === 4) allLate();
    });
    expect(answer.map(outcome)).toEqual(Array(4).fill('codec-timeout'));
    await lateDone;
    expect([0, 1, 2, 3].map((i) => outcome(late.get(i)!))).toEqual(Array(4).fill('codec-permission-missing'));
    expect(server.requests).toHaveLength(1);
  });

  it('counts an ask that fails as refused', async () => {
    server = await startCodecServer(decodesAll);
    const results = await createCodecClient().decode(target({ mayReach: () => Promise.reject(new Error('no answer')) }), goodOnes(1));
    expect(results.map(outcome)).toEqual(['codec-permission-missing']);
    expect(server.requests).toHaveLength(0);
  });
});

describe('a server that asks to be left alone (429 or 503 with Retry-After)', () => {
  let clock = 0;
  beforeEach(() => void (clock = Date.parse('2026-12-05T12:00:00Z')));
  const client = () => createCodecClient({ now: () => clock });
  /** Asks to wait with `retryAfter` while `busy` holds, decodes otherwise. */
  const busyServer = (status: number, retryAfter: () => string, busy: () => boolean) => (req: RecordedRequest, res: ServerResponse) =>
    busy() ? void res.writeHead(status, { 'Retry-After': retryAfter() }).end() : decodesAll(req, res);
  const pausedUntil = (until: number) => ({ ok: false, error: { kind: 'codec-paused', detail: waitEnd(until) } });

  it('is sent nothing more until the time it named, by this answer or the next; then it is asked again', async () => {
    let busy = true;
    server = await startCodecServer(busyServer(429, () => '30', () => busy));
    // Six bodies' worth: the answer's other requests are not sent either.
    const payloads = goodOnes(6);
    const codec = createCodecClient({ now: () => clock, maxBodyBytes: onePerBody(payloads) });
    const asked = clock;
    const first = await codec.decode(target(), payloads);
    expect(first).toEqual(Array(6).fill(pausedUntil(asked + 30_000)));
    expect(server.requests).toHaveLength(1);
    expect(explainError(first[0]!.ok ? { kind: 'codec-error' } : first[0]!.error)).toBe(
      `The codec server is overloaded or down for maintenance and asked to be sent nothing until ${waitEnd(asked + 30_000)}, so nothing was sent to it; try again after that, or press “Test” in the rule’s settings to ask it now.`,
    );

    clock += 10_000;
    busy = false;
    // The same reason as the first answer's: the time the wait ends, not what is left of it.
    expect(await codec.decode(target(), goodOnes(2))).toEqual(Array(2).fill(pausedUntil(asked + 30_000)));
    // Another namespace's address on the same server waits too; encoding (a signal the user sends) as well.
    expect((await codec.decode(target({ endpoint: `${server.url}/{namespace}` }), goodOnes(1)))[0]).toEqual(pausedUntil(asked + 30_000));
    expect((await codec.encode(target(), [fakeEncoded('1')]))[0]).toEqual(pausedUntil(asked + 30_000));
    expect(server.requests).toHaveLength(1);

    clock += 20_001;
    expect((await codec.decode(target(), goodOnes(2))).map(outcome)).toEqual(['{"order":0}', '{"order":1}']);
    expect(server.requests.length).toBeGreaterThan(1);
  });

  it('is asked again at once once it answered a Test', async () => {
    let busy = true;
    server = await startCodecServer(busyServer(503, () => '600', () => busy));
    const codec = client();
    expect((await codec.decode(target(), goodOnes(1)))[0]).toEqual(pausedUntil(clock + 600_000));
    busy = false;
    codec.resume(new URL(server.url).origin);
    expect((await codec.decode(target(), goodOnes(1))).map(outcome)).toEqual(['{"order":0}']);
    expect(server.requests).toHaveLength(2);
  });

  it('reads an HTTP date, and waits no longer than 10 minutes however long it asks', async () => {
    server = await startCodecServer(busyServer(503, () => new Date(clock + 90_000).toUTCString(), () => true));
    const codec = client();
    expect((await codec.decode(target(), goodOnes(1)))[0]).toEqual(pausedUntil(clock + 90_000));

    const other = await startCodecServer(busyServer(429, () => '86400', () => true));
    try {
      expect((await codec.decode({ endpoint: other.url, namespace: 'payments' }, goodOnes(1)))[0]).toEqual(pausedUntil(clock + 10 * 60_000));
      clock += 10 * 60_000 + 1;
      await codec.decode({ endpoint: other.url, namespace: 'payments' }, goodOnes(1));
      expect(other.requests).toHaveLength(2);
    } finally {
      await other.close();
    }
  });

  it('without a time it can read (or with one past), is asked again by the next answer', async () => {
    const answers = ['soon', new Date(clock - 1000).toUTCString(), '0'];
    server = await startCodecServer(busyServer(503, () => answers[server.requests.length - 1]!, () => true));
    const codec = client();
    for (let answer = 0; answer < answers.length; answer++) {
      expect((await codec.decode(target(), goodOnes(1)))[0]).toMatchObject({ ok: false, error: { kind: 'codec-error' } });
    }
    expect(server.requests).toHaveLength(3);
  });
});
