import { afterEach, describe, expect, it } from 'vitest';
import { decodeBase64Text, encodeBase64Text } from '../base64';
import { createCodecClient, URLS_KEPT, type CodecTarget } from './codec-client';
import type { LimitMemory } from './endpoint-limits';
import { NAMESPACE_PLACEHOLDER } from './codec-url';
import { createDecodeService, type Decoder } from '../decode-service';
import { explainError } from '../errors';
import { payloadEncoding, type Payload } from '../payload';
import { fakeEncoded as encoded, fakePlain as plain, sendJson, sendTooLarge, sleep, startCodecServer, type RecordedRequest, type TestCodecServer } from '../test-support/codec-server';

const sentPayloads = (req: RecordedRequest) => (JSON.parse(req.body) as { payloads: Payload[] }).payloads;

/**
 * `heldUntil`: requests are answered only once that many are waiting, or once none more came for 150 ms (an answer's
 * last few), so a count of requests in flight does not hang on how fast a loaded machine lets the client send them.
 */
function decodingServer(opts: { limit?: number; delayMs?: number; heldUntil?: number } = {}) {
  let held: Array<() => void> = [];
  let quiet: ReturnType<typeof setTimeout> | undefined;
  const releaseAll = () => {
    clearTimeout(quiet);
    for (const waiting of held) waiting();
    held = [];
  };
  const hold = (count: number) =>
    new Promise<void>((release) => {
      held.push(release);
      clearTimeout(quiet);
      if (held.length >= count) releaseAll();
      else quiet = setTimeout(releaseAll, 150);
    });
  return async (req: RecordedRequest, res: import('node:http').ServerResponse) => {
    const bytes = Buffer.byteLength(req.body);
    if (opts.limit !== undefined && bytes > opts.limit) return sendTooLarge(res, bytes, opts.limit);
    if (opts.heldUntil) await hold(opts.heldUntil);
    if (opts.delayMs) await sleep(opts.delayMs);
    // Its /encode answers as an encrypting codec would, in an encoding only a codec reads.
    const encoding = req.path.endsWith('/encode') ? 'binary/encrypted' : 'json/plain';
    const payloads = sentPayloads(req).map((p) => ({ metadata: { encoding: encodeBase64Text(encoding) }, data: p.data }));
    sendJson(res, 200, { payloads });
  };
}

let server: TestCodecServer;
afterEach(async () => server?.close());

const target = (overrides: Partial<CodecTarget> = {}): CodecTarget => ({ endpoint: `${server.url}/codec/`, namespace: 'payments', ...overrides });
const texts = (results: Awaited<ReturnType<ReturnType<typeof createCodecClient>['decode']>>) =>
  results.map((r) => (r.ok ? decodeBase64Text(r.payload.data ?? '') : r.error.kind));

describe('codec client request', () => {
  it('posts to {endpoint}/decode with the Web UI headers, and only the payloads that need a codec', async () => {
    server = await startCodecServer(decodingServer());
    const client = createCodecClient();
    const results = await client.decode(target({ accessToken: 'tok', idToken: 'idt', headers: { 'X-Tenant': 'blue' } }), [plain('1'), encoded('2'), plain('3')]);
    expect(texts(results)).toEqual(['1', '2', '3']);
    expect(server.requests).toHaveLength(1);
    const [req] = server.requests;
    expect(req).toMatchObject({ method: 'POST', path: '/codec/decode' });
    expect(req!.headers).toMatchObject({
      'content-type': 'application/json',
      'x-namespace': 'payments',
      authorization: 'Bearer tok',
      'authorization-extras': 'idt',
      'x-tenant': 'blue',
    });
    expect(sentPayloads(req!).map((p) => payloadEncoding(p))).toEqual(['binary/encrypted']);
  });

  it('sends no request at all when nothing needs a codec', async () => {
    server = await startCodecServer(decodingServer());
    const results = await createCodecClient().decode(target(), [plain('1')]);
    expect(results).toEqual([{ ok: true, payload: plain('1') }]);
    expect(server.requests).toHaveLength(0);
  });

  it('withholds every token and header value from plain-http endpoints that are not loopback, and says so on 401', async () => {
    const seen: RequestInit[] = [];
    const fakeFetch = (async (_url: string, init: RequestInit) => {
      seen.push(init);
      return new Response('no', { status: 401, statusText: 'Unauthorized' });
    }) as unknown as typeof fetch;
    const client = createCodecClient({ fetch: fakeFetch });
    const [result] = await client.decode(
      { endpoint: 'http://codec.internal.example', namespace: 'ns', accessToken: 'secret', idToken: 'id', headers: { Authorization: 'Basic x', 'X-Api-Key': 'key' }, includeCredentials: true },
      [encoded('1')],
    );
    const headers = seen[0]!.headers as Record<string, string>;
    expect(Object.keys(headers).sort()).toEqual(['Content-Type', 'X-Namespace']);
    expect(seen[0]!.credentials).toBe('include');
    expect(result).toMatchObject({ ok: false, error: { kind: 'codec-unauthorized', detail: expect.stringContaining('not sent') } });
  });

  it('uses /encode for encoding and sends every payload', async () => {
    server = await startCodecServer((req, res) => sendJson(res, 200, { payloads: sentPayloads(req).map((p) => encoded(decodeBase64Text(p.data!) ?? '')) }));
    const results = await createCodecClient().encode(target(), [plain('1'), plain('2')]);
    expect(server.requests[0]!.path).toBe('/codec/encode');
    expect(results).toEqual([
      { ok: true, payload: encoded('1') },
      { ok: true, payload: encoded('2') },
    ]);
  });

  it('takes a payload /encode gives back still in a standard encoding as not encoded, so it is not sent readable', async () => {
    // As a codec server answers for a namespace it does not know, or a compressing codec for a payload too small.
    server = await startCodecServer((req, res) => sendJson(res, 200, { payloads: sentPayloads(req).map((p, i) => (i === 1 ? encoded(decodeBase64Text(p.data!) ?? '') : p)) }));
    // A null value has nothing to read: given back as it is, it is no failure.
    const nothing = { metadata: { encoding: encodeBase64Text('binary/null') } };
    const results = await createCodecClient().encode(target(), [plain('1'), plain('2'), nothing]);
    expect(results).toEqual([{ ok: false, error: { kind: 'codec-not-encoded', detail: 'json/plain' } }, { ok: true, payload: encoded('2') }, { ok: true, payload: nothing }]);
    expect(explainError(results[0]!.ok ? { kind: 'codec-error' } : results[0]!.error)).toMatch(/^The codec server gave this payload back unencoded \(still json\/plain\), so it was not sent/);
  });

  it('takes a payload /encode gives back holding nothing for one that held something as no encoding, so nothing is sent in its place', async () => {
    const empty = [{ metadata: { encoding: encodeBase64Text('binary/null') } }, { metadata: { encoding: encodeBase64Text('binary/encrypted') }, data: '' }];
    server = await startCodecServer((_req, res) => sendJson(res, 200, { payloads: empty }));
    const results = await createCodecClient().encode(target(), [plain('1'), plain('2')]);
    expect(results).toEqual(Array(2).fill({ ok: false, error: { kind: 'codec-encoded-empty' } }));
    expect(explainError({ kind: 'codec-encoded-empty' })).toBe('The codec server’s /encode gave this payload back empty, so it was not sent: Temporal would have stored nothing in its place.');
  });
});

describe('batching', () => {
  it('packs one answer into as few requests under the body limit as possible, several in flight', async () => {
    server = await startCodecServer(decodingServer({ delayMs: 30 }));
    const payloads = Array.from({ length: 600 }, (_, i) => encoded(JSON.stringify({ i, pad: 'x'.repeat(300) })));
    const results = await createCodecClient().decode(target(), payloads);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(texts(results)[599]).toBe(JSON.stringify({ i: 599, pad: 'x'.repeat(300) }));
    const sizes = server.requests.map((r) => Buffer.byteLength(r.body));
    const total = sizes.reduce((a, b) => a + b, 0);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(96 * 1024);
    expect(server.requests.length).toBe(Math.ceil(total / (96 * 1024)));
    expect(server.maxInFlight).toBeGreaterThan(1);
  });

  it('has six requests in flight without cookies, and leaves the page two of the host’s six connections with them', async () => {
    const payloads = Array.from({ length: 3000 }, (_, i) => encoded(JSON.stringify({ i, pad: 'x'.repeat(300) })));
    for (const [includeCredentials, inFlight] of [
      [false, 6],
      [true, 4],
    ] as const) {
      // Held until one more than allowed could be waiting: the client must never get there.
      server = await startCodecServer(decodingServer({ heldUntil: inFlight + 1 }));
      const results = await createCodecClient().decode(target({ includeCredentials }), payloads);
      expect(results.every((r) => r.ok)).toBe(true);
      expect(server.requests.length).toBeGreaterThan(2 * inFlight);
      expect(server.maxInFlight).toBe(inFlight);
      await server.close();
    }
  });

  it('shares a host’s six places between every namespace’s address there, and keeps six for encoding', async () => {
    server = await startCodecServer(decodingServer({ heldUntil: 7 }));
    const client = createCodecClient();
    const payloads = Array.from({ length: 1500 }, (_, i) => encoded(JSON.stringify({ i, pad: 'x'.repeat(300) })));
    const perNamespace = { endpoint: `${server.url}/${NAMESPACE_PLACEHOLDER}/` };
    const calls = [
      client.decode(target({ ...perNamespace, namespace: 'payments' }), payloads),
      client.decode(target({ ...perNamespace, namespace: 'refunds' }), payloads),
    ];
    expect((await Promise.all(calls)).flat().every((r) => r.ok)).toBe(true);
    expect(new Set(server.requests.map((r) => r.path))).toEqual(new Set(['/payments/decode', '/refunds/decode']));
    expect(server.maxInFlight).toBe(6);

    // A start or a signal the user waits on does not queue behind that decoding.
    server.maxInFlight = 0;
    const both = await Promise.all([client.decode(target({ ...perNamespace, namespace: 'refunds' }), payloads), client.encode(target(), payloads)]);
    expect(both.flat().every((r) => r.ok)).toBe(true);
    expect(server.maxInFlight).toBeGreaterThan(6);
  });

  it('gives another host six places of its own', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const fakeFetch = (async (_url: string, init: RequestInit) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await sleep(20);
      inFlight--;
      return new Response(JSON.stringify({ payloads: sentPayloads({ body: String(init.body) } as RecordedRequest) }));
    }) as unknown as typeof fetch;
    const client = createCodecClient({ fetch: fakeFetch });
    const payloads = Array.from({ length: 1500 }, (_, i) => encoded(JSON.stringify({ i, pad: 'x'.repeat(300) })));
    await Promise.all(['https://a.example.com', 'https://b.example.com'].map((host) => client.decode({ endpoint: host, namespace: 'payments' }, payloads)));
    expect(maxInFlight).toBe(12);
  });

  it('splits and retries on 413, then remembers what the endpoint accepts', async () => {
    server = await startCodecServer(decodingServer({ limit: 20_000 }));
    const client = createCodecClient();
    const payloads = Array.from({ length: 300 }, (_, i) => encoded(JSON.stringify({ i, pad: 'y'.repeat(200) })));
    const first = await client.decode(target(), payloads);
    expect(first.every((r) => r.ok)).toBe(true);
    const refusedFirstTime = server.requests.filter((r) => Buffer.byteLength(r.body) > 20_000).length;
    expect(refusedFirstTime).toBeGreaterThan(0);
    server.requests.length = 0;
    const again = Array.from({ length: 300 }, (_, i) => encoded(JSON.stringify({ again: i, pad: 'z'.repeat(200) })));
    expect((await client.decode(target(), again)).every((r) => r.ok)).toBe(true);
    expect(server.requests.every((r) => Buffer.byteLength(r.body) <= 20_000)).toBe(true);
  });

  /** Somewhere what a client learns outlives it, as storage.session outlives a stopped service worker. */
  const sessionMemory = (): LimitMemory => {
    let held: unknown;
    return { read: async () => structuredClone(held), write: async (kept) => void (held = structuredClone(kept)) };
  };

  it('after the background restarts, knows what the endpoint refused before and sends nothing it would refuse', async () => {
    server = await startCodecServer(decodingServer({ limit: 20_000 }));
    const kept = sessionMemory();
    const payloads = (tag: string) => Array.from({ length: 300 }, (_, i) => encoded(JSON.stringify({ tag, i, pad: 'y'.repeat(200) })));
    const refused = () => server.requests.filter((r) => Buffer.byteLength(r.body) > 20_000).length;
    expect((await createCodecClient({ limitMemory: kept }).decode(target(), payloads('first'))).every((r) => r.ok)).toBe(true);
    expect(refused()).toBeGreaterThan(0);
    server.requests.length = 0;
    const restarted = createCodecClient({ limitMemory: kept });
    expect((await restarted.decode(target(), payloads('again'))).every((r) => r.ok)).toBe(true);
    expect(refused()).toBe(0);
    expect(server.requests.length).toBeGreaterThan(1);
  });

  it('after the background restarts, sends an answer’s requests together to an endpoint that has answered before', async () => {
    // Each request waits until another has come, or a second: what came before the first answer went is in `order`.
    const order: string[] = [];
    let another: () => void = () => undefined;
    const fakeFetch = (async (_url: string, init: RequestInit) => {
      order.push('sent');
      another();
      await Promise.race([new Promise<void>((resolve) => (another = resolve)), sleep(1000)]);
      order.push('answered');
      const payloads = sentPayloads({ body: String(init.body) } as RecordedRequest).map((p) => ({ metadata: { encoding: encodeBase64Text('json/plain') }, data: p.data }));
      return new Response(JSON.stringify({ payloads }));
    }) as unknown as typeof fetch;
    const kept = sessionMemory();
    const several = Array.from({ length: 600 }, (_, i) => encoded(JSON.stringify({ i, pad: 'x'.repeat(300) })));
    const codecAt = target({ endpoint: 'https://codec.example.com/codec' });
    // Never heard from: the first request goes alone.
    await createCodecClient({ fetch: fakeFetch, limitMemory: kept }).decode(codecAt, several);
    expect(order.slice(0, 2)).toEqual(['sent', 'answered']);
    order.length = 0;
    const restarted = createCodecClient({ fetch: fakeFetch, limitMemory: kept });
    expect((await restarted.decode(codecAt, several)).every((r) => r.ok)).toBe(true);
    expect(order.slice(0, 2)).toEqual(['sent', 'sent']);
  });

  it('keeps what the endpoints of a bounded number of namespaces accept, those used last', async () => {
    server = await startCodecServer(decodingServer({ limit: 20_000 }));
    const client = createCodecClient();
    const endpoint = `${server.url}/codec/${NAMESPACE_PLACEHOLDER}`;
    const large = (tag: string) => Array.from({ length: 150 }, (_, i) => encoded(JSON.stringify({ tag, i, pad: 'y'.repeat(200) })));
    const refusals = () => server.requests.filter((r) => Buffer.byteLength(r.body) > 20_000).length;
    // Both learn the limit from a 413.
    for (const namespace of ['payments', 'orders']) await client.decode({ endpoint, namespace }, large(namespace));
    expect(refusals()).toBeGreaterThan(1);
    // As many other namespaces as are kept, each a URL of its own; 'payments' is used again halfway, 'orders' not.
    for (let i = 0; i < URLS_KEPT; i++) {
      await client.decode({ endpoint, namespace: `ns-${i}` }, [encoded('1')]);
      if (i === URLS_KEPT / 2) await client.decode({ endpoint, namespace: 'payments' }, [encoded('1')]);
    }
    server.requests.length = 0;
    await client.decode({ endpoint, namespace: 'payments' }, large('again'));
    expect(refusals()).toBe(0);
    // 'orders' was dropped: its limit is learned again.
    await client.decode({ endpoint, namespace: 'orders' }, large('dropped'));
    expect(refusals()).toBeGreaterThan(0);
  });

  it('learns the TypeScript sample server\'s 100 KB limit from a single 413', async () => {
    const limit = 100 * 1024;
    server = await startCodecServer(decodingServer({ limit }));
    const payloads = Array.from({ length: 700 }, (_, i) => encoded(JSON.stringify({ i, pad: 'q'.repeat(300) })));
    const results = await createCodecClient({ maxBodyBytes: 256 * 1024 }).decode(target(), payloads);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(server.requests.filter((r) => Buffer.byteLength(r.body) > limit)).toHaveLength(1);
  });

  it('sends one first request for calls under way together to an endpoint never heard from, whose 413 the others learn from', async () => {
    // As the TypeScript sample's: one call alone learns it from a single 413 (above).
    const limit = 100 * 1024;
    server = await startCodecServer(decodingServer({ limit }));
    const client = createCodecClient({ maxBodyBytes: 256 * 1024 });
    // Answers under way together (a history's two directions, another tab's): several bodies each.
    const answers = ['a', 'b', 'c'].map((tag) => Array.from({ length: 700 }, (_, i) => encoded(JSON.stringify({ tag, i, pad: 'p'.repeat(300) }))));
    const results = await Promise.all(answers.map((answer) => client.decode(target(), answer)));
    expect(results.flat().every((r) => r.ok)).toBe(true);
    expect(server.requests.filter((r) => Buffer.byteLength(r.body) > limit)).toHaveLength(1);
  });

  it('says a payload refused on its own is too large for that codec server, and that a local key has no limit', async () => {
    server = await startCodecServer(decodingServer({ limit: 1000 }));
    const results = await createCodecClient().decode(target(), [encoded('"small"'), encoded(JSON.stringify('w'.repeat(2000)))]);
    expect(texts(results)[0]).toBe('"small"');
    const tooLarge = results[1]!;
    expect(tooLarge).toMatchObject({ ok: false, error: { kind: 'codec-payload-too-large' } });
    const sentence = tooLarge.ok ? '' : explainError(tooLarge.error);
    expect(sentence).toMatch(/too large for this codec server/);
    expect(sentence).toMatch(/local key has no such limit/);
    // The size of the request that held it alone.
    const alone = server.requests.find((r) => sentPayloads(r).length === 1 && Buffer.byteLength(r.body) > 1000);
    expect(sentence).toContain(`${Buffer.byteLength(alone!.body)} bytes`);
  });
});

describe('dedupe and cache through the decode service', () => {
  it('sends identical payloads once across concurrent calls and answers repeats from the cache', async () => {
    server = await startCodecServer(decodingServer({ delayMs: 20 }));
    const client = createCodecClient();
    const t = target();
    const remote: Decoder = { id: `remote:${t.endpoint}`, decode: (ps) => client.decode(t, ps) };
    const service = createDecodeService();
    const history = [encoded('"a"'), encoded('"b"'), encoded('"a"')];
    const [one, two] = await Promise.all([service.decode('payments', remote, history), service.decode('payments', remote, [encoded('"b"'), encoded('"c"')])]);
    expect(texts(one)).toEqual(['"a"', '"b"', '"a"']);
    expect(texts(two)).toEqual(['"b"', '"c"']);
    const sent = server.requests.flatMap(sentPayloads).map((p) => decodeBase64Text(p.data!));
    expect(sent.sort()).toEqual(['"a"', '"b"', '"c"']);

    server.requests.length = 0;
    expect(texts(await service.decode('payments', remote, [encoded('"c"'), encoded('"a"')]))).toEqual(['"c"', '"a"']);
    expect(server.requests).toHaveLength(0);
    // Another namespace is another cache entry: the same bytes may need another key there.
    await service.decode('other', remote, [encoded('"a"')]);
    expect(server.requests).toHaveLength(1);
  });
});

describe('errors are values per payload', () => {
  const statuses: Array<[number, string]> = [
    [401, 'codec-unauthorized'],
    [403, 'codec-forbidden'],
    [404, 'codec-not-found'],
    [500, 'codec-error'],
  ];
  for (const [status, kind] of statuses) {
    it(`${status} → ${kind}`, async () => {
      server = await startCodecServer((_req, res) => {
        res.writeHead(status, { 'Content-Type': 'text/html' });
        res.end('<html><body><h1>codec exploded</h1> while decoding</body></html>');
      });
      const results = await createCodecClient().decode(target(), [encoded('1'), encoded('2')]);
      expect(results.map((r) => !r.ok && r.error.kind)).toEqual([kind, kind]);
      // A refusal is about the token or the address: it is neither split nor retried. A 500 may be one payload's.
      expect(server.requests).toHaveLength(status === 500 ? 3 : 1);
      if (status === 500) expect(results[0]).toMatchObject({ error: { detail: '500 Internal Server Error: codec exploded while decoding' } });
    });
  }

  it('times out a server that does not answer', async () => {
    server = await startCodecServer(() => undefined);
    const started = Date.now();
    const results = await createCodecClient({ timeoutMs: 150 }).decode(target(), [encoded('1')]);
    expect(results[0]).toMatchObject({ ok: false, error: { kind: 'codec-timeout' } });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('rejects an answer with the wrong count', async () => {
    server = await startCodecServer((req, res) => sendJson(res, 200, { payloads: sentPayloads(req).slice(1) }));
    const results = await createCodecClient().decode(target(), [encoded('1'), encoded('2')]);
    expect(results.map((r) => !r.ok && r.error.kind)).toEqual(['codec-bad-answer', 'codec-bad-answer']);
  });

  for (const [name, body] of [
    ['garbage JSON', '{"payloads": [ oops'],
    ['JSON of the wrong shape', '{"result": []}'],
    ['elements that are not payloads', '{"payloads": [{"metadata": 5}]}'],
  ] as const) {
    it(`rejects ${name}`, async () => {
      server = await startCodecServer((_req, res) => sendJson(res, 200, body));
      const [result] = await createCodecClient().decode(target(), [encoded('1')]);
      expect(result).toMatchObject({ ok: false, error: { kind: 'codec-bad-answer' } });
    });
  }

  it('reports a payload the codec server returned unchanged, or still encoded, each in its own words', async () => {
    server = await startCodecServer((req, res) => sendJson(res, 200, { payloads: sentPayloads(req) }));
    const [unchanged] = await createCodecClient().decode(target(), [encoded('1')]);
    expect(unchanged).toEqual({ ok: false, error: { kind: 'codec-not-decoded', detail: 'binary/encrypted' } });
    expect(explainError(unchanged!.ok ? { kind: 'no-rule' } : unchanged!.error)).toBe(
      'The codec server gave this payload back as it was (binary/encrypted), as a codec server does for a namespace or key it has no codec for.',
    );
    await server.close();
    // One layer of two opened: what is left needs a codec too.
    server = await startCodecServer((req, res) => sendJson(res, 200, { payloads: sentPayloads(req).map(() => ({ metadata: { encoding: encodeBase64Text('binary/zlib') }, data: 'eJwrSS0uAQAEXQHB' })) }));
    const [inPart] = await createCodecClient().decode(target(), [encoded('1')]);
    expect(inPart).toEqual({ ok: false, error: { kind: 'codec-decoded-in-part', detail: 'binary/zlib' } });
    expect(explainError(inPart!.ok ? { kind: 'no-rule' } : inPart!.error)).toBe(
      'The codec server gave this payload back still encoded, as binary/zlib, which the Web UI cannot show; the codec server should remove every layer its workers add.',
    );
  });

  it('keeps the original of a payload that comes back without a readable encoding: decoding, a bad answer; encoding, not encoded', async () => {
    // No encoding, and one that is not UTF-8: each the whole answer to a request of one. To /encode, most likely the
    // payload sent (which had none) given back as it was: what its sentence says, and what to do about it.
    for (const returned of [{ metadata: {}, data: 'MQ==' }, { metadata: { encoding: '/w==' }, data: 'MQ==' }]) {
      server = await startCodecServer((_req, res) => sendJson(res, 200, { payloads: [returned] }));
      const client = createCodecClient();
      expect((await client.decode(target(), [encoded('1')]))[0]).toEqual({ ok: false, error: { kind: 'codec-bad-answer', detail: 'a payload came back without a readable encoding' } });
      const [result] = await client.encode(target(), [{ metadata: {}, data: 'MQ==' }]);
      expect(result).toEqual({ ok: false, error: { kind: 'codec-not-encoded' } });
      expect(explainError(result!.ok ? { kind: 'codec-error' } : result!.error)).toMatch(/^The codec server gave this payload back unencoded, so it was not sent/);
      // For one sent with an encoding, it is no encoding the server gave back as it was: not an answer encoding takes.
      expect((await client.encode(target(), [plain('1')]))[0]).toEqual({ ok: false, error: { kind: 'codec-bad-answer', detail: 'a payload came back without a readable encoding' } });
      await server.close();
    }
  });

  it('reports an endpoint nobody listens on as unreachable', async () => {
    server = await startCodecServer(decodingServer());
    const endpoint = server.url;
    await server.close();
    const [result] = await createCodecClient().decode({ endpoint, namespace: 'n' }, [encoded('1')]);
    expect(result).toMatchObject({ ok: false, error: { kind: 'codec-unreachable' } });
  });
});
