import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { TEST_PAYLOAD } from '../core/remote/codec-check';
import { SECRETS_ENDPOINT_REFUSAL } from '../core/remote/codec-url';
import { CodecCheckSchema, RuleInputSchema, type CodecCheckInput } from '../shared/messages/rule-input';
import { createCodecCheck } from './codec-check';
import { InputError } from './input-error';
import { createRuleEditing } from './rule-editing';
import { secretNames, unconfirmed } from './storage/secret-store';
import { memorySecrets, memorySettings } from './test-support/stores';

const CODEC = 'https://codec.example.com';
const OTHER = 'https://codec.example.net';

function setup(granted: string[] = [CODEC, OTHER]) {
  const { settings } = memorySettings();
  const { secrets } = memorySecrets();
  const sent: Array<{ url: string; headers: Record<string, string>; credentials: RequestCredentials | undefined }> = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    sent.push({ url: String(input), headers: { ...(init?.headers as Record<string, string>) }, credentials: init?.credentials });
    return new Response(JSON.stringify({ payloads: [TEST_PAYLOAD] }));
  };
  const test = createCodecCheck({ settings, secrets, hasOriginAccess: async (origin) => granted.includes(origin), fetch, timeoutMs: 1000 });
  const rules = createRuleEditing({ settings, secrets });
  const check = (input: Partial<CodecCheckInput>) => test(v.parse(CodecCheckSchema, { namespace: 'payments', endpoint: CODEC, ...input }));
  return { check, rules, secrets, sent };
}

function savedRule(rules: ReturnType<typeof setup>['rules']) {
  return rules.save(
    v.parse(RuleInputSchema, {
      namespace: 'payments',
      addresses: 'every',
      mode: 'remote',
      endpoint: CODEC,
      accessToken: 'saved-token',
      idToken: 'saved-id',
      headers: [{ name: 'X-Proxy-Key', value: 'saved-proxy' }],
      remember: false,
    }),
  );
}

describe('the settings’ Test', () => {
  it('that the codec server answered ends a wait it asked decoding for; one it failed does not', async () => {
    const { settings } = memorySettings();
    const { secrets } = memorySecrets();
    let status = 503;
    const fetch = async () => (status === 200 ? new Response(JSON.stringify({ payloads: [TEST_PAYLOAD] })) : new Response('busy', { status, headers: { 'Retry-After': '60' } }));
    const resumed: string[] = [];
    const test = createCodecCheck({ settings, secrets, hasOriginAccess: async () => true, fetch, timeoutMs: 1000, resume: (origin) => void resumed.push(origin) });
    const check = () => test(v.parse(CodecCheckSchema, { namespace: 'payments', endpoint: `${CODEC}/codec` }));
    expect((await check()).works).toBe(false);
    expect(resumed).toEqual([]);
    status = 200;
    expect((await check()).works).toBe(true);
    expect(resumed).toEqual([CODEC]);
  });

  it('for a rule that encodes, asks /encode with the same token, and does not call it working when /encode hands the payload back unencoded', async () => {
    const { check, sent } = setup();
    const reply = await check({ endpoint: `${CODEC}/{namespace}`, accessToken: 'typed', encodeRequests: true });
    expect(sent.map((request) => [request.url, request.headers['Authorization']])).toEqual([
      ['https://codec.example.com/payments/decode', 'Bearer typed'],
      ['https://codec.example.com/payments/encode', 'Bearer typed'],
    ]);
    // The fake server answers both with the plain payload it was sent.
    expect(reply).toEqual({ works: false, sentence: expect.stringMatching(/^Decoding works, but the codec server’s \/encode gave the test payload back unencoded/) });
  });

  it('sends what is typed, with {namespace} and cookies as chosen', async () => {
    const { check, sent } = setup();
    const reply = await check({ endpoint: `${CODEC}/{namespace}`, accessToken: 'typed', idToken: 'typed-id', headers: [{ name: 'X-Proxy-Key', value: 'p' }], includeCredentials: true });
    expect(reply).toEqual({ works: true, sentence: 'It works: the codec server at https://codec.example.com/payments/decode answered the test payload for “payments”.' });
    expect(sent).toEqual([
      {
        url: 'https://codec.example.com/payments/decode',
        headers: expect.objectContaining({ Authorization: 'Bearer typed', 'Authorization-Extras': 'typed-id', 'X-Proxy-Key': 'p', 'X-Namespace': 'payments' }),
        credentials: 'include',
      },
    ]);
  });

  it('sends a token pasted with “Bearer ” as the token inspector reads it, not as “Bearer Bearer …”', async () => {
    const { check, sent } = setup();
    expect((await check({ accessToken: 'Bearer typed', idToken: 'Bearer typed-id' })).works).toBe(true);
    expect(sent[0]?.headers).toMatchObject({ Authorization: 'Bearer typed', 'Authorization-Extras': 'typed-id' });
  });

  it('uses the rule’s saved secrets for fields left empty, on the address they were saved for', async () => {
    const { check, rules, sent } = setup();
    const rule = await savedRule(rules);
    expect((await check({ ruleId: rule.id, endpoint: `${CODEC}/other-path`, headers: [{ name: 'X-Proxy-Key' }] })).works).toBe(true);
    expect(sent[0]?.headers).toMatchObject({ Authorization: 'Bearer saved-token', 'Authorization-Extras': 'saved-id', 'X-Proxy-Key': 'saved-proxy' });
  });

  it('sends headers named as an object’s own fields, typed or saved, as they are', async () => {
    const { check, rules, sent } = setup();
    const input = { namespace: 'payments', addresses: 'every', mode: 'remote', endpoint: CODEC, remember: false };
    const headers = [{ name: 'constructor', value: 'saved-c' }, { name: '__proto__', value: 'saved-p' }];
    const rule = await rules.save(v.parse(RuleInputSchema, { ...input, headers }));
    expect((await check({ ruleId: rule.id, headers: [{ name: 'constructor' }, { name: '__proto__', value: 'typed-p' }] })).works).toBe(true);
    expect(Object.entries(sent[0]!.headers)).toEqual(expect.arrayContaining([['constructor', 'saved-c'], ['__proto__', 'typed-p']]));
  });

  it('sends nothing to another address the saved secrets were not saved for', async () => {
    const { check, rules, sent } = setup();
    const rule = await savedRule(rules);
    const reply = await check({ ruleId: rule.id, endpoint: OTHER });
    expect(reply).toEqual({ works: false, sentence: expect.stringMatching(/^A saved token or header value of this rule was saved for another codec server, so it is not sent to https:\/\/codec\.example\.net/) });
    expect(sent).toEqual([]);
    // Typed again, they go there.
    expect((await check({ ruleId: rule.id, endpoint: OTHER, accessToken: 't', idToken: 'i', headers: [{ name: 'X-Proxy-Key', value: 'p' }] })).works).toBe(true);
    expect(sent.map((s) => s.headers.Authorization)).toEqual(['Bearer t']);
  });

  it('sends nothing of a token moved from version 0.1.0 until its codec server is confirmed, and says how to', async () => {
    const { check, rules, secrets, sent } = setup();
    const rule = await savedRule(rules);
    await secrets.put(secretNames.token(rule.id), 'moved-token', { origin: unconfirmed(CODEC), remember: true });
    const reply = await check({ ruleId: rule.id, headers: [{ name: 'X-Proxy-Key' }] });
    expect(reply).toEqual({ works: false, sentence: expect.stringMatching(/^The access token of this rule came from Payload Lens 0\.1\.0 and waits for you to confirm/) });
    expect(sent).toEqual([]);
    await rules.confirmMovedSecrets(rule.id, CODEC);
    expect((await check({ ruleId: rule.id, headers: [{ name: 'X-Proxy-Key' }] })).works).toBe(true);
    expect(sent[0]?.headers.Authorization).toBe('Bearer moved-token');
  });

  it('says so, and sends nothing, when the browser has not granted the address', async () => {
    const { check, sent } = setup([]);
    expect((await check({ accessToken: 'typed' })).sentence).toMatch(/^The browser does not let the extension reach https:\/\/codec\.example\.com yet/);
    expect(sent).toEqual([]);
  });

  const secretsTyped: Array<[string, Partial<CodecCheckInput>]> = [
    ['an access token', { accessToken: 't' }],
    ['an ID token', { idToken: 'i' }],
    ['a header value', { headers: [{ name: 'X-Api-Key', value: 'k' }] }],
    ['nothing secret', {}],
  ];
  const endpoints = ['http://codec.example.com', 'http://127.0.0.1:8081', 'https://codec.example.com'];
  it.each(secretsTyped.flatMap(([what, typed]) => endpoints.map((endpoint) => [what, endpoint, typed] as const)))(
    'sends %s to %s exactly when a save would keep it there, and otherwise says why in one sentence',
    async (_, endpoint, typed) => {
      const { check, rules, sent } = setup([new URL(endpoint).origin]);
      const saved = rules.save(v.parse(RuleInputSchema, { namespace: 'payments', addresses: 'every', mode: 'remote', endpoint, remember: false, ...typed }));
      const refused = await saved.then(() => false, (error: unknown) => error instanceof InputError && error.message === SECRETS_ENDPOINT_REFUSAL);
      const reply = await check({ endpoint, ...typed });
      expect(reply).toEqual(
        refused ? { works: false, sentence: 'Tokens and header values are only sent to https:// endpoints (or this computer): nothing was sent.' } : { works: true, sentence: expect.stringMatching(/^It works/) },
      );
      expect(sent).toHaveLength(refused ? 0 : 1);
      expect(refused).toBe(endpoint === 'http://codec.example.com' && Object.keys(typed).length > 0);
    },
  );

  it('refuses a pattern as the namespace to test with, and says what is wrong with an endpoint', async () => {
    const { check } = setup();
    await expect(check({ namespace: 'payments-*' })).rejects.toBeInstanceOf(InputError);
    expect(await check({ endpoint: 'codec.example.com' })).toEqual({ works: false, sentence: expect.stringMatching(/is not a web address/) });
    await expect(check({ headers: [{ name: 'Authorization', value: 'x' }] })).rejects.toThrow(/sets the Authorization header itself/);
  });
});
