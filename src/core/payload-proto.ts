// temporal.api.common.v1.Payload in protobuf binary, converted to and from the API's JSON form.
// Codecs wrap the whole serialized inner Payload, so every local layer ends here.
import { BinaryReader, BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { decodeBase64, encodeBase64 } from './base64';
import { MAX_EXTERNAL_PAYLOADS, MAX_METADATA_ENTRIES } from './limits';
import type { Payload } from './payload';

const utf8Strict = new TextDecoder('utf-8', { fatal: true });
const EMPTY = new Uint8Array(0);

/** What readInnerPayload says of a Payload with more metadata entries or external references than limits.ts allows. */
export const OVER_CAPS = 'over-caps';

/**
 * A protobuf reader happily "parses" many random byte strings, so the result is only accepted when
 * every byte was consumed, every field of the Payload had the wire type the schema gives it, and an
 * `encoding` metadata entry is present (every SDK converter writes one). One that holds more metadata
 * entries or external references than a payload may carry on its way from the page is OVER_CAPS.
 * With `delimited`, bytes that are not a Payload are also read as the TypeScript sample before
 * October 2022 encrypted one: prefixed with its varint length.
 */
export function readInnerPayload(bytes: Uint8Array, delimited = false): Payload | typeof OVER_CAPS | null {
  const plain = readGuarded(bytes);
  return plain !== null || !delimited ? plain : readDelimitedPayload(bytes);
}

/** The TypeScript sample before October 2022 encrypted a varint-length-prefixed Payload: only that form, read as readInnerPayload reads. */
export function readDelimitedPayload(bytes: Uint8Array): Payload | typeof OVER_CAPS | null {
  const start = delimitedStart(bytes, bytes.length);
  return start === null ? null : readGuarded(bytes.subarray(start));
}

function readGuarded(bytes: Uint8Array): Payload | typeof OVER_CAPS | null {
  try {
    return readPayload(bytes);
  } catch {
    return null;
  }
}

/**
 * Where the message begins after the varint length prefix at the start of `head`, when that prefix announces exactly
 * the rest of `total` bytes; null otherwise. `head` may be the first bytes alone: the prefix takes at most five.
 */
export function delimitedStart(head: Uint8Array, total: number): number | null {
  try {
    const reader = new BinaryReader(head);
    const length = reader.uint32();
    return reader.pos + length === total ? reader.pos : null;
  } catch {
    return null;
  }
}

function readPayload(bytes: Uint8Array): Payload | typeof OVER_CAPS | null {
  const reader = new BinaryReader(bytes);
  const metadata: Record<string, string> = {};
  let data: Uint8Array | undefined;
  const externalPayloads: Array<Record<string, string>> = [];
  let entries = 0;
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag();
    if (field === 0) return null;
    if (field === 1 || field === 2 || field === 3) {
      if (wireType !== WireType.LengthDelimited) return null;
      if (field === 1) {
        // As many entries as a payload may carry anywhere else: a few bytes of compressed layer could otherwise
        // unfold into millions of objects. Repeated names count too; none is written twice.
        if (++entries > MAX_METADATA_ENTRIES) return OVER_CAPS;
        // Map entries are read in place: a reader per entry would cost more than the entry itself.
        const end = reader.uint32() + reader.pos;
        if (end > reader.len || !readMetadataEntry(reader, end, metadata)) return null;
      } else if (field === 2) {
        data = reader.bytes();
      } else {
        const external = readExternalPayload(reader.bytes());
        if (external === null) return null;
        if (externalPayloads.length === MAX_EXTERNAL_PAYLOADS) return OVER_CAPS;
        externalPayloads.push(external);
      }
    } else {
      // Unknown fields are allowed (newer API versions), but not groups: no Temporal message uses them.
      if (wireType === WireType.StartGroup || wireType === WireType.EndGroup) return null;
      reader.skip(wireType, field);
    }
  }
  if (reader.pos !== reader.len || metadata['encoding'] === undefined) return null;
  const payload: Payload = { metadata };
  if (data !== undefined && data.length > 0) payload.data = encodeBase64(data);
  if (externalPayloads.length > 0) payload['externalPayloads'] = externalPayloads;
  return payload;
}

function readMetadataEntry(reader: BinaryReader, end: number, into: Record<string, string>): boolean {
  let key = '';
  let value: Uint8Array = EMPTY;
  while (reader.pos < end) {
    const [field, wireType] = reader.tag();
    if (wireType !== WireType.LengthDelimited || (field !== 1 && field !== 2)) return false;
    const raw = reader.bytes();
    if (field === 1) key = utf8Text(raw);
    else value = raw;
  }
  if (reader.pos !== end) return false;
  // Assigning "__proto__" would set the object's prototype and drop the entry; a worker may still have written it.
  if (key === '__proto__') Object.defineProperty(into, key, { value: encodeBase64(value), enumerable: true, writable: true, configurable: true });
  else into[key] = encodeBase64(value);
  return true;
}

/** Metadata keys are short ASCII in practice; TextDecoder's per-call cost dominates for those. */
function utf8Text(bytes: Uint8Array): string {
  if (bytes.length <= 64) {
    let ascii = true;
    for (let i = 0; i < bytes.length; i++) if (bytes[i]! > 0x7f) ascii = false;
    if (ascii) return String.fromCharCode.apply(null, bytes as unknown as number[]);
  }
  return utf8Strict.decode(bytes);
}

function readExternalPayload(bytes: Uint8Array): Record<string, string> | null {
  const reader = new BinaryReader(bytes);
  const details: Record<string, string> = {};
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag();
    if (field === 1) {
      if (wireType !== WireType.Varint) return null;
      // proto3 JSON leaves a zero size out; the last value written counts, so a zero after another takes it away.
      const size = String(reader.int64());
      if (size === '0') delete details['sizeBytes'];
      else details['sizeBytes'] = size;
    } else {
      if (field === 0 || wireType === WireType.StartGroup || wireType === WireType.EndGroup) return null;
      reader.skip(wireType, field);
    }
  }
  return reader.pos === reader.len ? details : null;
}

/** null when a metadata value or data is not base64 (the payload did not come from a well-behaved source). */
export function serializePayloadProto(payload: Payload): Uint8Array | null {
  try {
    return writePayload(payload);
  } catch {
    return null; // e.g. a sizeBytes that is not an integer
  }
}

function writePayload(payload: Payload): Uint8Array | null {
  const writer = new BinaryWriter();
  for (const [key, value] of Object.entries(payload.metadata ?? {})) {
    const bytes = decodeBase64(value);
    if (bytes === null) return null;
    writer.tag(1, WireType.LengthDelimited).fork();
    writer.tag(1, WireType.LengthDelimited).string(key);
    writer.tag(2, WireType.LengthDelimited).bytes(bytes);
    writer.join();
  }
  if (payload.data !== undefined && payload.data !== '') {
    const data = decodeBase64(payload.data);
    if (data === null) return null;
    writer.tag(2, WireType.LengthDelimited).bytes(data);
  }
  const external = payload['externalPayloads'] ?? payload['external_payloads'];
  if (Array.isArray(external)) {
    for (const item of external) {
      const size = (item as Record<string, unknown> | null)?.['sizeBytes'] ?? (item as Record<string, unknown> | null)?.['size_bytes'];
      writer.tag(3, WireType.LengthDelimited).fork();
      if (size !== undefined && size !== '0' && size !== 0) writer.tag(1, WireType.Varint).int64(String(size));
      writer.join();
    }
  }
  return writer.finish();
}
