// binary/snappy: the snappy *block* format (not the framed stream), as the Go snappy sample writes it.
import { decodeBase64 } from '../base64';
import { decodeError } from '../errors';
import { innerPayloadResult } from './inner-payload';
import type { PayloadLayer } from './layer';
import { readSnappyLength, uncompressSnappyBlock } from './snappy-block';

/** No snappy element writes more than 64 bytes out of 3 read: a longer declared length is garbage. */
const MAX_EXPANSION = 22;

export const snappyLayer: PayloadLayer = {
  encoding: 'binary/snappy',
  async open(payload, ctx) {
    const compressed = decodeBase64(payload.data ?? '');
    if (compressed === null) return decodeError('malformed', 'data is not base64');
    const declared = readSnappyLength(compressed)?.length;
    if (declared === undefined || declared > compressed.length * MAX_EXPANSION) return decodeError('malformed', 'not valid snappy data');
    // The block declares its length up front, so the cap is checked before anything is allocated.
    const over = ctx.budget.take(declared);
    if (over) return over;
    const raw = uncompressSnappyBlock(compressed, declared);
    if (raw === null) return decodeError('malformed', 'not valid snappy data');
    return innerPayloadResult(raw, 'snappy');
  },
};
