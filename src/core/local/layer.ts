// One codec layer a payload can be wrapped in. Adding a local codec is adding a file that implements this.
import type { DecodeResult } from '../errors';
import type { Payload } from '../payload';
import type { DecompressionBudget } from './decompression-budget';
import type { KeyRing } from './key-ring';

/** What a layer may use while opening one payload. */
export interface LocalContext {
  keys: KeyRing;
  /** Shared by every layer of this payload and, through its answer, by the other payloads decoded with it. */
  budget: DecompressionBudget;
}

export interface PayloadLayer {
  /** The `encoding` metadata value this layer removes. */
  encoding: string;
  /** Returns the inner Payload, or an error value; never throws. */
  open(payload: Payload, ctx: LocalContext): Promise<DecodeResult>;
}
