import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeBase64, encodeBase64Text } from './base64';
import type { Payload } from './payload';
import { OVER_CAPS, readDelimitedPayload, readInnerPayload, serializePayloadProto } from './payload-proto';
import { FUZZ_RUNS, fuzzSettings } from './test-support/fuzz';

const base64Bytes = (maxLength: number) => fc.uint8Array({ maxLength }).map(encodeBase64);

/** Payloads as the API carries them: an encoding, maybe other metadata, maybe data and external payload sizes. */
const payload: fc.Arbitrary<Payload> = fc
  .record({
    encoding: fc.string({ maxLength: 20 }),
    // Names an object treats specially are as likely as any other.
    metadata: fc.dictionary(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'encoding')), base64Bytes(20), { maxKeys: 3 }),
    data: base64Bytes(120),
    sizes: fc.array(fc.bigInt({ min: 1n, max: (1n << 63n) - 1n }), { maxLength: 2 }),
  })
  .map(({ encoding, metadata, data, sizes }) => {
    const p: Payload = { metadata: { ...metadata, encoding: encodeBase64Text(encoding) } };
    // proto3 JSON leaves empty data out, as the parser does.
    if (data !== '') p.data = data;
    if (sizes.length > 0) p['externalPayloads'] = sizes.map((n) => ({ sizeBytes: String(n) }));
    return p;
  });

/** A valid serialization with a few bytes changed, cut or added. */
const damaged = fc
  .tuple(payload, fc.array(fc.tuple(fc.constantFrom('flip', 'cut', 'insert'), fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }))
  .map(([p, changes]) => {
    const bytes = [...serializePayloadProto(p)!];
    for (const [change, at, value] of changes) {
      const i = at % (bytes.length + 1);
      if (change === 'flip') bytes[i % bytes.length] = (bytes[i % bytes.length] ?? 0) ^ (value || 1);
      else if (change === 'cut') bytes.length = i;
      else bytes.splice(i, 0, value);
    }
    return new Uint8Array(bytes);
  });

/** Whatever the reader accepts must carry an encoding and read back the same after writing it again. */
function expectStable(parsed: Payload | typeof OVER_CAPS | null): void {
  if (parsed === null || parsed === OVER_CAPS) return;
  expect(parsed.metadata?.['encoding']).toBeDefined();
  expect(readInnerPayload(serializePayloadProto(parsed)!)).toEqual(parsed);
}

// A generous bound per test, growing with the number of cases, so a loaded machine does not fail a run.
describe('Payload protobuf properties', { timeout: FUZZ_RUNS * 60 }, () => {
  it('reads back every payload it writes, in both the plain and the length-delimited form', () => {
    fc.assert(
      fc.property(payload, (p) => {
        const bytes = serializePayloadProto(p)!;
        expect(readInnerPayload(bytes)).toEqual(p);
        const length = [...encodeVarint(bytes.length)];
        expect(readDelimitedPayload(new Uint8Array([...length, ...bytes]))).toEqual(p);
      }),
      fuzzSettings(),
    );
  });

  it('never throws on random bytes, and whatever it accepts is a stable payload', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expectStable(readInnerPayload(bytes));
        expectStable(readDelimitedPayload(bytes));
      }),
      fuzzSettings(),
    );
  });

  it('never throws on a damaged payload, and whatever it accepts is a stable payload', () => {
    fc.assert(
      fc.property(damaged, (bytes) => {
        expectStable(readInnerPayload(bytes));
        expectStable(readDelimitedPayload(bytes));
      }),
      fuzzSettings(),
    );
  });
});

function* encodeVarint(n: number): Generator<number> {
  for (; n >= 0x80; n = Math.floor(n / 128)) yield (n % 128) | 0x80;
  yield n;
}
