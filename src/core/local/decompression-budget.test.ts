// Decompression bombs, built here: each must fail alone with its own sentence while the payloads beside it decode.
import { randomBytes } from 'node:crypto';
import { constants, deflateRawSync, deflateSync } from 'node:zlib';
import { compress } from 'snappyjs';
import { describe, expect, it } from 'vitest';
import { decodeBase64Text, encodeBase64, encodeBase64Text } from '../base64';
import type { DecodeResult } from '../errors';
import { MAX_DECOMPRESSED_ANSWER_BYTES, MAX_DECOMPRESSED_PAYLOAD_BYTES } from '../limits';
import type { Payload } from '../payload';
import { serializePayloadProto } from '../payload-proto';
import { createLocalDecoder, encryptPayload, type LocalKey } from './local-decoder';

const MiB = 1024 * 1024;
const key: LocalKey = { id: 'k', key: new Uint8Array(32).fill(3) };

/** A serialized Payload holding `data` as it is (no base64 round trip for megabytes of zeros). */
function payloadBytes(encoding: string, data: Uint8Array): Uint8Array {
  const head = serializePayloadProto({ metadata: { encoding: encodeBase64Text(encoding) } })!;
  const length: number[] = [];
  for (let n = data.length; ; n = Math.floor(n / 128)) {
    if (n < 128) {
      length.push(n);
      break;
    }
    length.push((n % 128) | 0x80);
  }
  return Buffer.concat([head, Buffer.from([0x12, ...length]), data]);
}

const wrapped = (encoding: string, data: Uint8Array): Payload => ({ metadata: { encoding: encodeBase64Text(encoding) }, data: encodeBase64(data) });
const json = (text: string): Payload => ({ metadata: { encoding: encodeBase64Text('json/plain') }, data: encodeBase64Text(text) });
const zlibOf = (inner: Uint8Array, level = constants.Z_DEFAULT_COMPRESSION) => wrapped('binary/zlib', deflateSync(inner, { level }));

/**
 * A deflate segment that writes 1 MiB of zeros and ends byte-aligned (sync flush): repeated n times it is a valid
 * stream of n MiB, so a bomb of gigabytes costs the test kilobytes per GiB, and never the gigabytes themselves.
 */
const ZEROS_SEGMENT = deflateRawSync(Buffer.alloc(MiB), { finishFlush: constants.Z_SYNC_FLUSH });
const zerosStream = (mib: number) => Buffer.concat(new Array<Buffer>(mib).fill(ZEROS_SEGMENT));
const ZLIB_HEADER = Buffer.from([0x78, 0x9c]);
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);

/** zlib: 4 GiB of zeros from 4 MB. Inflating it first and measuring after would not fit in memory. */
const zlibBomb = () => wrapped('binary/zlib', Buffer.concat([ZLIB_HEADER, zerosStream(4096)]));
const gzipBomb = () => wrapped('binary/gzip', Buffer.concat([GZIP_HEADER, zerosStream(4096)]));
/** Two layers from about 3 KB, like the bombs of a crafted answer: 1 MB of zlib inside, which opens to 1 GiB of zeros. */
const nestedBomb = () => zlibOf(payloadBytes('binary/zlib', Buffer.concat([ZLIB_HEADER, zerosStream(1024)])));

const kinds = (results: DecodeResult[]) => results.map((r) => (r.ok ? 'ok' : r.error.kind));
const text = (r: DecodeResult | undefined) => (r?.ok ? decodeBase64Text(r.payload.data ?? '') : `failed: ${JSON.stringify(r)}`);

describe('decompression stops at its caps', { timeout: 60_000 }, () => {
  it('fails a zlib, gzip or snappy bomb alone, and decodes the payloads beside it', async () => {
    const snappyBomb = wrapped('binary/snappy', compress(payloadBytes('json/plain', new Uint8Array(MAX_DECOMPRESSED_PAYLOAD_BYTES))));
    const good = [zlibOf(payloadBytes('json/plain', Buffer.from('"zlib"'))), await encryptPayload(json('"sealed"'), key)];
    const results = await createLocalDecoder([key]).decode([good[0]!, zlibBomb(), gzipBomb(), snappyBomb, good[1]!]);
    expect(kinds(results)).toEqual(['ok', 'decompressed-too-large', 'decompressed-too-large', 'decompressed-too-large', 'ok']);
    expect(text(results[0])).toBe('"zlib"');
    expect(text(results[4])).toBe('"sealed"');
  });

  it('opens a payload just under the cap, so the cap refuses only what is over it', async () => {
    const data = Buffer.alloc(MAX_DECOMPRESSED_PAYLOAD_BYTES - 64, '7');
    const [r] = await createLocalDecoder([]).decode([zlibOf(payloadBytes('json/plain', data))]);
    expect(r?.ok && r.payload.data?.length).toBe(encodeBase64(data).length);
  });

  it('counts every layer of a payload: two layers under the cap each can be over it together', async () => {
    // Stored (level 0) blocks: each layer's output is as large as its input, random bytes do not compress.
    const nested = (mib: number) => zlibOf(payloadBytes('binary/zlib', deflateSync(payloadBytes('binary/plain', randomBytes(mib * MiB)), { level: 0 })), 0);
    const results = await createLocalDecoder([]).decode([nested(1.5)]);
    expect(kinds(results)).toEqual(['ok']);
    const [over] = await createLocalDecoder([]).decode([nested(2.5)]);
    expect(over).toEqual({ ok: false, error: { kind: 'decompressed-too-large' } });
  });

  it('shares one budget among the payloads of an answer, and starts afresh with the next answer', async () => {
    const perPayload = MAX_DECOMPRESSED_PAYLOAD_BYTES - MiB;
    const fitting = Math.floor(MAX_DECOMPRESSED_ANSWER_BYTES / perPayload);
    const payloads = Array.from({ length: fitting + 2 }, (_, i) => zlibOf(payloadBytes('json/plain', Buffer.alloc(perPayload, String(i % 10)))));
    const decoder = createLocalDecoder([]);
    const results = await decoder.decode(payloads);
    expect(kinds(results)).toEqual([...new Array<string>(fitting).fill('ok'), 'answer-decompressed-too-large', 'answer-decompressed-too-large']);
    expect(kinds(await decoder.decode(payloads.slice(fitting)))).toEqual(['ok', 'ok']);
  });

  it('stops 24 nested bombs in one answer within the answer budget, and still decodes the rest', async () => {
    const good = await encryptPayload(json('"still here"'), key);
    const compressed = zlibOf(payloadBytes('json/plain', Buffer.from('"first"')));
    const bombs = Array.from({ length: 24 }, nestedBomb);
    expect(bombs[0]!.data!.length).toBeLessThan(4096);
    const results = await createLocalDecoder([key]).decode([compressed, ...bombs, good]);
    expect(text(results[0])).toBe('"first"');
    expect(text(results.at(-1))).toBe('"still here"');
    const bombKinds = kinds(results.slice(1, -1));
    expect(new Set(bombKinds)).toEqual(new Set(['decompressed-too-large', 'answer-decompressed-too-large']));
    // Each bomb that reached its own cap spent nearly that cap from the answer's budget; no more of them fit.
    expect(bombKinds.filter((k) => k === 'decompressed-too-large').length).toBeLessThanOrEqual(MAX_DECOMPRESSED_ANSWER_BYTES / (MAX_DECOMPRESSED_PAYLOAD_BYTES - MiB));
  });

  it('refuses a bomb inside encryption the same way', async () => {
    const sealed = await encryptPayload(nestedBomb(), key);
    const results = await createLocalDecoder([key]).decode([sealed]);
    expect(kinds(results)).toEqual(['decompressed-too-large']);
  });
});
