/**
 * The snappy *block* format, decoded with every length and offset checked. snappyjs is
 * not safe on corrupt input: a 4-byte literal length with its top bit set turns negative,
 * moves its read position backwards and can loop for seconds or forever, so a single bad
 * payload would stall the background. Format: a varint of the uncompressed length, then
 * elements, each a literal or a copy of earlier output.
 */
const LITERAL = 0;
const COPY_1 = 1;
const COPY_2 = 2;

/** Little-endian unsigned integer of `count` bytes (1 to 4), without 32-bit sign trouble. */
function readLE(input: Uint8Array, at: number, count: number): number {
  let value = 0;
  for (let i = count - 1; i >= 0; i--) value = value * 256 + input[at + i]!;
  return value;
}

/** The uncompressed length the block declares (its leading varint), and where its elements start; null when unreadable. */
export function readSnappyLength(input: Uint8Array): { length: number; at: number } | null {
  let length = 0;
  let scale = 1;
  for (let at = 0; at < input.length && at < 5; at++) {
    const byte = input[at]!;
    length += (byte & 0x7f) * scale;
    if (byte < 0x80) return length <= 0xffffffff ? { length, at: at + 1 } : null;
    scale *= 128;
  }
  return null;
}

/** The uncompressed bytes, or null when the input is not a valid snappy block or would exceed `maxLength`. */
export function uncompressSnappyBlock(input: Uint8Array, maxLength: number): Uint8Array | null {
  const header = readSnappyLength(input);
  if (!header || header.length > maxLength) return null;
  const output = new Uint8Array(header.length);
  let at = header.at;
  let written = 0;
  while (at < input.length) {
    const tag = input[at++]!;
    const kind = tag & 3;
    if (kind === LITERAL) {
      let length = (tag >>> 2) + 1;
      if (length > 60) {
        const extra = length - 60;
        if (at + extra > input.length) return null;
        length = readLE(input, at, extra) + 1;
        at += extra;
      }
      if (at + length > input.length || written + length > output.length) return null;
      output.set(input.subarray(at, at + length), written);
      at += length;
      written += length;
      continue;
    }
    let length: number;
    let offset: number;
    if (kind === COPY_1) {
      if (at + 1 > input.length) return null;
      length = ((tag >>> 2) & 7) + 4;
      offset = ((tag >>> 5) << 8) + input[at]!;
      at += 1;
    } else {
      const bytes = kind === COPY_2 ? 2 : 4;
      if (at + bytes > input.length) return null;
      length = (tag >>> 2) + 1;
      offset = readLE(input, at, bytes);
      at += bytes;
    }
    if (offset === 0 || offset > written || written + length > output.length) return null;
    // Byte by byte: a copy may overlap the bytes it produces (offset < length repeats a run).
    for (let i = 0; i < length; i++) output[written + i] = output[written - offset + i]!;
    written += length;
  }
  return written === output.length ? output : null;
}
