import { describe, expect, it } from 'vitest';
import { encodeBase64, encodeBase64Text } from './base64';
import { MAX_EXTERNAL_PAYLOADS, MAX_METADATA_ENTRIES } from './limits';
import type { Payload } from './payload';
import { OVER_CAPS, readDelimitedPayload, readInnerPayload, serializePayloadProto } from './payload-proto';

describe('Payload protobuf', () => {
  it('round-trips metadata in order, data and external payload sizes', () => {
    const payload = {
      metadata: { encoding: encodeBase64Text('json/plain'), 'z-last': encodeBase64Text('1'), a: encodeBase64(new Uint8Array([0, 255])) },
      data: encodeBase64Text('{"n":123456789012345678901}'),
      externalPayloads: [{ sizeBytes: '9007199254740993' }],
    };
    const parsed = readInnerPayload(serializePayloadProto(payload)!) as Payload;
    expect(parsed).toEqual(payload);
    expect(Object.keys(parsed.metadata!)).toEqual(['encoding', 'z-last', 'a']);
  });

  it('keeps a metadata entry named __proto__ as an entry', () => {
    const payload = JSON.parse(`{"metadata":{"__proto__":"","encoding":"${encodeBase64Text('json/plain')}"}}`);
    const parsed = readInnerPayload(serializePayloadProto(payload)!) as Payload;
    expect(Object.keys(parsed.metadata!)).toEqual(['__proto__', 'encoding']);
    expect(Object.getPrototypeOf(parsed.metadata)).toBe(Object.prototype);
  });

  it('omits data when it is empty, as proto3 JSON does', () => {
    expect(readInnerPayload(serializePayloadProto({ metadata: { encoding: encodeBase64Text('binary/null') } })!)).toEqual({ metadata: { encoding: encodeBase64Text('binary/null') } });
  });

  it('omits an external payload size of zero, written or not, as proto3 JSON does', () => {
    const encoding = [0x0a, 0x12, 0x0a, 0x08, ...new TextEncoder().encode('encoding'), 0x12, 0x06, ...new TextEncoder().encode('binary')];
    const zeroWritten = new Uint8Array([...encoding, 0x1a, 0x02, 0x08, 0x00]); // field 3 holding sizeBytes = 0
    const zeroAfterSize = new Uint8Array([...encoding, 0x1a, 0x04, 0x08, 0x05, 0x08, 0x00]); // the last value counts
    const expected = { metadata: { encoding: encodeBase64Text('binary') }, externalPayloads: [{}] };
    expect(readInnerPayload(zeroWritten)).toEqual(expected);
    expect(readInnerPayload(zeroAfterSize)).toEqual(expected);
    expect(readInnerPayload(serializePayloadProto(expected)!)).toEqual(expected);
  });

  it('skips unknown fields from newer API versions', () => {
    const known = serializePayloadProto({ metadata: { encoding: encodeBase64Text('json/plain') }, data: encodeBase64Text('1') })!;
    const withUnknown = new Uint8Array([...known, 0x48, 0x2a]); // field 9, varint 42
    expect((readInnerPayload(withUnknown) as Payload).data).toBe(encodeBase64Text('1'));
  });

  it('refuses bytes that are not a Payload', () => {
    expect(readInnerPayload(new TextEncoder().encode('{"not":"a payload"}'))).toBeNull();
    expect(readInnerPayload(new Uint8Array([0x12, 0x01, 0x41]))).toBeNull(); // data but no encoding
  });

  it('refuses more metadata entries or external references than a payload may carry, which a few compressed bytes could unfold into millions of', () => {
    const encoding = { encoding: encodeBase64Text('json/plain') };
    const metadata = (n: number) => ({ ...encoding, ...Object.fromEntries(Array.from({ length: n - 1 }, (_, i) => [`m${i}`, ''])) });
    expect(readInnerPayload(serializePayloadProto({ metadata: metadata(MAX_METADATA_ENTRIES) })!)).not.toBeNull();
    expect(readInnerPayload(serializePayloadProto({ metadata: metadata(MAX_METADATA_ENTRIES + 1) })!)).toBe(OVER_CAPS);
    const external = (n: number) => ({ metadata: encoding, externalPayloads: Array.from({ length: n }, () => ({ sizeBytes: '1' })) });
    expect(readInnerPayload(serializePayloadProto(external(MAX_EXTERNAL_PAYLOADS))!)).toEqual(external(MAX_EXTERNAL_PAYLOADS));
    expect(readInnerPayload(serializePayloadProto(external(MAX_EXTERNAL_PAYLOADS + 1))!)).toBe(OVER_CAPS);
    // The same entry written again and again counts each time.
    const once = serializePayloadProto({ metadata: { a: '' } })!;
    const repeated = new Uint8Array([...serializePayloadProto({ metadata: encoding })!, ...Array.from({ length: MAX_METADATA_ENTRIES }, () => [...once]).flat()]);
    expect(readInnerPayload(repeated)).toBe(OVER_CAPS);
  });

  it('reads the legacy length-delimited form only when the prefix covers exactly the rest', () => {
    const body = serializePayloadProto({ metadata: { encoding: encodeBase64Text('json/plain') }, data: encodeBase64Text('true') })!;
    expect((readDelimitedPayload(new Uint8Array([body.length, ...body])) as Payload).data).toBe(encodeBase64Text('true'));
    expect(readDelimitedPayload(new Uint8Array([body.length + 1, ...body]))).toBeNull();
  });
});
