import { describe, expect, it } from 'vitest';
import type { CodecClient } from '../../core/remote/codec-client';
import { createLocalDecoder, encryptPayload } from '../../core/local/local-decoder';
import type { Payload } from '../../core/payload';
import type { Rule } from '../../core/settings/schema';
import { memoryStore } from '../storage/key-value';
import { LOCAL_ONLY, secretNames } from '../storage/secret-store';
import { memorySecrets } from '../test-support/stores';
import { createCodecWork } from './codec-work';
import { createDecoderRegistry } from './decoder-registry';
import { createKeyForms } from './key-forms';

// 32 hex digits: 16 bytes as hex, or 32 bytes as text.
const AMBIGUOUS = '00112233445566778899aabbccddeeff';
const b64 = (text: string) => btoa(text);
const plain: Payload = { metadata: { encoding: b64('json/plain') }, data: b64('{"order":42}') };

const rule: Rule = {
  id: 'r1',
  addresses: ['http://localhost:8233'],
  namespace: 'payments',
  enabled: true,
  mode: 'local',
  encodeRequests: true,
  privateView: false,
  local: { keyIds: ['k1'], activeKeyId: 'k1' },
};

async function setup(keyText: string) {
  const { secrets } = memorySecrets();
  await secrets.put(secretNames.key(rule.id, 'k1'), keyText, { origin: LOCAL_ONLY, remember: false });
  let told = 0;
  const forms = createKeyForms(memoryStore(), () => told++);
  const registry = createDecoderRegistry({ secrets, keyForms: forms, codecClient: {} as CodecClient, hasOriginAccess: async () => true, ruleNow: async () => rule });
  const work = createCodecWork(registry);
  return { work, forms, told: () => told };
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('a key input with several readings', () => {
  it('decodes with the reading whose tag opens the payload, remembers it, and then encodes with it', async () => {
    const { work, forms, told } = await setup(AMBIGUOUS);
    // The workers read the key as its 32 characters of text.
    const sealed = await encryptPayload(plain, { id: 'k1', key: new TextEncoder().encode(AMBIGUOUS) });

    // Nothing has shown which reading is right: encoding refuses rather than guess.
    const [refused] = await work.encode(rule, 'payments', [plain]);
    expect(refused).toMatchObject({ ok: false, error: { kind: 'key-form-unconfirmed', detail: 'k1' } });

    const [decoded] = await work.decode(rule, 'payments', 'http://localhost:8233', [sealed]);
    expect(decoded).toEqual({ ok: true, payload: plain });
    await settled();
    expect(await forms.confirmed(rule.id, 'k1', AMBIGUOUS)).toBe('text');
    expect(told()).toBe(1);

    work.clear();
    const [encoded] = await work.encode(rule, 'payments', [plain]);
    expect(encoded?.ok).toBe(true);
    // What was encoded opens with the text reading alone, as the workers will open it.
    const workers = createLocalDecoder([{ id: 'k1', key: new TextEncoder().encode(AMBIGUOUS) }]);
    expect(await workers.decode([encoded!.ok ? encoded!.payload : plain])).toEqual([{ ok: true, payload: plain }]);
  });

  it('forgets what was confirmed when another key is pasted under the same id', async () => {
    const { forms } = await setup(AMBIGUOUS);
    await forms.confirm(rule.id, 'k1', AMBIGUOUS, 'hex');
    expect(await forms.confirmed(rule.id, 'k1', 'ffeeddccbbaa99887766554433221100')).toBeUndefined();
    expect(await forms.confirmed('r2', 'k1', AMBIGUOUS)).toBeUndefined();
  });
});

describe('a key input with one reading', () => {
  it('encodes at once, with no payload needed', async () => {
    const { work } = await setup('test-key-test-key-test-key-test!');
    const [encoded] = await work.encode(rule, 'payments', [plain]);
    expect(encoded?.ok).toBe(true);
    const [decoded] = await work.decode(rule, 'payments', 'x', [encoded!.ok ? encoded!.payload : plain]);
    expect(decoded).toEqual({ ok: true, payload: plain });
  });
});

describe('a key added while an answer waited', () => {
  it('opens the next answers with the new key, though the answer that read the rule before decoded without it', async () => {
    let onChange = (): void => undefined;
    const { secrets } = memorySecrets(() => onChange());
    const keyText = (id: string) => `${id}-0123456789abcdef0123456789abcd`.slice(0, 32);
    await secrets.put(secretNames.key(rule.id, 'k1'), keyText('k1'), { origin: LOCAL_ONLY, remember: false });
    const registry = createDecoderRegistry({ secrets, keyForms: createKeyForms(memoryStore()), codecClient: {} as CodecClient, hasOriginAccess: async () => true, ruleNow: async () => rule });
    onChange = () => registry.clear();
    const sealed = await encryptPayload(plain, { id: 'k2', key: new TextEncoder().encode(keyText('k2')) });

    // The answer read the rule, then the user added k2 (its secret first, then the rule: each clears the registry).
    const before = rule;
    await secrets.put(secretNames.key(rule.id, 'k2'), keyText('k2'), { origin: LOCAL_ONLY, remember: false });
    const after: Rule = { ...rule, local: { keyIds: ['k2', 'k1'], activeKeyId: 'k2' } };
    registry.clear();

    const [waited] = await (await registry.decoderFor(before, 'payments')).decode([sealed]);
    expect(waited).toMatchObject({ ok: false, error: { kind: 'unknown-key-id' } });
    const [next] = await (await registry.decoderFor(after, 'payments')).decode([sealed]);
    expect(next).toEqual({ ok: true, payload: plain });
  });
});
