// What a codec server's 2xx answer body means: the payloads of {"payloads": [...]}, one for each sent, in order.
// Anything else is an error value; this never throws, whatever the server sent.
import type { DecodeError } from '../errors';
import { jsonStructure } from '../json-structure';
import { MAX_EXTERNAL_PAYLOADS, MAX_METADATA_ENTRIES } from '../limits';
import { decodeBase64, encodeBase64 } from '../base64';
import { isPayload, type Payload } from '../payload';

/**
 * `splittable`: the same request with fewer payloads may pass. An answer that is not a payload list at all (an HTML
 * page from a proxy, a server's own error object) says nothing about any payload, so fewer would fare no better.
 */
export type CodecAnswer = { ok: true; payloads: Payload[] } | { ok: false; error: DecodeError; splittable: boolean };

const badAnswer = (detail: string, splittable: boolean): CodecAnswer => ({ ok: false, error: { kind: 'codec-bad-answer', detail }, splittable });

/**
 * Structure (json-structure.ts) of an answer of `count` payloads at most, each with every metadata entry and external
 * reference it may have: a payload object with its fields and comma takes 7 (15 leaves room for a few fields a server
 * adds beside them), metadata 2 per entry, references 3 each; the answer's object and list 16. Parsing more would only
 * build objects that are refused once built.
 */
const answerStructureMax = (count: number) => count * (15 + 2 * MAX_METADATA_ENTRIES + 3 * MAX_EXTERNAL_PAYLOADS) + 16;

/** The deepest an answer goes: {"payloads": [{"externalPayloads": [{...}]}]}. */
const ANSWER_DEPTH_MAX = 5;

export function parseCodecAnswer(text: string, expectedCount: number): CodecAnswer {
  // Before parsing: a server could answer a request of one payload with megabytes of empty objects.
  const structureMax = answerStructureMax(expectedCount);
  if (jsonStructure(text, structureMax, ANSWER_DEPTH_MAX) > structureMax) return badAnswer('more than the payloads sent could hold', false);
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    return badAnswer('not JSON', false);
  }
  if (typeof answer !== 'object' || answer === null) return badAnswer('no "payloads" list', false);
  const payloads = (answer as { payloads?: unknown }).payloads;
  if (!Array.isArray(payloads)) return badAnswer('no "payloads" list', false);
  // Results map back by position: with one payload too many or too few, no position can be trusted. The counts
  // stay out of the detail: they differ from one split request to the next, and one fault should read as one reason.
  // A server may drop what it cannot open, so fewer payloads may pass.
  if (payloads.length !== expectedCount) return badAnswer('not one payload for each sent', true);
  // One malformed element makes the order of the rest doubtful too: the whole answer is rejected.
  if (!payloads.every(isAnswerPayload)) return badAnswer('an element is not a payload', true);
  // Only what a payload is: anything else the server put beside it would be cached and handed to the page
  // without counting towards the cache's size.
  return { ok: true, payloads: payloads.map(payloadOnly) };
}

const isAnswerPayload = (value: unknown): value is Payload => isPayload(value) && Object.keys(value.metadata ?? {}).length <= MAX_METADATA_ENTRIES;

/**
 * Metadata, data, and the external-storage references (their sizes) some SDKs' codec servers hand back, in the
 * proto3 JSON names the Web UI reads: the Go SDK's handler writes them in Go's own JSON, as `external_payloads` and
 * `size_bytes`.
 */
function payloadOnly(returned: Payload): Payload {
  const metadata = returned.metadata === undefined ? undefined : Object.fromEntries(Object.entries(returned.metadata).map(([key, value]) => [key, standardBase64(value)]));
  const payload: Payload = returned.data === undefined ? { metadata } : { metadata, data: standardBase64(returned.data) };
  const externalPayloads = returned['externalPayloads'] ?? returned['external_payloads'];
  if (Array.isArray(externalPayloads) && externalPayloads.length <= MAX_EXTERNAL_PAYLOADS) {
    payload['externalPayloads'] = externalPayloads.map((external: unknown) => {
      const reference = external as { sizeBytes?: unknown; size_bytes?: unknown } | null;
      const size = reference?.sizeBytes ?? reference?.size_bytes;
      return typeof size === 'string' || typeof size === 'number' ? { sizeBytes: String(size).slice(0, 32) } : {};
    });
  }
  return payload;
}

/**
 * Base64 as the Web UI reads it, with `atob`: the standard alphabet, padded. Proto3 JSON parsers also take the URL-safe
 * alphabet and no padding, and a server may write them; such text is written again. What is not base64 stays as it is.
 */
function standardBase64(text: string): string {
  if (text.length % 4 === 0 && !/[-_]/.test(text)) return text;
  const bytes = decodeBase64(text);
  return bytes === null ? text : encodeBase64(bytes);
}
