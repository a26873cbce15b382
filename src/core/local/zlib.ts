// binary/zlib: the Go and Java ZlibCodec (RFC 1950, which DecompressionStream calls "deflate").
import type { PayloadLayer } from './layer';
import { openCompressed } from './decompress';

export const zlibLayer: PayloadLayer = {
  encoding: 'binary/zlib',
  open: (payload) => openCompressed(payload, 'deflate'),
};
