// Base64 as proto3 JSON uses it. Kept dependency-free because the page hook bundles it.
// Where the browser decodes base64 itself (Chrome 140+, Firefox 133+), text whose length is a multiple of four is
// handed to it first: it is a native pass, many times faster than a loop in script over every character. The native
// decoder is lenient (it skips whitespace), so its result is kept only when it is as long as strict decoding of that
// text would make it: every character it skipped makes the result shorter. A scan for letters outside the alphabet
// before it cost nearly as much as the decoding.
// Everything else (unpadded, the URL-safe alphabet, other engines, Node 20) takes one strict pass over a lookup
// table: atob is lenient too, and checking with a regular expression and then copying atob's string into bytes costs
// three passes.

const INVALID = 255;
const PAD = 254;
const TABLE = new Uint8Array(128).fill(INVALID);
for (let i = 0; i < 64; i++) TABLE['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(i)] = i;
TABLE['-'.charCodeAt(0)] = 62; // URL-safe alphabet, which proto3 JSON parsers accept too
TABLE['_'.charCodeAt(0)] = 63;
TABLE['='.charCodeAt(0)] = PAD;

type NativeFromBase64 = (text: string, options: { lastChunkHandling: 'loose' }) => Uint8Array<ArrayBuffer>;
const nativeFromBase64 = (Uint8Array as { fromBase64?: NativeFromBase64 }).fromBase64;
const LOOSE = { lastChunkHandling: 'loose' } as const;

/** Strict decode: standard or URL-safe alphabet, padding optional but only at the end. null when invalid. */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> | null {
  return (nativeFromBase64 && text.length % 4 === 0 ? decodeNatively(nativeFromBase64, text) : null) ?? decodeWithTable(text);
}

/** The native decoder's bytes when they are what strict decoding would give; null to leave it to the table. */
function decodeNatively(fromBase64: NativeFromBase64, text: string): Uint8Array<ArrayBuffer> | null {
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = fromBase64(text, LOOSE);
  } catch {
    // Not the standard alphabet (URL-safe, say), or not base64 at all.
    return null;
  }
  return bytes.length === strictLength(text) ? bytes : null;
}

/**
 * How many bytes strict decoding makes of text whose length is a multiple of four; -1 for any other length. A native
 * decoder skips whitespace, so its result is strict only when it is this long.
 */
function strictLength(text: string): number {
  const n = text.length;
  if (n % 4 !== 0) return -1;
  const pad = n > 0 && text.charCodeAt(n - 1) === 61 ? (text.charCodeAt(n - 2) === 61 ? 2 : 1) : 0;
  return (n / 4) * 3 - pad;
}

type NativeSetFromBase64 = (this: Uint8Array, text: string, options: { lastChunkHandling: 'loose' }) => { read: number; written: number };
const nativeSetFromBase64 = (Uint8Array.prototype as { setFromBase64?: NativeSetFromBase64 }).setFromBase64;

/** Bytes of payload data that `withBase64Bytes` decodes into memory it keeps; more go into memory of their own. */
export const REUSED_BYTES_MAX = 1024 * 1024;
let reused = new Uint8Array(0);
let lent = false;

/**
 * `use` called with the bytes of `text`, decoded as strictly as decodeBase64 does, or null when `text` is not base64.
 * Decoding a payload into new memory costs several times the decoding itself here (every new buffer is memory the
 * process has to be given), so where the browser decodes into an existing buffer, the bytes are a view of one buffer
 * this module keeps and reuses: they are good only until `use` returns, and `use` copies what it keeps (WebCrypto
 * copies its input when called). A call made from within `use` decodes into memory of its own.
 */
export function withBase64Bytes<T>(text: string, use: (bytes: Uint8Array<ArrayBuffer>) => T): T | null {
  const length = text.length > 0 ? strictLength(text) : -1;
  if (nativeSetFromBase64 && !lent && length >= 0 && length <= REUSED_BYTES_MAX) {
    if (reused.length < length) reused = new Uint8Array(Math.min(REUSED_BYTES_MAX, Math.max(length, reused.length * 2, 64 * 1024)));
    let written = -1;
    try {
      ({ written } = nativeSetFromBase64.call(reused, text, LOOSE));
    } catch {
      // Not the standard alphabet: the table below reads it, or refuses it.
    }
    if (written === length) {
      lent = true;
      try {
        return use(reused.subarray(0, written));
      } finally {
        lent = false;
      }
    }
  }
  const bytes = decodeBase64(text);
  return bytes === null ? null : use(bytes);
}

function decodeWithTable(text: string): Uint8Array<ArrayBuffer> | null {
  let end = text.length;
  if (end % 4 === 0 && end > 0 && text.charCodeAt(end - 1) === 61) end -= text.charCodeAt(end - 2) === 61 ? 2 : 1;
  const rest = end % 4;
  if (rest === 1) return null;
  const out = new Uint8Array(((end >> 2) * 3) + (rest === 0 ? 0 : rest - 1));
  let o = 0;
  let i = 0;
  const full = end - rest;
  for (; i < full; i += 4) {
    const a = sextet(text, i), b = sextet(text, i + 1), c = sextet(text, i + 2), d = sextet(text, i + 3);
    if ((a | b | c | d) > 63) return null;
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = n >> 16;
    out[o++] = (n >> 8) & 255;
    out[o++] = n & 255;
  }
  if (rest >= 2) {
    const a = sextet(text, i), b = sextet(text, i + 1), c = rest === 3 ? sextet(text, i + 2) : 0;
    if ((a | b | c) > 63) return null;
    const n = (a << 18) | (b << 12) | (c << 6);
    out[o] = n >> 16;
    if (rest === 3) out[o + 1] = (n >> 8) & 255;
  }
  return out;
}

function sextet(text: string, i: number): number {
  const code = text.charCodeAt(i);
  return code < 128 ? TABLE[code]! : INVALID;
}

// Chrome 140+, Firefox 133+ and Safari 18.2+ encode natively. Elsewhere (Node 20 included) the characters are
// written as ASCII bytes and turned into a string by TextDecoder's ASCII fast path, which measured faster
// than String.fromCharCode + btoa.
const nativeToBase64 = (Uint8Array.prototype as { toBase64?: (this: Uint8Array) => string }).toBase64;
const ALPHABET = new TextEncoder().encode('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
const ascii = new TextDecoder('utf-8');

/** Standard alphabet with padding, the form grpc-gateway and the codec servers emit. */
export function encodeBase64(bytes: Uint8Array): string {
  if (nativeToBase64) return nativeToBase64.call(bytes);
  const n = bytes.length;
  const out = new Uint8Array(Math.ceil(n / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = ALPHABET[v >> 18]!;
    out[o++] = ALPHABET[(v >> 12) & 63]!;
    out[o++] = ALPHABET[(v >> 6) & 63]!;
    out[o++] = ALPHABET[v & 63]!;
  }
  if (i < n) {
    const two = i + 1 < n;
    const v = (bytes[i]! << 16) | (two ? bytes[i + 1]! << 8 : 0);
    out[o++] = ALPHABET[v >> 18]!;
    out[o++] = ALPHABET[(v >> 12) & 63]!;
    out[o++] = two ? ALPHABET[(v >> 6) & 63]! : 61;
    out[o] = 61;
  }
  return ascii.decode(out);
}

const utf8 = new TextDecoder('utf-8');
const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 text of a base64 value; null when not base64 or (strict) not valid UTF-8. */
export function decodeBase64Text(text: string, strict = false): string | null {
  const bytes = decodeBase64(text);
  if (bytes === null) return null;
  try {
    return (strict ? utf8Strict : utf8).decode(bytes);
  } catch {
    return null;
  }
}

const encoder = new TextEncoder();

export function encodeBase64Text(text: string): string {
  return encodeBase64(encoder.encode(text));
}
