// What every layer ends with: the serialized Payload it unwrapped, read, or why not in one sentence.
import { decodeError, type DecodeResult } from '../errors';
import { OVER_CAPS, readInnerPayload } from '../payload-proto';

/** `what`: the layer's output as the sentence names it ("decrypted", "zlib"); `delimited` as readInnerPayload's. */
export function innerPayloadResult(bytes: Uint8Array, what: string, delimited = false): DecodeResult {
  const inner = readInnerPayload(bytes, delimited);
  if (inner === OVER_CAPS) return decodeError('payload-over-limits');
  return inner === null ? decodeError('malformed', `the ${what} data is not a Temporal Payload`) : { ok: true, payload: inner };
}
