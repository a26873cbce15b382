import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCodecServer, sendJson, type TestCodecServer } from '../test-support/codec-server';
import { TEST_PAYLOAD, checkCodec, checkSentence, type CheckOutcome } from './codec-check';

let server: TestCodecServer;
beforeAll(async () => {
  server = await startCodecServer((_req, res) => sendJson(res, 200, { payloads: [TEST_PAYLOAD] }));
});
afterAll(() => server.close());

const check = (target: Partial<Parameters<typeof checkCodec>[0]> = {}, timeoutMs = 2000) =>
  checkCodec({ endpoint: server.url, namespace: 'payments', ...target }, { fetch, timeoutMs });

describe('checkCodec', () => {
  it('sends one plain JSON payload to /decode with the headers decoding sends, and says it works', async () => {
    server.requests.length = 0;
    server.handle((_req, res) => sendJson(res, 200, { payloads: [TEST_PAYLOAD] }));
    const outcome = await check({ endpoint: `${server.url}/{namespace}`, accessToken: 'tok-secret-1', idToken: 'id-1', headers: { 'X-Proxy-Key': 'p' } });
    expect(outcome).toEqual({ kind: 'works' });
    const [request] = server.requests;
    expect(request?.path).toBe('/payments/decode');
    expect(JSON.parse(request!.body)).toEqual({ payloads: [TEST_PAYLOAD] });
    expect(request?.headers).toMatchObject({ authorization: 'Bearer tok-secret-1', 'authorization-extras': 'id-1', 'x-proxy-key': 'p', 'x-namespace': 'payments' });
    expect(atob(TEST_PAYLOAD.metadata!.encoding!)).toBe('json/plain');
  });

  const statuses: Array<[number, CheckOutcome]> = [
    [401, { kind: 'unauthorized', tokenSent: true }],
    [403, { kind: 'forbidden' }],
    [404, { kind: 'not-found' }],
    [413, { kind: 'too-large' }],
  ];
  it.each(statuses)('reads status %i', async (status, outcome) => {
    server.handle((_req, res) => sendJson(res, status, 'no'));
    expect(await check({ accessToken: 'tok-secret-1' })).toEqual(outcome);
  });

  it('tells a 401 without a token from one that refused the token', async () => {
    server.handle((_req, res) => sendJson(res, 401, 'no'));
    expect(await check()).toEqual({ kind: 'unauthorized', tokenSent: false });
  });

  it('calls an answer that is not the payload sent a wrong answer, and a 500 a failure, without echoing secrets', async () => {
    server.handle((_req, res) => sendJson(res, 200, { hello: 'world' }));
    expect(await check()).toEqual({ kind: 'wrong-answer', detail: 'no "payloads" list' });
    server.handle((_req, res) => sendJson(res, 200, '<html>login</html>'));
    expect(await check()).toEqual({ kind: 'wrong-answer', detail: 'not JSON' });
    server.handle((_req, res) => sendJson(res, 500, 'cannot decode for tok-secret-1'));
    const failed = await check({ accessToken: 'tok-secret-1' });
    expect(failed.kind).toBe('server-failed');
    expect(JSON.stringify(failed)).not.toContain('tok-secret-1');
  });

  it('says it works only when the plain JSON payload comes back unchanged, however the server writes its base64', async () => {
    const unpadded = (text: string) => text.replace(/=+$/, '').replaceAll('+', '-').replaceAll('/', '_');
    server.handle((_req, res) => sendJson(res, 200, { payloads: [{ data: unpadded(TEST_PAYLOAD.data!), metadata: { encoding: unpadded(TEST_PAYLOAD.metadata!.encoding!) } }] }));
    expect(await check()).toEqual({ kind: 'works' });

    const changed = { kind: 'wrong-answer', detail: 'the plain JSON payload came back changed' };
    const answers = [
      // A catch-all that answers every POST with one empty payload.
      { metadata: {} },
      { metadata: TEST_PAYLOAD.metadata },
      { metadata: TEST_PAYLOAD.metadata, data: btoa('"something else"') },
      { metadata: { ...TEST_PAYLOAD.metadata, 'encryption-key-id': btoa('k1') }, data: TEST_PAYLOAD.data },
      { metadata: { encoding: btoa('binary/encrypted') }, data: TEST_PAYLOAD.data },
    ];
    for (const answer of answers) {
      server.handle((_req, res) => sendJson(res, 200, { payloads: [answer] }));
      expect(await check(), JSON.stringify(answer)).toEqual(changed);
    }
  });

  it('asks /encode too for a rule that encodes, and says whether it encodes or why not', async () => {
    const encrypted = { metadata: { encoding: btoa('binary/encrypted') }, data: 'c2VhbGVk' };
    const encoding = (answer: (res: import('node:http').ServerResponse) => void) =>
      server.handle((req, res) => (req.path.endsWith('/encode') ? answer(res) : sendJson(res, 200, { payloads: [TEST_PAYLOAD] })));
    const checkEncoding = () => checkCodec({ endpoint: server.url, namespace: 'payments', accessToken: 'tok' }, { fetch, timeoutMs: 2000, encodes: true });

    server.requests.length = 0;
    encoding((res) => sendJson(res, 200, { payloads: [encrypted] }));
    expect(await checkEncoding()).toEqual({ kind: 'works', encoding: { kind: 'encodes' } });
    expect(server.requests.map((r) => [r.path, JSON.parse(r.body)])).toEqual([
      ['/decode', { payloads: [TEST_PAYLOAD] }],
      ['/encode', { payloads: [TEST_PAYLOAD] }],
    ]);
    // As a server answers for a namespace it has no codec for.
    encoding((res) => sendJson(res, 200, { payloads: [TEST_PAYLOAD] }));
    expect(await checkEncoding()).toEqual({ kind: 'works', encoding: { kind: 'unencoded' } });
    encoding((res) => sendJson(res, 401, 'no'));
    expect(await checkEncoding()).toEqual({ kind: 'works', encoding: { kind: 'unauthorized', tokenSent: true } });
    // An answer encoding would not take: no readable encoding.
    encoding((res) => sendJson(res, 200, { payloads: [{ metadata: { 'encryption-key-id': 'aw==' }, data: 'c2VhbGVk' }] }));
    expect(await checkEncoding()).toEqual({ kind: 'works', encoding: { kind: 'failed', detail: 'the payload came back without a readable encoding' } });
    // Nothing for something: what the Web UI sends would reach Temporal as nothing.
    encoding((res) => sendJson(res, 200, { payloads: [{ metadata: { encoding: btoa('binary/null') } }] }));
    expect(await checkEncoding()).toEqual({ kind: 'works', encoding: { kind: 'failed', detail: 'the payload came back empty' } });
    encoding((res) => sendJson(res, 403, 'no'));
    expect(await checkEncoding()).toEqual({ kind: 'works', encoding: { kind: 'forbidden' } });
    encoding((res) => sendJson(res, 500, 'cannot encode'));
    expect(await checkEncoding()).toMatchObject({ kind: 'works', encoding: { kind: 'failed' } });

    // Nothing goes to /encode when /decode does not work, nor for a rule that does not encode.
    server.requests.length = 0;
    server.handle((_req, res) => sendJson(res, 403, 'no'));
    expect(await checkEncoding()).toEqual({ kind: 'forbidden' });
    encoding((res) => sendJson(res, 200, { payloads: [encrypted] }));
    expect(await check()).toEqual({ kind: 'works' });
    expect(server.requests.map((r) => r.path)).toEqual(['/decode', '/decode']);
  });

  it('gives up after the timeout', async () => {
    server.handle(() => new Promise(() => {}));
    expect(await check({}, 200)).toEqual({ kind: 'timed-out' });
  });

  it('says unreachable when nothing listens, after one more try', async () => {
    const gone = await startCodecServer(() => {});
    const url = gone.url;
    await gone.close();
    expect(await check({ endpoint: url })).toEqual({ kind: 'unreachable' });
  });

  it('says a redirect is one, sent once and never followed', async () => {
    const elsewhere = await startCodecServer((_req, res) => sendJson(res, 200, { payloads: [TEST_PAYLOAD] }));
    try {
      server.handle((_req, res) => {
        res.writeHead(302, { Location: `${elsewhere.url}/login` });
        res.end();
      });
      const before = server.requests.length;
      expect(await check({ accessToken: 'tok' })).toEqual({ kind: 'redirected' });
      expect(server.requests.length - before).toBe(1);
      expect(elsewhere.requests).toEqual([]);
    } finally {
      await elsewhere.close();
    }
  });

  it.each([
    ['a token', { accessToken: 'tok' }],
    ['an ID token', { idToken: 'id' }],
    ['a header value', { headers: { 'X-Api-Key': 'key' } }],
  ])('sends nothing when %s would travel over plain http to another computer', async (_, secrets) => {
    let called = false;
    const outcome = await checkCodec(
      { endpoint: 'http://codec.example.com', namespace: 'payments', ...secrets },
      { fetch: async () => ((called = true), new Response('{}')), timeoutMs: 1000 },
    );
    expect(outcome).toEqual({ kind: 'insecure' });
    expect(called).toBe(false);
  });
});

describe('checkSentence', () => {
  const context = { url: 'https://codec.example.com/decode', origin: 'https://codec.example.com', namespace: 'payments', timeoutMs: 15_000 };
  it('says each outcome in one sentence', () => {
    const sentences = (
      [
        { kind: 'works' },
        { kind: 'unauthorized', tokenSent: true },
        { kind: 'unauthorized', tokenSent: false },
        { kind: 'forbidden' },
        { kind: 'not-found' },
        { kind: 'too-large' },
        { kind: 'unreachable' },
        { kind: 'redirected' },
        { kind: 'timed-out' },
        { kind: 'wrong-answer', detail: 'not JSON' },
        { kind: 'server-failed', detail: '500 Internal Server Error' },
        { kind: 'no-permission' },
        { kind: 'invalid-endpoint', reason: 'Enter the codec endpoint.' },
        { kind: 'insecure' },
        { kind: 'secret-elsewhere' },
        { kind: 'secret-unconfirmed', what: 'access token' },
        { kind: 'works', encoding: { kind: 'encodes' } },
        { kind: 'works', encoding: { kind: 'unencoded' } },
        { kind: 'works', encoding: { kind: 'forbidden' } },
        { kind: 'works', encoding: { kind: 'unauthorized', tokenSent: false } },
      ] satisfies CheckOutcome[]
    ).map((outcome) => checkSentence(outcome, context));
    expect(sentences).toEqual([
      'It works: the codec server at https://codec.example.com/decode answered the test payload for “payments”.',
      'The codec server refused the access token (401): it may have expired, or be meant for another server.',
      'The codec server wants an access token (401): enter one in “Access token”.',
      'The codec server accepted the token but forbids decoding in “payments” (403): the token needs read on this namespace.',
      'https://codec.example.com/decode is not a codec server (404): the endpoint is the address before /decode, as in the Web UI’s codec setting.',
      'The codec server refused the test request as too large (413) although it held one tiny payload: check the body size limit of the server or of what stands in front of it.',
      'The codec server at https://codec.example.com could not be reached: check the address, that the server is running, and your network.',
      'https://codec.example.com/decode answered with a redirect (to a sign-in page, often), which the extension never follows: use the address it redirects to, or, if it wants you signed in, sign in to it in a tab, turn on “Include browser cookies”, and test again.',
      'The codec server did not answer within 15 seconds.',
      'https://codec.example.com/decode answered, but not with the payload it was sent (not JSON): it does not speak the codec server protocol.',
      'The codec server failed: 500 Internal Server Error.',
      'The browser does not let the extension reach https://codec.example.com yet: save the rule and allow access when the browser asks, then test again.',
      'Enter the codec endpoint.',
      'Tokens and header values are only sent to https:// endpoints (or this computer): nothing was sent.',
      'A saved token or header value of this rule was saved for another codec server, so it is not sent to https://codec.example.com: type it again to test this endpoint.',
      'The access token of this rule came from Payload Lens 0.1.0 and waits for you to confirm that it may go to https://codec.example.com, so nothing was sent: confirm it under “Needs your attention”, or type it again to test.',
      'It works: the codec server at https://codec.example.com/decode answered the test payload for “payments”, and its /encode encodes what the Web UI sends.',
      'Decoding works, but the codec server’s /encode gave the test payload back unencoded, so what the Web UI sends would be refused, as Temporal would otherwise store it readable: untick “Encode what the Web UI sends” if your codec leaves payloads as they are on purpose.',
      'Decoding works, but the codec server forbids encoding in “payments” (403), so what the Web UI sends would be refused: the token needs write on this namespace, or untick “Encode what the Web UI sends”.',
      'Decoding works, but the codec server wants an access token for /encode (401), so what the Web UI sends would be refused: enter one in “Access token”, or untick “Encode what the Web UI sends”.',
    ]);
  });
});
