/**
 * Encodes the payloads of a request the Web UI is about to send, so nothing it writes
 * (start workflow, signal, update, query arguments) is stored in plaintext. When that is
 * not possible the request is not sent: the page gets an error answer saying why.
 */
import { findPayloadsToEncode } from '../../core/request-payloads';
import { applyResults } from '../../core/api-json-walker';
import { HOOK_WAIT_MS } from '../../core/deadlines';
import type { BridgeChannel } from './bridge-channel';
import { parseJson, wireBatch } from './wire-payload';

export type EncodedBody = { ok: true; body: string } | { ok: false; refusal: Response };

/** The gRPC-gateway error shape the Web UI shows for failed calls (code 3: INVALID_ARGUMENT). */
export function refusal(sentence: string): Response {
  const message = `Payload Lens did not send this request: ${sentence}`;
  return new Response(JSON.stringify({ code: 3, message, details: [] }), {
    status: 400,
    statusText: 'Bad Request',
    headers: { 'content-type': 'application/json' },
  });
}

/** The body with its payloads encoded; null when there is nothing to encode (send it as it is). */
export async function encodeBody(channel: BridgeChannel, namespace: string, text: string): Promise<EncodedBody | null> {
  const parsed = parseJson(text);
  // The API reads only JSON bodies, and its gateway reads the first value of one followed by anything: payloads there
  // would be read, and stored, unencoded. Only an empty body holds none.
  if (!parsed) return text.trim() === '' ? null : { ok: false, refusal: refusal('the request body is not JSON the extension can read, so its payloads could not be found to encode.') };
  const slots = findPayloadsToEncode(parsed.value);
  if (slots === null) return { ok: false, refusal: refusal('the request is nested too deeply to be checked for payloads to encode.') };
  if (slots.length === 0) return null;
  const { payloads, where } = wireBatch(slots);
  const results = await channel.encode(namespace, payloads, where, HOOK_WAIT_MS);
  if (!results) return { ok: false, refusal: refusal('the extension could not encode its payloads (too large, or no answer in time).') };
  const failed = results.find((result) => !result.ok);
  if (failed && !failed.ok) return { ok: false, refusal: refusal(failed.sentence) };
  applyResults(
    parsed.value,
    slots,
    results.map((result) => (result.ok ? result.payload : null)),
  );
  return { ok: true, body: JSON.stringify(parsed.value) };
}
