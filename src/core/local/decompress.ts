// zlib and gzip, inflated a slice at a time so that the output stops at the caps instead of being measured after.
// Not DecompressionStream: a browser's inflates each chunk it is given in one go, before anything can be read,
// and Node's queues thousands of chunks ahead of the reader, so neither can be stopped at a byte count. fflate inflates synchronously exactly what it is pushed; each push is sized so that
// even deflate's largest expansion stays within what is left. fflate does not check the trailing checksums: that
// is done here, over the last bytes of the data. Unlike zlib, bytes inserted between the end of the compressed
// data and that checksum go unnoticed; the checksum still vouches for every byte that comes out.
import { Gunzip, Unzlib } from 'fflate';
import { decodeBase64 } from '../base64';
import { decodeError, type DecodeResult } from '../errors';
import type { Payload } from '../payload';
import { innerPayloadResult } from './inner-payload';
import { ADLER32_START, CRC32_START, adler32, crc32 } from './checksums';
import type { DecodeFailure, DecompressionBudget } from './decompression-budget';

export type CompressedFormat = 'zlib' | 'gzip';

/** Deflate's largest possible expansion: a 258-byte match coded in two bits. */
const MAX_INFLATE_RATIO = 1032;
/** Near a cap, pushes stay this large so a long input is not crawled through byte by byte; it can only pass the cap by 1 MiB, and then fails. */
const MIN_PUSH_BYTES = 1024;
const MAX_PUSH_BYTES = 64 * 1024;

/** The decompressed bytes, the cap they passed, or null when the data is not valid `format`. */
export function inflate(bytes: Uint8Array, format: CompressedFormat, budget: DecompressionBudget): Uint8Array | DecodeFailure | null {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let checksum = format === 'zlib' ? ADLER32_START : CRC32_START;
  let over: DecodeFailure | undefined;
  const onData = (chunk: Uint8Array) => {
    if (over !== undefined || chunk.length === 0) return;
    over = budget.take(chunk.length);
    if (over !== undefined) return;
    chunks.push(chunk);
    total += chunk.length;
    checksum = format === 'zlib' ? adler32(checksum, chunk) : crc32(checksum, chunk);
  };
  const inflater = format === 'zlib' ? new Unzlib(onData) : new Gunzip(onData);
  try {
    for (let at = 0; at < bytes.length && over === undefined; ) {
      const size = Math.min(MAX_PUSH_BYTES, Math.max(MIN_PUSH_BYTES, Math.floor(budget.free / MAX_INFLATE_RATIO)));
      const end = Math.min(bytes.length, at + size);
      inflater.push(bytes.subarray(at, end), end === bytes.length);
      at = end;
    }
  } catch {
    return null; // corrupt or truncated stream
  }
  if (over !== undefined) return over;
  if (!trailerMatches(bytes, format, checksum, total)) return null;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

/** zlib ends with the Adler-32 (big-endian); gzip with the CRC-32 and the length modulo 2^32 (little-endian). */
function trailerMatches(bytes: Uint8Array, format: CompressedFormat, checksum: number, length: number): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (format === 'zlib') return bytes.length >= 4 && view.getUint32(bytes.length - 4) === checksum;
  return bytes.length >= 8 && view.getUint32(bytes.length - 8, true) === checksum && view.getUint32(bytes.length - 4, true) === length % 2 ** 32;
}

/** Compression layers wrap the whole serialized inner Payload, like encryption does. */
export async function openCompressed(payload: Payload, format: CompressedFormat, budget: DecompressionBudget): Promise<DecodeResult> {
  const compressed = decodeBase64(payload.data ?? '');
  if (compressed === null) return decodeError('malformed', 'data is not base64');
  const raw = inflate(compressed, format, budget);
  if (raw === null) return decodeError('malformed', `not valid ${format} data`);
  if (!(raw instanceof Uint8Array)) return raw;
  return innerPayloadResult(raw, format);
}
