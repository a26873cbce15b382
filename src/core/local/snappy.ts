// binary/snappy: the snappy *block* format (not the framed stream), as the Go snappy sample writes it.
import { decodeBase64 } from '../base64';
import { decodeError } from '../errors';
import { parsePayloadProto } from '../payload-proto';
import { MAX_INNER_BYTES, type PayloadLayer } from './layer';
import { uncompressSnappyBlock } from './snappy-block';

/** No snappy element expands more than 64 bytes out of 2 in: a longer claimed length is garbage. */
const MAX_EXPANSION = 32;

export const snappyLayer: PayloadLayer = {
  encoding: 'binary/snappy',
  async open(payload) {
    const compressed = decodeBase64(payload.data ?? '');
    if (compressed === null) return decodeError('malformed', 'data is not base64');
    const raw = uncompressSnappyBlock(compressed, Math.min(MAX_INNER_BYTES, compressed.length * MAX_EXPANSION + 64));
    if (raw === null) return decodeError('malformed', 'not valid snappy data');
    const inner = parsePayloadProto(raw);
    return inner === null ? decodeError('malformed', 'the snappy data is not a Temporal Payload') : { ok: true, payload: inner };
  },
};
