import { describe, expect, it, vi } from 'vitest';
import { explainError } from '../../core/errors';
import { encryptPayload } from '../../core/local/local-decoder';
import type { Payload } from '../../core/payload';
import type { CodecClient } from '../../core/remote/codec-client';
import type { Rule } from '../../core/settings/schema';
import { standInFor } from '../../shared/messages/over-limits';

const OVER_LIMITS = standInFor({ data: 'dG9vIG11Y2g=' });
import { memoryStore } from '../storage/key-value';
import { LOCAL_ONLY, secretNames } from '../storage/secret-store';
import { memorySecrets } from '../test-support/stores';
import { createCodecWork } from './codec-work';
import { createDecoderRegistry } from './decoder-registry';
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

  it('is built, and its access asked about, before the first answer comes; that answer is decoded with it', async () => {
    const { secrets } = memorySecrets();
    const asked: string[] = [];
    let built = 0;
    const codecClient = { decode: async (_target: unknown, payloads: Payload[]) => payloads.map((payload) => ({ ok: true as const, payload })) } as unknown as CodecClient;
    const registry = createDecoderRegistry({
      secrets,
      keyForms: createKeyForms(memoryStore(), () => undefined),
      codecClient,
      hasOriginAccess: async (origin) => (asked.push(origin), true),
      // Read once as a decoder is built.
      ruleNow: async () => (built++, remote),
    });
    const codec = createCodecWork(registry);
    codec.prepare(remote, 'payments');
    await vi.waitFor(() => expect(asked).toEqual(['https://codec.example.com']));
    expect(built).toBe(1);
    const sealed: Payload = { metadata: { encoding: 'YmluYXJ5L2VuY3J5cHRlZA==' }, data: 'AAAA' };
    expect(await codec.decode(remote, 'payments', 'http://localhost:8233', [sealed])).toEqual([{ ok: true, payload: sealed }]);
    expect(built).toBe(1);
  });
});
