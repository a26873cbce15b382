// binary/zlib: the Go and Java ZlibCodec (RFC 1950).
import type { PayloadLayer } from './layer';
import { openCompressed } from './decompress';

export const zlibLayer: PayloadLayer = {
  encoding: 'binary/zlib',
  open: (payload, ctx) => openCompressed(payload, 'zlib', ctx.budget),
};
