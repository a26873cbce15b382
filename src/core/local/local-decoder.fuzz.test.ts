import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { deflateSync, gunzipSync, gzipSync, inflateSync } from 'node:zlib';
import { compress } from 'snappyjs';
import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64, encodeBase64Text } from '../base64';
import type { DecodeResult } from '../errors';
import { MAX_CODEC_LAYERS } from '../limits';
import { STANDARD_ENCODINGS, type Payload } from '../payload';
import { readInnerPayload, serializePayloadProto } from '../payload-proto';
import { FUZZ_RUNS, fuzzSettings } from '../test-support/fuzz';
import { createLocalDecoder, encryptPayload, type LocalKey } from './local-decoder';

type Codec = 'binary/zlib' | 'binary/gzip' | 'binary/snappy';
const COMPRESS: Record<Codec, (bytes: Uint8Array) => Uint8Array> = {
  'binary/zlib': (b) => deflateSync(b),
  'binary/gzip': (b) => gzipSync(b),
  'binary/snappy': (b) => compress(b),
};

const wrap = (encoding: string, bytes: Uint8Array): Payload => ({ metadata: { encoding: encodeBase64Text(encoding) }, data: encodeBase64(bytes) });

/** What a worker's converter writes: a standard encoding, maybe more metadata, maybe data. */
const inner: fc.Arbitrary<Payload> = fc
  .record({
    encoding: fc.constantFrom(...STANDARD_ENCODINGS),
    metadata: fc.dictionary(fc.string({ maxLength: 8 }), fc.uint8Array({ maxLength: 12 }), { maxKeys: 2 }),
    data: fc.uint8Array({ maxLength: 200 }),
  })
  .map(({ encoding, metadata, data }) => {
    const p: Payload = { metadata: { ...Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, encodeBase64(v)])), encoding: encodeBase64Text(encoding) } };
    if (data.length > 0) p.data = encodeBase64(data);
    return p;
  });

const aesKey: fc.Arbitrary<LocalKey> = fc.record({ id: fc.string({ maxLength: 12 }), key: fc.oneof(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ minLength: 32, maxLength: 32 })) });

/** A byte changed, the end cut or a byte added somewhere. */
const damage = fc.tuple(fc.constantFrom('flip', 'cut', 'insert'), fc.nat(), fc.integer({ min: 1, max: 255 }));
function damaged(bytes: Uint8Array, [change, at, value]: [string, number, number]): Uint8Array {
  const out = [...bytes];
  const i = at % Math.max(1, out.length);
  if (change === 'flip') out[i] = (out[i] ?? 0) ^ value;
  else if (change === 'cut') out.length = i;
  else out.splice(i, 0, value);
  return new Uint8Array(out);
}

const decodeOne = async (payload: unknown, keys: LocalKey[] = []): Promise<DecodeResult> => (await createLocalDecoder(keys).decode([payload as Payload]))[0]!;

// Many small async decodes: a generous bound per test, growing with the number of cases, for a loaded machine.
describe('local decoder properties', { timeout: FUZZ_RUNS * 60 }, () => {
  for (const codec of ['binary/zlib', 'binary/gzip'] as const) {
    it(`${codec}: opens what zlib writes, and from damaged data yields nothing but the original or what zlib reads`, async () => {
      await fc.assert(
        fc.asyncProperty(inner, fc.option(damage, { nil: undefined }), async (p, change) => {
          const intact = COMPRESS[codec](serializePayloadProto(p)!);
          const bytes = change === undefined ? intact : damaged(intact, change);
          const result = await decodeOne(wrap(codec, bytes));
          if (change === undefined) expect(result).toEqual({ ok: true, payload: p });
          if (!result.ok || isDeepStrictEqual(result.payload, p)) return;
          expect(result.payload).toEqual(readInnerPayload(codec === 'binary/zlib' ? inflateSync(bytes) : gunzipSync(bytes)));
        }),
        fuzzSettings(),
      );
    });
  }

  it('binary/snappy: opens what an independent encoder writes, and answers damage with a payload or an error', async () => {
    await fc.assert(
      fc.asyncProperty(inner, fc.option(damage, { nil: undefined }), async (p, change) => {
        const intact = compress(serializePayloadProto(p)!);
        const result = await decodeOne(wrap('binary/snappy', change === undefined ? intact : damaged(intact, change)));
        if (change === undefined) expect(result).toEqual({ ok: true, payload: p });
        else if (result.ok) expect(result.payload.metadata?.['encoding']).toBeDefined();
      }),
      fuzzSettings(),
    );
  });

  it('binary/encrypted: opens what it seals with any 16- or 32-byte key among others, and no changed bit', async () => {
    await fc.assert(
      fc.asyncProperty(inner, aesKey, fc.array(aesKey, { maxLength: 2 }), fc.nat(), async (p, key, others, bit) => {
        const sealed = await encryptPayload(p, key);
        const keys = [...others.filter((k) => k.id !== key.id), key];
        expect(await decodeOne(sealed, keys)).toEqual({ ok: true, payload: p });
        const bytes = decodeBase64(sealed.data!)!;
        bytes[(bit >> 3) % bytes.length]! ^= 1 << (bit & 7);
        expect(await decodeOne({ ...sealed, data: encodeBase64(bytes) }, keys)).toMatchObject({ ok: false, error: { kind: 'decrypt-failed' } });
      }),
      fuzzSettings(),
    );
  });

  it(`peels up to ${MAX_CODEC_LAYERS} random layers back to the exact inner payload, and refuses one more`, async () => {
    const layer = fc.constantFrom('binary/zlib', 'binary/gzip', 'binary/snappy', 'binary/encrypted');
    await fc.assert(
      fc.asyncProperty(inner, aesKey, fc.array(layer, { maxLength: MAX_CODEC_LAYERS + 1 }), async (p, key, layers) => {
        let outer = p;
        for (const encoding of layers) outer = encoding === 'binary/encrypted' ? await encryptPayload(outer, key) : wrap(encoding, COMPRESS[encoding](serializePayloadProto(outer)!));
        const result = await decodeOne(outer, [key]);
        if (layers.length <= MAX_CODEC_LAYERS) expect(result).toEqual({ ok: true, payload: p });
        else expect(result).toMatchObject({ ok: false, error: { kind: 'malformed' } });
      }),
      fuzzSettings(),
    );
  });

  it('answers random bytes under every encoding, with or without a key id, with one result and no exception', async () => {
    const encodings = ['binary/encrypted', 'binary/zlib', 'binary/gzip', 'binary/snappy', 'custom/thing', 'json/plain'];
    const decoder = createLocalDecoder([{ id: 'k', key: new Uint8Array(32).map((_, i) => i) }, { id: '', key: new Uint8Array(16) }]);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...encodings), fc.uint8Array({ maxLength: 300 }), fc.option(fc.string({ maxLength: 12 })), async (encoding, bytes, keyId) => {
        const metadata: Record<string, string> = { encoding: encodeBase64Text(encoding) };
        if (keyId !== null) metadata['encryption-key-id'] = encodeBase64Text(keyId);
        const results = await decoder.decode([{ metadata, data: encodeBase64(bytes) }]);
        expect(results).toHaveLength(1);
        // Random bytes are never a sealed or compressed payload; only a standard encoding passes as it is.
        expect(results[0]!.ok).toBe(encoding === 'json/plain');
      }),
      fuzzSettings(),
    );
  });

  it('answers anything passed as payloads, JSON values and payload-shaped objects alike, one result each', async () => {
    const decoder = createLocalDecoder([]);
    const shaped = fc.record({ metadata: fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 16 })), data: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }) });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.jsonValue({ maxDepth: 2 }), shaped), { maxLength: 5 }), async (values) => {
        const results = await decoder.decode(values as Payload[]);
        expect(results).toHaveLength(values.length);
        for (const r of results) expect(typeof r.ok).toBe('boolean');
      }),
      fuzzSettings(),
    );
  });
});
