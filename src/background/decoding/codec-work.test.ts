import { describe, expect, it, vi } from 'vitest';
import { explainError } from '../../core/errors';
import { encryptPayload } from '../../core/local/local-decoder';
import type { Payload } from '../../core/payload';
import type { Decoder } from '../../core/decode-service';
import type { DecodeResult } from '../../core/errors';
import type { CodecClient, CodecTarget } from '../../core/remote/codec-client';
import type { Rule } from '../../core/settings/schema';
import { standInFor } from '../../shared/messages/over-limits';

const OVER_LIMITS = standInFor({ data: 'dG9vIG11Y2g=' });
import { memoryStore } from '../storage/key-value';
import { LOCAL_ONLY, secretNames } from '../storage/secret-store';
import { memorySecrets } from '../test-support/stores';
import { createCodecWork, PREPARED_AT_ONCE } from './codec-work';
import { createDecoderRegistry, type DecoderRegistry } from './decoder-registry';
import { createOriginAccessCache } from './origin-access-cache';
import { createKeyForms } from './key-forms';

const KEY = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
const rule: Rule = { id: 'r1', addresses: ['http://localhost:8233'], namespace: 'payments', enabled: true, mode: 'local', encodeRequests: true, privateView: false, local: { keyIds: ['k1'], activeKeyId: 'k1' } };
const plain = (n: number): Payload => ({ metadata: { encoding: btoa('json/plain') }, data: btoa(`{"order":${n}}`) });

async function work() {
  const { secrets } = memorySecrets();
  await secrets.put(secretNames.key(rule.id, 'k1'), KEY, { origin: LOCAL_ONLY, remember: false });
  const registry = createDecoderRegistry({ secrets, keyForms: createKeyForms(memoryStore(), () => undefined), codecClient: {} as CodecClient, hasOriginAccess: async () => true, ruleNow: async () => rule });
  return createCodecWork(registry);
}

describe('a stand-in for a payload beyond what a message carries', () => {
  it('fails alone, with its sentence, while the payloads beside it are decoded and encoded', async () => {
    const codec = await work();
    const key = { id: 'k1', key: Uint8Array.from(atob(KEY), (c) => c.charCodeAt(0)) };
    const sealed = await Promise.all([1, 2].map((n) => encryptPayload(plain(n), key)));
    const decoded = await codec.decode(rule, 'payments', 'http://localhost:8233', [sealed[0]!, OVER_LIMITS, sealed[1]!]);
    expect(decoded.map((result) => (result.ok ? result.payload : explainError(result.error)))).toEqual([
      plain(1),
      'This payload carries more metadata or external-storage references, or longer names or sizes, than any SDK writes, so the extension does not handle it.',
      plain(2),
    ]);
    const encoded = await codec.encode(rule, 'payments', [OVER_LIMITS, plain(3)]);
    expect(encoded.map((result) => result.ok || result.error.kind)).toEqual(['payload-over-limits', true]);
  });
});

describe('a codec server rule’s decoder made ready for a namespace', () => {
  const remote: Rule = { ...rule, mode: 'remote', local: undefined, remote: { endpoint: 'https://codec.example.com', includeCredentials: false, headerNames: [], permissionsClaim: 'permissions' } };
  const sealed: Payload = { metadata: { encoding: 'YmluYXJ5L2VuY3J5cHRlZA==' }, data: 'AAAA' };

  /** The background's codec work, its access cache asking a browser the test answers; a codec client that asks too. */
  function setUp() {
    const browser = { allowed: true, asked: 0 };
    const access = createOriginAccessCache(async () => (browser.asked++, browser.allowed));
    const sent: Payload[][] = [];
    const codecClient = {
      decode: async (target: CodecTarget, payloads: Payload[]): Promise<DecodeResult[]> => {
        if (target.mayReach && !(await target.mayReach())) return payloads.map(() => ({ ok: false, error: { kind: 'codec-permission-missing' } }));
        sent.push(payloads);
        return payloads.map((payload) => ({ ok: true, payload }));
      },
    } as unknown as CodecClient;
    let built = 0;
    const registry = createDecoderRegistry({
      secrets: memorySecrets().secrets,
      keyForms: createKeyForms(memoryStore(), () => undefined),
      codecClient,
      hasOriginAccess: access.has,
      // Read once as a decoder is built.
      ruleNow: async () => (built++, remote),
    });
    return { codec: createCodecWork(registry), browser, access, sent, built: () => built };
  }

  it('is built, and the browser asked about its server, before the first answer comes; that answer asks nothing more', async () => {
    const { codec, browser, sent, built } = setUp();
    codec.prepare(remote, 'payments');
    await vi.waitFor(() => expect(browser.asked).toBe(1));
    expect(built()).toBe(1);
    expect(await codec.decode(remote, 'payments', 'http://localhost:8233', [sealed])).toEqual([{ ok: true, payload: sealed }]);
    expect([built(), browser.asked, sent.length]).toEqual([1, 1, 1]);
  });

  it('sends nothing when access is withdrawn between the plan and the answer', async () => {
    const { codec, browser, access, sent } = setUp();
    codec.prepare(remote, 'payments');
    await vi.waitFor(() => expect(browser.asked).toBe(1));
    browser.allowed = false;
    access.forget();
    expect(await codec.decode(remote, 'payments', 'http://localhost:8233', [sealed])).toEqual([{ ok: false, error: { kind: 'codec-permission-missing', detail: 'https://codec.example.com' } }]);
    expect(sent).toEqual([]);
  });

  it('is made ready for at most PREPARED_AT_ONCE namespaces at a time, however many plans a page asks for', async () => {
    const building: Array<() => void> = [];
    const registry = {
      decoderFor: vi.fn(() => new Promise<Decoder>((resolve) => building.push(() => resolve({ id: 'remote:test', decode: async () => [] })))),
    } as unknown as DecoderRegistry;
    const codec = createCodecWork(registry);
    for (let i = 0; i < 10; i++) codec.prepare(remote, `namespace-${i}`);
    expect(registry.decoderFor).toHaveBeenCalledTimes(PREPARED_AT_ONCE);
    building[0]!();
    await vi.waitFor(() => {
      codec.prepare(remote, 'later');
      expect(registry.decoderFor).toHaveBeenLastCalledWith(remote, 'later');
    });
  });
});
