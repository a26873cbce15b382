// A rule's local key that is no longer saved (session-only, after the browser closed) is named as such.
import { describe, expect, it } from 'vitest';
import { encodeBase64, encodeBase64Text } from '../../core/base64';
import { explainError } from '../../core/errors';
import { encryptPayload } from '../../core/local/local-decoder';
import type { Payload } from '../../core/payload';
import type { Rule } from '../../core/settings/schema';
import { memoryStore } from '../storage/key-value';
import { memorySecrets } from '../test-support/stores';
import { LOCAL_ONLY, secretNames } from '../storage/secret-store';
import { createCodecWork } from './codec-work';
import { createDecoderRegistry } from './decoder-registry';
import { createKeyForms } from './key-forms';

const KEY = new Uint8Array(32).fill(7);
const rule: Rule = { id: 'r1', addresses: ['http://localhost:8233'], namespace: 'default', enabled: true, mode: 'local', encodeRequests: true, privateView: false, local: { keyIds: ['k1', 'k2'] } };
const json = (text: string): Payload => ({ metadata: { encoding: encodeBase64Text('json/plain') }, data: encodeBase64Text(text) });

async function decodeWith(saved: string[], payloads: Payload[]) {
  const { secrets } = memorySecrets();
  for (const id of saved) await secrets.put(secretNames.key(rule.id, id), encodeBase64(KEY), { origin: LOCAL_ONLY, remember: false });
  const registry = createDecoderRegistry({ secrets, keyForms: createKeyForms(memoryStore()), codecClient: {} as never, hasOriginAccess: async () => true, ruleNow: async () => rule });
  return (await registry.decoderFor(rule, 'default')).decode(payloads, () => undefined);
}

describe('a local key the rule lists but the secret store no longer holds', () => {
  it('fails with a sentence that says the key is no longer saved, and why', async () => {
    const sealed = await encryptPayload(json('"one"'), { id: 'k1', key: KEY });
    const [result] = await decodeWith([], [sealed]);
    expect(result).toEqual({ ok: false, error: { kind: 'key-not-saved', detail: 'k1' } });
    expect(explainError((result as { error: { kind: 'key-not-saved'; detail: string } }).error)).toBe(
      'The key "k1" of this rule is no longer saved, as a key not remembered on this device is forgotten when the browser closes or Payload Lens is updated; enter it again in the options page.',
    );
  });

  it('says so, too, when the Web UI sends something to encode with it', async () => {
    const { secrets } = memorySecrets();
    const registry = createDecoderRegistry({ secrets, keyForms: createKeyForms(memoryStore()), codecClient: {} as never, hasOriginAccess: async () => true, ruleNow: async () => rule });
    const [result] = await createCodecWork(registry).encode(rule, 'default', [json('"to send"')]);
    expect(result).toEqual({ ok: false, error: { kind: 'key-not-saved', detail: 'k1' } });
  });

  it('says so for a payload without a key id when no key is left at all', async () => {
    const sealed = await encryptPayload(json('"two"'), { id: 'k1', key: KEY });
    const withoutId: Payload = { ...sealed, metadata: { encoding: sealed.metadata!['encoding']! } };
    expect(await decodeWith([], [withoutId])).toEqual([{ ok: false, error: { kind: 'key-not-saved' } }]);
  });

  it('leaves other failures, and the keys still saved, as they are', async () => {
    const [underK1, underK2, unknown] = await Promise.all(['k1', 'k2', 'k9'].map((id) => encryptPayload(json(`"${id}"`), { id, key: KEY })));
    const results = await decodeWith(['k1'], [underK1!, underK2!, unknown!]);
    expect(results.map((r) => (r.ok ? 'ok' : r.error))).toEqual(['ok', { kind: 'key-not-saved', detail: 'k2' }, { kind: 'unknown-key-id', detail: 'k9' }]);
  });
});
