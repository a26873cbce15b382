// snappyjs ships no types. Tests use it as an independent snappy encoder; decoding is our own (see snappy-block.ts).
declare module 'snappyjs' {
  /** Throws on a corrupt stream or when the declared length exceeds maxLength. */
  export function uncompress(compressed: Uint8Array, maxLength?: number): Uint8Array;
  export function compress(uncompressed: Uint8Array): Uint8Array;
}
