import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { findPayloads } from '../../core/api-json-walker';
import { encodeBase64Text } from '../../core/base64';
import { MESSAGE_LIMITS } from '../../shared/messages/limits';
import { standInFor } from '../../shared/messages/over-limits';
import { payloadFingerprint } from '../../core/payload';
import { packBatch } from '../../shared/messages/packed';
import { PackedBatchSchema } from '../../shared/messages/payloads';
import { wireBatch } from './wire-payload';

const encrypted = (n: number) => ({ metadata: { encoding: encodeBase64Text('binary/encrypted'), 'encryption-key-id': encodeBase64Text('k1') }, data: encodeBase64Text(`sealed ${n}`) });

/** What the background makes of the batch the hook sends for `answer`. */
function sent(answer: unknown) {
  const slots = findPayloads(answer);
  const batch = wireBatch(slots);
  return { slots, batch, parsed: v.safeParse(PackedBatchSchema, { namespace: 'default', batch: packBatch(batch) }) };
}

describe('the batch the hook sends for an answer', () => {
  it('is one the background takes when one payload is beyond what a message carries of one: that payload goes as a stand-in', () => {
    const crowded = { ...encrypted(1), metadata: { ...encrypted(1).metadata, ...Object.fromEntries(Array.from({ length: MESSAGE_LIMITS.metadataEntries }, (_, i) => [`m${i}`, ''])) } };
    const longName = { ...encrypted(2), metadata: { ...encrypted(2).metadata, ['n'.repeat(MESSAGE_LIMITS.metadataNameChars + 1)]: '' } };
    const manyReferences = { ...encrypted(3), externalPayloads: Array.from({ length: MESSAGE_LIMITS.externalPayloads + 1 }, () => ({ sizeBytes: '1' })) };
    const answer = { memo: { fields: { a: encrypted(0), b: crowded, c: longName, d: manyReferences, e: encrypted(4) } } };
    const { batch, parsed } = sent(answer);
    expect(parsed.success).toBe(true);
    expect(batch.payloads).toEqual([encrypted(0), ...[crowded, longName, manyReferences].map(standInFor), encrypted(4)]);
    // Each stand-in names the payload it stands for, as the tab's tally counts payloads: the three are told apart.
    expect(new Set(batch.payloads.slice(1, 4).map((p) => p.fingerprint))).toEqual(new Set([crowded, longName, manyReferences].map(payloadFingerprint)));
  });

  it('is one the background takes when a payload’s place is longer than a message carries: the place is cut', () => {
    const answer = { memo: { fields: { short: encrypted(0), ['k'.repeat(MESSAGE_LIMITS.whereChars)]: encrypted(1) } } };
    const { slots, batch, parsed } = sent(answer);
    expect(parsed.success).toBe(true);
    expect(slots.map((slot) => slot.path.length > MESSAGE_LIMITS.whereChars)).toEqual([false, true]);
    expect(batch.where).toEqual([slots[0]!.path, slots[1]!.path.slice(0, MESSAGE_LIMITS.whereChars)]);
  });
});
