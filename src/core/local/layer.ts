// One codec layer a payload can be wrapped in. Adding a local codec is adding a file that implements this.
import type { DecodeResult } from '../errors';
import type { Payload } from '../payload';
import type { KeyRing } from './key-ring';

export interface LocalContext {
  keys: KeyRing;
}

export interface PayloadLayer {
  /** The `encoding` metadata value this layer removes. */
  encoding: string;
  /** Returns the inner Payload, or an error value; never throws. */
  open(payload: Payload, ctx: LocalContext): Promise<DecodeResult>;
}

// Decompressed sizes are capped so that a hostile or corrupt payload cannot exhaust the background's memory.
export const MAX_INNER_BYTES = 64 * 1024 * 1024;
