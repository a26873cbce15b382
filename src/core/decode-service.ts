// The one entry point the background calls: filters what needs a codec, reuses cached and in-flight
// results, and sends everything else to the chosen decoder in a single call so it can batch.
import { KeyedMap, cacheKey, createDecodeCache, type CacheKey } from './decode-cache';
import { decodeError, type DecodeResult } from './errors';
import { isPayload, needsCodec, type Payload } from './payload';

/**
 * Called at most once for each payload whose result was a `codec-timeout`, when work the decoder went on with
 * after answering settles it (decoded, or failed for good); index is the payload's position in the decode call.
 * The codec client splits and retries a timed-out batch in the background. Must not throw.
 */
export type LateResult = (index: number, result: DecodeResult) => void;

/**
 * id tells codecs apart in the cache: e.g. 'remote:<endpoint>' or 'local:<fingerprint of the keys>'. A decoder
 * that keeps working after a timeout hands what it finds to `onLate`; the service caches the successes, so the
 * next answer holding those payloads is decoded without asking again.
 */
export type Decoder = {
  id: string;
  decode(payloads: Payload[], onLate?: LateResult): Promise<DecodeResult[]>;
  /**
   * Starts what a call to `decode` would first wait for (a codec server's decoder asks the browser whether it may reach
   * the server), so that the wait runs beside the service's lookups instead of after them: the service calls it at an
   * answer's first payload that its cache cannot answer. Must not throw.
   */
  warmUp?(): void;
};

export interface DecodeService {
  decode(namespace: string, decoder: Decoder, payloads: Payload[]): Promise<DecodeResult[]>;
  clear(): void;
}

export function createDecodeService(opts: { cacheEntries?: number; cacheChars?: number } = {}): DecodeService {
  const cache = createDecodeCache({ maxEntries: opts.cacheEntries, maxChars: opts.cacheChars });
  // Bumped by clear(): results of work started before it (a removed rule, a replaced key) are not kept.
  let generation = 0;

  async function decode(namespace: string, decoder: Decoder, payloads: Payload[]): Promise<DecodeResult[]> {
    const results: DecodeResult[] = new Array(payloads.length);
    const waits: Array<Promise<unknown>> = [];
    const batch: Payload[] = [];
    const batchKeys: CacheKey[] = [];
    const batchIndexOf = new KeyedMap<number>();
    // slotOf[i] = position in batch whose result payload i takes (duplicates share one position).
    const slotOf: Array<number | undefined> = new Array(payloads.length);

    payloads.forEach((payload, i) => {
      if (!isPayload(payload)) {
        results[i] = decodeError('malformed', 'not a payload');
        return;
      }
      // Standard encodings are returned as they are and never leave the browser.
      if (!needsCodec(payload)) {
        results[i] = { ok: true, payload };
        return;
      }
      const key = cacheKey(namespace, decoder.id, payload);
      const hit = cache.get(key);
      if (hit !== undefined) {
        results[i] = hit;
        return;
      }
      const mine = batchIndexOf.get(key);
      if (mine !== undefined) {
        slotOf[i] = mine;
        return;
      }
      const elsewhere = cache.pending(key);
      if (elsewhere !== undefined) {
        waits.push(elsewhere.then((r) => (results[i] = r)));
        return;
      }
      // The first payload the decoder will be given: what it waits for first starts now, beside the lookups left.
      if (batch.length === 0) decoder.warmUp?.();
      slotOf[i] = batch.length;
      batchIndexOf.set(key, batch.length);
      batch.push(payload);
      batchKeys.push(key);
    });

    if (batch.length > 0) {
      const started = generation;
      // Only successes are kept: an error may be transient (timeout, expired token) and should be retried.
      const keep = (j: number, r: DecodeResult) => {
        if (r.ok && started === generation && batchKeys[j] !== undefined) cache.set(batchKeys[j], r);
      };
      const decoded = runDecoder(decoder, batch, keep);
      cache.trackBatch(batchKeys, decoded);
      const batchResults = await decoded;
      batchResults.forEach((r, j) => keep(j, r));
      slotOf.forEach((j, i) => {
        if (j !== undefined) results[i] = batchResults[j]!;
      });
    }
    await Promise.all(waits);
    return results;
  }

  return {
    decode,
    clear: () => {
      generation++;
      cache.clear();
    },
  };
}

/** Always one result per payload, whatever the decoder does. */
async function runDecoder(decoder: Decoder, batch: Payload[], onLate: LateResult): Promise<DecodeResult[]> {
  let decoded: DecodeResult[];
  try {
    decoded = await decoder.decode(batch, onLate);
  } catch (e) {
    return batch.map(() => decodeError('codec-error', e instanceof Error ? e.message : String(e)));
  }
  return batch.map((_, j) => decoded[j] ?? decodeError('codec-bad-answer', 'the decoder returned fewer results than payloads'));
}
