import { describe, expect, it } from 'vitest';
import { createCipheriv } from 'node:crypto';
import { deflateSync, gzipSync } from 'node:zlib';
import { compress } from 'snappyjs';
import { decodeBase64, decodeBase64Text, encodeBase64, encodeBase64Text } from '../base64';
import { createLocalDecoder, encryptPayload, type LocalKey } from './local-decoder';
import { explainError } from '../errors';
import { MAX_CODEC_LAYERS, MAX_EXTERNAL_PAYLOADS, MAX_METADATA_ENTRIES } from '../limits';
import { payloadEncoding, type Payload } from '../payload';
import { serializePayloadProto } from '../payload-proto';
import { payloadVectors } from '../../../test-data/test-data';

const keysOf = (keys: Record<string, string>): LocalKey[] =>
  Object.entries(keys).map(([id, b64]) => ({ id, key: decodeBase64(b64)! }));

const textMetadata = (p: Payload) => Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, decodeBase64Text(v)]));

describe('local decoder against the shared payload vectors', () => {
  for (const vector of payloadVectors()) {
    it(`${vector.name}: ${vector.note}`, async () => {
      const [result] = await createLocalDecoder(keysOf(vector.keys)).decode([vector.encoded]);
      if (vector.error !== undefined) {
        expect(result).toMatchObject({ ok: false, error: { kind: vector.error } });
        return;
      }
      if (!result?.ok) throw new Error(`expected success, got ${JSON.stringify(result)}`);
      expect(textMetadata(result.payload)).toEqual(vector.expected!.metadata);
      expect(result.payload.data ?? '').toBe(vector.expected!.dataBase64);
    });
  }

  it('names the missing key id so the user knows which key to add', async () => {
    const vector = payloadVectors().find((v) => v.error === 'unknown-key-id')!;
    const [result] = await createLocalDecoder(keysOf(vector.keys)).decode([vector.encoded]);
    expect(result).toEqual({ ok: false, error: { kind: 'unknown-key-id', detail: 'missing-id' } });
  });

  it('keeps decoding the other payloads when one fails', async () => {
    const vectors = payloadVectors();
    const good = vectors.find((v) => v.name === 'ts-sample')!;
    const bad = vectors.find((v) => v.name === 'tampered-ciphertext')!;
    const results = await createLocalDecoder(keysOf(good.keys)).decode([bad.encoded, good.encoded, bad.encoded]);
    expect(results.map((r) => r.ok)).toEqual([false, true, false]);
  });
});

const key32: LocalKey = { id: 'k', key: new Uint8Array(32).map((_, i) => i) };
const jsonPayload = (text: string): Payload => ({ metadata: { encoding: encodeBase64Text('json/plain') }, data: encodeBase64Text(text) });
const wrap = (encoding: string, inner: Payload, transform: (b: Uint8Array) => Uint8Array): Payload => ({
  metadata: { encoding: encodeBase64Text(encoding) },
  data: encodeBase64(transform(serializePayloadProto(inner)!)),
});

describe('the TypeScript sample’s format before October 2022', () => {
  // As that sample wrote it: AES-256-GCM under an all-zero 12-byte IV with 256 zero bytes of additional data, its tag
  // thrown away, over the length-delimited inner Payload (docs/protocol.md §3). Made here with Node's own GCM.
  const key = new Uint8Array(32).map((_, i) => i * 7 + 1);
  function legacySealed(inner: Payload, keyId = 'legacy'): Payload {
    const body = serializePayloadProto(inner)!;
    const length = body.length < 0x80 ? [body.length] : [(body.length & 0x7f) | 0x80, body.length >> 7];
    const delimited = Buffer.concat([Buffer.from(length), body]);
    const cipher = createCipheriv('aes-256-gcm', key, Buffer.alloc(12));
    cipher.setAAD(Buffer.alloc(256));
    const data = Buffer.concat([cipher.update(delimited), cipher.final()]);
    return { metadata: { encoding: encodeBase64Text('binary/encrypted'), 'encryption-key-id': encodeBase64Text(keyId) }, data: data.toString('base64') };
  }
  const inner: Payload = { metadata: { encoding: encodeBase64Text('json/plain') }, data: encodeBase64Text('{"order":42}') };

  it('opens with the right key, however short (no nonce, no tag), and with no key id by trying each key', async () => {
    expect(await createLocalDecoder([{ id: 'legacy', key }]).decode([legacySealed(inner)])).toEqual([{ ok: true, payload: inner }]);
    const empty: Payload = { metadata: { encoding: encodeBase64Text('json/plain') } };
    const short = legacySealed(empty);
    expect(decodeBase64(short.data!)!.length).toBeLessThan(12 + 16);
    expect(await createLocalDecoder([{ id: 'legacy', key }]).decode([short])).toEqual([{ ok: true, payload: empty }]);
    const other = { id: '', key: new Uint8Array(32).fill(9) };
    expect(await createLocalDecoder([other, { id: '', key }]).decode([legacySealed(inner, '')])).toEqual([{ ok: true, payload: inner }]);
  });

  it('confirms the reading of a key input that opened it, as for the samples’ format', async () => {
    const confirmed: Array<[string, string | undefined]> = [];
    const readings: LocalKey[] = [
      { id: 'legacy', key: new Uint8Array(32).fill(9), form: 'hex' },
      { id: 'legacy', key, form: 'text' },
    ];
    const decoder = createLocalDecoder(readings, { onKeyConfirmed: (id, form) => confirmed.push([id, form]) });
    expect(await decoder.decode([legacySealed(inner)])).toEqual([{ ok: true, payload: inner }]);
    expect(confirmed).toEqual([['legacy', 'text']]);
  });

  it('says of an inner payload with more metadata entries than any SDK writes that it is not handled', async () => {
    const crowded: Payload = { metadata: { ...inner.metadata, ...Object.fromEntries(Array.from({ length: MAX_METADATA_ENTRIES }, (_, i) => [`m${i}`, ''])) } };
    const [result] = await createLocalDecoder([{ id: 'legacy', key }]).decode([legacySealed(crowded)]);
    expect(result).toEqual({ ok: false, error: { kind: 'payload-over-limits' } });
  });

  it('does not open with a wrong key: what comes out is no length-delimited Payload', async () => {
    const long = { ...inner, data: encodeBase64Text(JSON.stringify({ pad: 'x'.repeat(200) })) };
    const [result] = await createLocalDecoder([{ id: 'legacy', key: new Uint8Array(32).fill(9) }]).decode([legacySealed(long)]);
    expect(result).toEqual({ ok: false, error: { kind: 'decrypt-failed' } });
  });
});

describe('layers', () => {
  it('round-trips encryptPayload with 16- and 32-byte keys, data bytes unchanged', async () => {
    const text = '{"id":12345678901234567890,"b":1.10,"a":"ü"}';
    for (const key of [key32, { id: 'short', key: new Uint8Array(16).fill(7) }]) {
      const sealed = await encryptPayload(jsonPayload(text), key);
      expect(payloadEncoding(sealed)).toBe('binary/encrypted');
      const [r] = await createLocalDecoder([key]).decode([sealed]);
      expect(r?.ok && decodeBase64Text(r.payload.data!)).toBe(text);
    }
  });

  it('peels gzip inside snappy inside encryption', async () => {
    const inner = wrap('binary/snappy', wrap('binary/gzip', jsonPayload('"deep"'), (b) => gzipSync(b)), (b) => compress(b));
    const [r] = await createLocalDecoder([key32]).decode([await encryptPayload(inner, key32)]);
    expect(r?.ok && decodeBase64Text(r.payload.data!)).toBe('"deep"');
  });

  it(`stops after ${MAX_CODEC_LAYERS} layers instead of following a payload that nests forever`, async () => {
    let p = jsonPayload('1');
    for (let i = 0; i < MAX_CODEC_LAYERS; i++) p = wrap('binary/zlib', p, (b) => deflateSync(b));
    expect((await createLocalDecoder([]).decode([p]))[0]?.ok).toBe(true);
    const tooDeep = wrap('binary/zlib', p, (b) => deflateSync(b));
    expect((await createLocalDecoder([]).decode([tooDeep]))[0]).toMatchObject({ ok: false, error: { kind: 'malformed' } });
  });

  it('tries every key when the key id is empty, and rejects keys of the wrong size', async () => {
    const sealed = await encryptPayload(jsonPayload('"x"'), { id: '', key: key32.key });
    const other: LocalKey = { id: 'other', key: new Uint8Array(32).fill(9) };
    expect((await createLocalDecoder([other, key32]).decode([sealed]))[0]?.ok).toBe(true);
    expect((await createLocalDecoder([other]).decode([sealed]))[0]).toMatchObject({ ok: false, error: { kind: 'decrypt-failed' } });
    const odd = await encryptPayload(jsonPayload('"x"'), key32);
    const [r] = await createLocalDecoder([{ id: 'k', key: new Uint8Array(20) }]).decode([odd]);
    expect(r).toMatchObject({ ok: false, error: { kind: 'decrypt-failed' } });
  });

  it('says of an inner payload with more metadata entries or references than any SDK writes that it is not handled, in each layer', async () => {
    const crowded = jsonPayload('1');
    for (let i = 0; i < MAX_METADATA_ENTRIES; i++) crowded.metadata![`m${i}`] = '';
    const referenced = { ...jsonPayload('1'), externalPayloads: Array.from({ length: MAX_EXTERNAL_PAYLOADS + 1 }, () => ({ sizeBytes: '1' })) };
    for (const inner of [crowded, referenced]) {
      const layers = [wrap('binary/zlib', inner, (b) => deflateSync(b)), wrap('binary/gzip', inner, (b) => gzipSync(b)), wrap('binary/snappy', inner, (b) => compress(b)), await encryptPayload(inner, key32)];
      const results = await createLocalDecoder([key32]).decode(layers);
      expect(results.map((r) => !r.ok && r.error.kind)).toEqual(Array(4).fill('payload-over-limits'));
    }
  });

  it('names a cipher other than AES-GCM, as the Java sample writes it, rather than calling it an encoding', async () => {
    const sealed = await encryptPayload(jsonPayload('"x"'), key32);
    const [named, other] = await createLocalDecoder([key32]).decode([
      { ...sealed, metadata: { ...sealed.metadata, 'encryption-cipher': encodeBase64Text('AES/GCM/NoPadding') } },
      { ...sealed, metadata: { ...sealed.metadata, 'encryption-cipher': encodeBase64Text('AES/CBC/PKCS5Padding') } },
    ]);
    expect(named?.ok).toBe(true);
    expect(other).toMatchObject({ ok: false, error: { kind: 'unsupported-cipher', detail: 'AES/CBC/PKCS5Padding' } });
    expect(!other?.ok && explainError(other!.error)).toBe('This payload was encrypted with “AES/CBC/PKCS5Padding” that a local key does not open (it opens AES-GCM); it needs a codec server that knows it.');
  });

  it('reports corrupt compressed data as malformed', async () => {
    const zlib = { metadata: { encoding: encodeBase64Text('binary/zlib') }, data: encodeBase64(new Uint8Array([0x78, 0x9c, 1, 2, 3])) };
    const snappy = { metadata: { encoding: encodeBase64Text('binary/snappy') }, data: encodeBase64(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f])) };
    const results = await createLocalDecoder([]).decode([zlib, snappy]);
    expect(results.map((r) => !r.ok && r.error.kind)).toEqual(['malformed', 'malformed']);
  });
});
