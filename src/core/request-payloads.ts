/**
 * Payloads in what the Web UI sends (start workflow, signal, update, query arguments):
 * the ones still in a standard encoding are encoded before they leave, so nothing the UI
 * writes is stored in plaintext. Light: bundled into the page hook.
 */
import { hasStandardEncoding } from './payload';
import { walkPayloads, type PayloadSlot } from './api-json-walker';

/** Methods whose bodies carry payloads to the API. */
const WRITING_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH']);

export function mayCarryPayloads(method: string): boolean {
  return WRITING_METHODS.has(method.toUpperCase());
}

/**
 * The payloads to encode, or null when part of the body lies deeper than the walk looks: a
 * payload there could not be encoded, so the request must not leave at all.
 */
export function findPayloadsToEncode(body: unknown): PayloadSlot[] | null {
  const { slots, truncated } = walkPayloads(body, hasStandardEncoding);
  return truncated ? null : slots;
}
