// snappyjs ships no types; only the block-format functions we call are declared.
declare module 'snappyjs' {
  /** Throws on a corrupt stream or when the declared length exceeds maxLength. */
  export function uncompress(compressed: Uint8Array, maxLength?: number): Uint8Array;
  export function compress(uncompressed: Uint8Array): Uint8Array;
}
