/**
 * How few request bodies an answer's payloads fit in, the reference for "at most one request more than needed".
 * Packing is NP-hard; first-fit decreasing is within 11/9 of the optimum plus one, and the byte total gives a bound
 * no packing can beat, so both are reported.
 */
import { BODY_OVERHEAD } from '../src/core/remote/codec-batches';

export interface Packing {
  /** Bodies first-fit decreasing needs. */
  bodies: number;
  /** No packing needs fewer: the bytes over the room in one body. */
  lowerBound: number;
}

/** `sizes`: each payload's JSON in bytes; a body is `{"payloads":[…]}` with commas between payloads, under `limit`. */
export function packPayloads(sizes: readonly number[], limit: number): Packing {
  const room = limit - BODY_OVERHEAD;
  // Room left in each body; a payload joining a body brings a comma.
  const free: number[] = [];
  for (const size of [...sizes].sort((a, b) => b - a)) {
    const index = free.findIndex((left) => left >= size + 1);
    if (index >= 0) free[index]! -= size + 1;
    else free.push(Math.max(0, room - size));
  }
  const total = sizes.reduce((sum, size) => sum + size + 1, -1);
  return { bodies: free.length, lowerBound: Math.max(1, Math.ceil(total / room)) };
}
