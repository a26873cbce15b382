// The checksums that end a zlib stream (Adler-32, RFC 1950) and a gzip member (CRC-32, RFC 1952), updated one
// chunk at a time. The inflater does not check them; a corrupt payload must not pass as a decoded one.

export function adler32(previous: number, bytes: Uint8Array): number {
  let a = previous & 0xffff;
  let b = previous >>> 16;
  // Reduced every 5552 bytes, as zlib does (its NMAX): the sums stay small integers, which V8 adds fastest.
  for (let start = 0; start < bytes.length; start += 5552) {
    const end = Math.min(bytes.length, start + 5552);
    for (let i = start; i < end; i++) {
      a += bytes[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

export const ADLER32_START = 1;

const CRC_TABLE = new Int32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});

export function crc32(previous: number, bytes: Uint8Array): number {
  let c = ~previous;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

export const CRC32_START = 0;
