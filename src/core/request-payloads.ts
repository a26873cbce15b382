/**
 * Payloads in what the Web UI sends (start workflow, signal, update, query arguments):
 * every one not already in a codec's encoding is encoded before it leaves, so nothing the UI
 * writes is stored in plaintext. Light: bundled into the page hook.
 */
import { needsCodec, type Payload } from './payload';
import { walkPayloads, type PayloadSlot } from './api-json-walker';

/** Methods whose bodies carry payloads to the API. */
const WRITING_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH']);

export function mayCarryPayloads(method: string): boolean {
  return WRITING_METHODS.has(method.toUpperCase());
}

/**
 * Not yet encoded: in a standard encoding, or with no encoding the extension can read (none, or not base64), which
 * is no codec's either. The Web UI always writes one; a payload without would otherwise leave as it is.
 */
function notYetEncoded(payload: Payload): boolean {
  return !needsCodec(payload);
}

/**
 * The payloads to encode, or null when part of the body lies deeper than the walk looks: a
 * payload there could not be encoded, so the request must not leave at all.
 */
export function findPayloadsToEncode(body: unknown): PayloadSlot[] | null {
  const { slots, truncated } = walkPayloads(body, notYetEncoded);
  return truncated ? null : slots;
}
