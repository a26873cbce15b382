// binary/gzip: RFC 1952, as the Python external-storage sample writes it.
import type { PayloadLayer } from './layer';
import { openCompressed } from './decompress';

export const gzipLayer: PayloadLayer = {
  encoding: 'binary/gzip',
  open: (payload, ctx) => openCompressed(payload, 'gzip', ctx.budget),
};
