// binary/snappy: the snappy *block* format (not the framed stream), as the Go snappy sample writes it.
import { uncompress } from 'snappyjs';
import { decodeBase64 } from '../base64';
import { decodeError } from '../errors';
import { parsePayloadProto } from '../payload-proto';
import { MAX_INNER_BYTES, type PayloadLayer } from './layer';

const MAX_EXPANSION = 22;

export const snappyLayer: PayloadLayer = {
  encoding: 'binary/snappy',
  async open(payload) {
    const compressed = decodeBase64(payload.data ?? '');
    if (compressed === null) return decodeError('malformed', 'data is not base64');
    let raw: Uint8Array;
    try {
      // maxLength makes snappyjs refuse before allocating what a corrupt length header claims. No snappy
      // op expands more than 64 bytes out of 3 in, so a longer claim is garbage.
      raw = uncompress(compressed, Math.min(MAX_INNER_BYTES, compressed.length * MAX_EXPANSION + 64));
    } catch {
      return decodeError('malformed', 'not valid snappy data');
    }
    const inner = parsePayloadProto(raw);
    return inner === null ? decodeError('malformed', 'the snappy data is not a Temporal Payload') : { ok: true, payload: inner };
  },
};
