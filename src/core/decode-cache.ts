// Results by (namespace, codec, payload bytes): a history, its reverse and the describe view repeat the
// same payloads, and the UI refetches on every navigation. Bounded, so a long session cannot grow it forever;
// held in memory only, because a service-worker restart losing it costs one round of decoding, nothing more.
import type { DecodeResult } from './errors';
import type { Payload } from './payload';

/**
 * Split in two so the (large) base64 data is used as a Map key as it is: V8 caches a string's hash, and
 * concatenating it into a longer key would copy and hash it again for every payload.
 */
export interface CacheKey {
  /** namespace, codec id and metadata (order-insensitive), plus any other payload fields */
  head: string;
  data: string;
}

/** Length-prefixed, so no choice of namespace, codec id or metadata can make two different keys collide. */
export function cacheKey(namespace: string, codecId: string, payload: Payload): CacheKey {
  let head = `${namespace.length}:${namespace}${codecId.length}:${codecId}`;
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

/**
 * A map keyed by CacheKey; insertion order of the data keys is the LRU order. Almost every data string
 * comes with one head only, so that case is stored without an inner Map.
 */
export class KeyedMap<V> {
  private readonly byData = new Map<string, { head: string; value: V } | Map<string, V>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(key: CacheKey): V | undefined {
    const slot = this.byData.get(key.data);
    if (slot === undefined) return undefined;
    if (slot instanceof Map) return slot.get(key.head);
    return slot.head === key.head ? slot.value : undefined;
  }

  set(key: CacheKey, value: V): void {
    const slot = this.byData.get(key.data);
    if (slot === undefined) {
      this.byData.set(key.data, { head: key.head, value });
      this.count++;
    } else if (slot instanceof Map) {
      if (!slot.has(key.head)) this.count++;
      slot.set(key.head, value);
    } else if (slot.head === key.head) {
      slot.value = value;
    } else {
      this.byData.set(key.data, new Map([[slot.head, slot.value], [key.head, value]]));
      this.count++;
    }
  }

  delete(key: CacheKey): void {
    const slot = this.byData.get(key.data);
    if (slot === undefined) return;
    if (slot instanceof Map) {
      if (slot.delete(key.head)) this.count--;
      if (slot.size === 0) this.byData.delete(key.data);
    } else if (slot.head === key.head) {
      this.byData.delete(key.data);
      this.count--;
    }
  }

  /** Moves the key to the most recently used end. */
  touch(key: CacheKey): void {
    const slot = this.byData.get(key.data);
    if (slot === undefined) return;
    this.byData.delete(key.data);
    this.byData.set(key.data, slot);
  }

  oldest(): CacheKey | undefined {
    for (const [data, slot] of this.byData) {
      if (!(slot instanceof Map)) return { head: slot.head, data };
      for (const head of slot.keys()) return { head, data };
    }
    return undefined;
  }

  clear(): void {
    this.byData.clear();
    this.count = 0;
  }
}

export interface DecodeCacheOptions {
  maxEntries?: number;
  /** Approximate memory bound: the characters of keys and decoded data together. */
  maxChars?: number;
}

export interface DecodeCache {
  get(key: CacheKey): DecodeResult | undefined;
  set(key: CacheKey, result: DecodeResult): void;
  /** The decode already under way for this key, so a second request waits for it instead of sending again. */
  pending(key: CacheKey): Promise<DecodeResult> | undefined;
  /** Registers one decoder call: keys[i] will be answered by results[i]. One promise per batch, not per payload. */
  trackBatch(keys: readonly CacheKey[], results: Promise<DecodeResult[]>): void;
  clear(): void;
  readonly size: number;
}

export function createDecodeCache(opts: DecodeCacheOptions = {}): DecodeCache {
  const maxEntries = opts.maxEntries ?? 5000;
  const maxChars = opts.maxChars ?? 32 * 1024 * 1024;
  const entries = new KeyedMap<{ result: DecodeResult; chars: number }>();
  const inFlight = new KeyedMap<{ batch: Promise<DecodeResult[]>; index: number }>();
  let chars = 0;

  const evict = () => {
    while (entries.size > maxEntries || (chars > maxChars && entries.size > 0)) {
      const oldest = entries.oldest()!;
      chars -= entries.get(oldest)!.chars;
      entries.delete(oldest);
    }
  };

  return {
    get(key) {
      const hit = entries.get(key);
      if (hit === undefined) return undefined;
      entries.touch(key);
      return hit.result;
    },
    set(key, result) {
      if (maxEntries <= 0) return;
      const old = entries.get(key);
      if (old !== undefined) chars -= old.chars;
      const size = key.head.length + key.data.length + (result.ok ? (result.payload.data?.length ?? 0) : 0);
      if (old !== undefined) entries.touch(key);
      entries.set(key, { result, chars: size });
      chars += size;
      evict();
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
      chars = 0;
    },
    get size() {
      return entries.size;
    },
  };
}
