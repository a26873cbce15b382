// Results by (partition, codec, payload bytes): a history, its reverse and the describe view repeat the same
// payloads, and the UI refetches on every navigation. Bounded by size, so a long session cannot grow it forever;
// held in memory only, because a service-worker restart losing it costs one round of decoding, nothing more.
import { LRUCache } from 'lru-cache';
import type { DecodeResult } from './errors';
import { payloadTextChars, type Payload } from './payload';

/**
 * Split in two so the (large) base64 data is used as a Map key as it is: V8 caches a string's hash, and
 * concatenating it into a longer key would copy and hash it again for every payload.
 */
export interface CacheKey {
  /** partition, codec id and metadata (order-insensitive), plus any other payload fields */
  head: string;
  data: string;
}

/**
 * `partition` says whom the result is for: the background passes the Web UI address and the namespace, so a
 * payload viewed on one address is never answered from the cache on another. Partition and codec id are
 * length-prefixed, so no choice of them (or of metadata) makes two different keys equal: no two partitions can
 * share an entry.
 */
export function cacheKey(partition: string, codecId: string, payload: Payload): CacheKey {
  let head = `${partition.length}:${partition}${codecId.length}:${codecId}`;
  const metadata = payload.metadata ?? {};
  const names = Object.keys(metadata);
  if (names.length > 1) names.sort();
  for (const name of names) {
    const value = metadata[name]!;
    head += `|${name.length}:${name}${value.length}:${value}`;
  }
  for (const field of Object.keys(payload).sort()) {
    // Rare (externalPayloads, say), but part of what the codec sees.
    if (field !== 'metadata' && field !== 'data') head += `|${JSON.stringify([field, payload[field]])}`;
  }
  return { head, data: typeof payload.data === 'string' ? payload.data : '' };
}

/** Everything kept under one data string: almost always one head, more only when partitions or codecs share bytes. */
type Heads<V> = Array<{ head: string; value: V }>;

function findIn<V>(heads: Heads<V> | undefined, head: string): V | undefined {
  if (heads === undefined) return undefined;
  for (const entry of heads) if (entry.head === head) return entry.value;
  return undefined;
}

/** A new list, never the old one changed: the cache weighs an entry only when it is given a new value. */
function withHead<V>(heads: Heads<V> | undefined, head: string, value: V): Heads<V> {
  const kept = heads === undefined ? [] : heads.filter((e) => e.head !== head);
  kept.push({ head, value });
  return kept;
}

/** A plain map keyed by CacheKey, for what is not bounded: requests in flight, one answer's payloads. */
export class KeyedMap<V> {
  private readonly byData = new Map<string, Heads<V>>();

  get(key: CacheKey): V | undefined {
    return findIn(this.byData.get(key.data), key.head);
  }

  set(key: CacheKey, value: V): void {
    this.byData.set(key.data, withHead(this.byData.get(key.data), key.head, value));
  }

  delete(key: CacheKey): void {
    const rest = this.byData.get(key.data)?.filter((e) => e.head !== key.head);
    if (rest === undefined) return;
    if (rest.length === 0) this.byData.delete(key.data);
    else this.byData.set(key.data, rest);
  }

  clear(): void {
    this.byData.clear();
  }
}

/**
 * The default budget, in characters of keys and results (base64 and ids: one byte each in V8's strings). An event
 * whose encrypted payload holds p bytes of plaintext costs about (2p + 70) × 4/3 characters (its ciphertext as the
 * key, its plaintext as the result, both base64) plus 200 of ids and metadata: 8,300 for p = 3,000. So 80 Mi (83.9
 * million) characters hold a 10,000-event history whose payloads average 3,000 bytes (a mix of 100 B to 4 KB
 * averages 2 KB), in about 84 MB, leaving more than 200 MB of the background's 300 MB bound for decoding (an
 * answer's decompressed bytes are capped at 32 MiB).
 */
export const DEFAULT_CACHE_CHARS = 80 * 1024 * 1024;

export interface DecodeCacheOptions {
  /** Approximate memory bound: the characters of keys and results together. */
  maxChars?: number;
  /** An optional bound on the number of distinct payload data as well; none by default. */
  maxEntries?: number;
}

export interface DecodeCache {
  get(key: CacheKey): DecodeResult | undefined;
  set(key: CacheKey, result: DecodeResult): void;
  /** The decode already under way for this key, so a second request waits for it instead of sending again. */
  pending(key: CacheKey): Promise<DecodeResult> | undefined;
  /** Registers one decoder call: keys[i] will be answered by results[i]. One promise per batch, not per payload. */
  trackBatch(keys: readonly CacheKey[], results: Promise<DecodeResult[]>): void;
  clear(): void;
  /** Results held (for tests and diagnostics: counted on each read). */
  readonly size: number;
}

function resultChars(result: DecodeResult): number {
  if (!result.ok) return result.error.kind.length + (result.error.detail?.length ?? 0);
  let chars = payloadTextChars(result.payload);
  // A reference's size is a short number (codec-answer.ts keeps no more of it).
  const external = result.payload['externalPayloads'];
  if (Array.isArray(external)) chars += 48 * external.length;
  return chars;
}

export function createDecodeCache(opts: DecodeCacheOptions = {}): DecodeCache {
  // Keyed by the data string, with the heads inside the value, so the data is never concatenated into a key.
  const entries = new LRUCache<string, Heads<DecodeResult>>({
    maxSize: opts.maxChars ?? DEFAULT_CACHE_CHARS,
    ...(opts.maxEntries !== undefined && opts.maxEntries > 0 ? { max: opts.maxEntries } : {}),
    sizeCalculation: (heads, data) => heads.reduce((chars, e) => chars + e.head.length + resultChars(e.value), data.length) || 1,
  });
  const inFlight = new KeyedMap<{ batch: Promise<DecodeResult[]>; index: number }>();

  return {
    get(key) {
      return findIn(entries.get(key.data), key.head);
    },
    set(key, result) {
      entries.set(key.data, withHead(entries.peek(key.data), key.head, result));
    },
    pending(key) {
      const entry = inFlight.get(key);
      return entry && entry.batch.then((rs) => rs[entry.index]!);
    },
    trackBatch(keys, batch) {
      keys.forEach((key, index) => inFlight.set(key, { batch, index }));
      const done = () => {
        for (const key of keys) if (inFlight.get(key)?.batch === batch) inFlight.delete(key);
      };
      batch.then(done, done);
    },
    clear() {
      entries.clear();
      inFlight.clear();
    },
    get size() {
      let count = 0;
      for (const heads of entries.values()) count += heads.length;
      return count;
    },
  };
}
