import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeBase64Text, encodeBase64, encodeBase64Text } from '../base64';
import { readKeyInput, type KeyForm } from '../key-input';
import type { Payload } from '../payload';
import { payloadVectors } from '../../../test-data/test-data';
import { encryptPayload } from './aes-gcm';
import { candidateKeys, createKeyRing, encodingKey, type KeyLookup, type LocalKey } from './key-ring';
import { createLocalDecoder } from './local-decoder';

// 32 characters that are also 32 hex digits: the ambiguous case.
const HEX_LOOKING_TEXT = '0123456789abcdef0123456789abcdef';
const textBytes = (text: string) => new TextEncoder().encode(text);
const jsonPayload = (text: string): Payload => ({ metadata: { encoding: encodeBase64Text('json/plain') }, data: encodeBase64Text(text) });

function readingsOf(id: string, input: string): LocalKey[] {
  const reading = readKeyInput(input);
  if (!reading.ok) throw new Error(reading.sentence);
  return candidateKeys(id, reading.candidates);
}

afterEach(() => vi.restoreAllMocks());

describe('key readings tried by the GCM tag', () => {
  it('opens the samples\' payload with their key pasted as text, as base64 and as hex', async () => {
    const vector = payloadVectors().find((v) => v.name === 'ts-sample')!;
    const sampleKey = 'test-key-test-key-test-key-test!';
    const inputs = [sampleKey, Buffer.from(sampleKey).toString('base64'), Buffer.from(sampleKey).toString('hex')];
    for (const input of inputs) {
      const [result] = await createLocalDecoder(readingsOf('test-key-id', input)).decode([vector.encoded]);
      expect(result?.ok && result.payload.data).toBe(vector.expected!.dataBase64);
    }
  });

  it('finds the reading that opens a payload, reports it once, and tries it first afterwards', async () => {
    const readings = readingsOf('k1', HEX_LOOKING_TEXT);
    expect(readings.map((k) => k.form)).toEqual(['hex', 'text']);
    const sealed = await encryptPayload(jsonPayload('"order-42"'), { id: 'k1', key: textBytes(HEX_LOOKING_TEXT) });
    const confirmed: [string, KeyForm | undefined][] = [];
    const decoder = createLocalDecoder(readings, { onKeyConfirmed: (id, form) => confirmed.push([id, form]) });

    const [first] = await decoder.decode([sealed]);
    expect(first?.ok && decodeBase64Text(first.payload.data!)).toBe('"order-42"');
    expect(confirmed).toEqual([['k1', 'text']]);

    const decrypt = vi.spyOn(crypto.subtle, 'decrypt');
    const [second] = await decoder.decode([sealed]);
    expect(second?.ok).toBe(true);
    expect(decrypt).toHaveBeenCalledTimes(1);
    expect(confirmed).toHaveLength(1);
  });

  it('refuses a payload no reading opens', async () => {
    const sealed = await encryptPayload(jsonPayload('"x"'), { id: 'k1', key: new Uint8Array(32).fill(3) });
    const [result] = await createLocalDecoder(readingsOf('k1', HEX_LOOKING_TEXT)).decode([sealed]);
    expect(result).toMatchObject({ ok: false, error: { kind: 'decrypt-failed' } });
  });

  it('tries every reading of every key for an empty key id, and remembers the one that opened', async () => {
    const ring = createKeyRing([{ id: 'other', key: new Uint8Array(16).fill(1) }, ...readingsOf('k1', HEX_LOOKING_TEXT)]);
    await ring.lookup('k1');
    const first = await ring.lookup('');
    if (!first.ok) throw new Error('expected keys');
    expect(first.keys).toHaveLength(3);
    first.opened(2);
    const next = ring.lookup('') as KeyLookup;
    expect(next).not.toBeInstanceOf(Promise);
    expect(next.ok && next.keys[0]).toBe(first.keys[2]);
    // The key id's own lookup now starts with the reading that opened.
    const byId = await ring.lookup('k1');
    expect(byId.ok && byId.keys[0]).toBe(first.keys[2]);
  });

  it('answers synchronously once a key id is imported', async () => {
    const ring = createKeyRing(readingsOf('k1', HEX_LOOKING_TEXT));
    expect(ring.lookup('k1')).toBeInstanceOf(Promise);
    await ring.lookup('k1');
    expect(ring.lookup('k1')).not.toBeInstanceOf(Promise);
  });

  it('skips a reading of the wrong size and names the size when no reading fits', async () => {
    const ring = createKeyRing([{ id: 'k', key: new Uint8Array(20) }, { id: 'k', key: new Uint8Array(16) }]);
    const found = await ring.lookup('k');
    expect(found.ok && found.keys).toHaveLength(1);
    expect(await createKeyRing([{ id: 'k', key: new Uint8Array(20) }]).lookup('k')).toEqual({
      ok: false,
      error: { kind: 'decrypt-failed', detail: 'key "k" is 20 bytes, not 16 or 32' },
    });
  });
});

describe('encodingKey', () => {
  const readings = readingsOf('k1', HEX_LOOKING_TEXT);

  it('takes the only reading of an unambiguous key', () => {
    const sample = readingsOf('k2', 'test-key-test-key-test-key-test!');
    expect(encodingKey(sample, 'k2')).toEqual({ ok: true, key: sample[0] });
  });

  it('refuses to guess between readings nothing has confirmed', () => {
    expect(encodingKey(readings, 'k1')).toEqual({
      ok: false,
      kind: 'key-form-unconfirmed',
      sentence:
        'Key “k1” could be 16 bytes of hex or 32 bytes of text; open a payload encrypted with it first, or paste the key as base64, before anything is encoded with it.',
    });
  });

  it('takes the confirmed reading, and the workers\' payloads then round-trip', async () => {
    const choice = encodingKey(readings, 'k1', 'text');
    if (!choice.ok) throw new Error(choice.sentence);
    expect(choice.key.form).toBe('text');
    const sealed = await encryptPayload(jsonPayload('"sent"'), choice.key);
    const [opened] = await createLocalDecoder([{ id: 'k1', key: textBytes(HEX_LOOKING_TEXT) }]).decode([sealed]);
    expect(opened?.ok && opened.payload.data).toBe(encodeBase64(textBytes('"sent"')));
  });

  it('names a key id it does not have', () => {
    expect(encodingKey(readings, 'nope')).toMatchObject({ ok: false, kind: 'unknown-key-id' });
  });
});
