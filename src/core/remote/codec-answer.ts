// What a codec server's 2xx answer body means: the payloads of {"payloads": [...]}, one for each sent, in order.
// Anything else is an error value; this never throws, whatever the server sent.
import type { DecodeError } from '../errors';
import { MAX_EXTERNAL_PAYLOADS } from '../limits';
import { isPayload, type Payload } from '../payload';

export type CodecAnswer = { ok: true; payloads: Payload[] } | { ok: false; error: DecodeError };

const badAnswer = (detail: string): CodecAnswer => ({ ok: false, error: { kind: 'codec-bad-answer', detail } });

export function parseCodecAnswer(text: string, expectedCount: number): CodecAnswer {
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    return badAnswer('not JSON');
  }
  if (typeof answer !== 'object' || answer === null) return badAnswer('no "payloads" list');
  const payloads = (answer as { payloads?: unknown }).payloads;
  if (!Array.isArray(payloads)) return badAnswer('no "payloads" list');
  // Results map back by position: with one payload too many or too few, no position can be trusted. The counts
  // stay out of the detail: they differ from one split request to the next, and one fault should read as one reason.
  if (payloads.length !== expectedCount) return badAnswer('not one payload for each sent');
  // One malformed element makes the order of the rest doubtful too: the whole answer is rejected.
  if (!payloads.every(isPayload)) return badAnswer('an element is not a payload');
  // Only what a payload is: anything else the server put beside it would be cached and handed to the page
  // without counting towards the cache's size.
  return { ok: true, payloads: payloads.map(payloadOnly) };
}

/** Metadata, data, and the external-storage references (their sizes) some SDKs' codec servers hand back. */
function payloadOnly({ metadata, data, externalPayloads }: Payload): Payload {
  const payload: Payload = data === undefined ? { metadata } : { metadata, data };
  if (Array.isArray(externalPayloads) && externalPayloads.length <= MAX_EXTERNAL_PAYLOADS) {
    payload['externalPayloads'] = externalPayloads.map((external: unknown) => {
      const size = (external as { sizeBytes?: unknown } | null)?.sizeBytes;
      return typeof size === 'string' || typeof size === 'number' ? { sizeBytes: String(size).slice(0, 32) } : {};
    });
  }
  return payload;
}
