/**
 * What this page was already given decoded, by the payload it stood for. The Web UI asks for the same payloads again
 * and again: a running workflow's history is polled; going back to a page fetches it anew; history and
 * history-reverse, loaded at once, may both bring the page where they meet. Each time, every payload would cross the
 * bridge, the relay and the background only to be found in the background's cache; here the hook answers it at once.
 *
 * It holds nothing the page was not given: only what was decoded into the page's own answers (never the private
 * view's), forgotten when the settings change or the bridge announces itself again. Bounded by characters, least
 * recently used out first. A payload is found only under the same namespace, metadata, external references and data.
 *
 * Free of dependencies: the page hook bundles it.
 */
import type { WirePayload } from '../../shared/messages/payloads';

/**
 * Ciphertext kept as keys and decoded payloads kept as values, in characters, with ENTRY_CHARS for each entry's own
 * objects: the payloads of a few tens of thousands of events.
 */
export const DECODED_CACHE_CHARS = 64 * 1024 * 1024;
/** What one entry's objects (the entry, its copies of the plaintext and of the metadata, the map's slot) cost beside its strings, counted as characters. */
export const ENTRY_CHARS = 150;

export interface DecodedCache {
  /** The decoded payload, a copy of its own for the caller; undefined when this page was not given it. */
  get(namespace: string, payload: WirePayload): WirePayload | undefined;
  set(namespace: string, payload: WirePayload, decoded: WirePayload): void;
  clear(): void;
}

interface Entry {
  data: string;
  namespace: string;
  /** A copy of the payload's metadata, every value text (the background decodes no other); none for none. */
  metadata: Readonly<Record<string, string>> | undefined;
  /** The payload's external references as JSON, when it has any. */
  external: string | undefined;
  decoded: WirePayload;
  chars: number;
}

/** What must be equal besides the data, each part as the cache keeps it; undefined when it cannot be kept. */
interface Head {
  metadata: Record<string, string> | undefined;
  external: string | undefined;
  chars: number;
}

/** Names to values, as metadata is: not an array, nor text or a number, whose indices would read as names. */
const isRecord = (value: unknown): boolean => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The payload's metadata and external references as an entry keeps them. Metadata whose values are not all text, or
 * references JSON cannot write (a cycle, a BigInt), are not kept: the page built those, and the background refuses
 * them anyway.
 */
function headOf(namespace: string, payload: WirePayload): Head | undefined {
  let chars = namespace.length;
  let metadata: Record<string, string> | undefined;
  if (payload.metadata !== undefined && payload.metadata !== null) {
    if (!isRecord(payload.metadata)) return undefined;
    // Without a prototype, a name "__proto__" (JSON.parse makes it a name like any other) is kept as one.
    metadata = Object.create(null) as Record<string, string>;
    for (const [name, value] of Object.entries(payload.metadata as Record<string, unknown>)) {
      if (typeof value !== 'string') return undefined;
      metadata[name] = value;
      chars += name.length + value.length;
    }
  }
  const external = externalOf(payload);
  if (external === null) return undefined;
  return { metadata, external, chars: chars + (external?.length ?? 0) };
}

/** JSON of the payload's external references; undefined for none, null when JSON cannot write them. */
function externalOf(payload: WirePayload): string | undefined | null {
  if (payload.externalPayloads === undefined) return undefined;
  try {
    return JSON.stringify(payload.externalPayloads) ?? null;
  } catch {
    return null;
  }
}

/**
 * Whether `payload` has the entry's namespace, metadata and external references, compared in place: a JSON text of
 * them built for each payload looked up took more of the page's time than finding the entry.
 */
function sameHead(entry: Entry, namespace: string, payload: WirePayload): boolean {
  if (entry.namespace !== namespace) return false;
  // The page may have put null there: none, as for headOf.
  const metadata = (payload.metadata ?? undefined) as Record<string, unknown> | undefined;
  if (metadata === undefined || entry.metadata === undefined) {
    if (metadata !== entry.metadata) return false;
  } else if (!isRecord(metadata)) {
    return false;
  } else {
    let names = 0;
    for (const name of Object.keys(metadata)) {
      if (!Object.hasOwn(entry.metadata, name) || metadata[name] !== entry.metadata[name]) return false;
      names++;
    }
    if (names !== Object.keys(entry.metadata).length) return false;
  }
  // null (references JSON cannot write) is never an entry's.
  return externalOf(payload) === entry.external;
}

/** A copy the page may change without changing what the next answer gets. */
function copyOf(payload: WirePayload): WirePayload {
  const copy: WirePayload = { ...payload };
  if (typeof payload.metadata === 'object' && payload.metadata !== null) copy.metadata = { ...payload.metadata };
  if (Array.isArray(payload.externalPayloads)) copy.externalPayloads = payload.externalPayloads.map((reference) => ({ ...reference }));
  return copy;
}

const lengthOf = (value: unknown) => (typeof value === 'string' ? value.length : 0);

/** How many of its first and of its last characters a payload's sketch is drawn from, and at how many points between. */
const END_CHARS = 16;
const SPREAD_POINTS = 15;

const mixed = (sketch: number, code: number) => Math.imul(sketch ^ code, 0x01000193);

/**
 * Where a payload is kept: a number drawn from its data's length, its first and last characters (an encrypted
 * payload's nonce and authentication tag) and characters spread over the rest. A Map keyed by the data itself hashes
 * each new string whole, and every payload of an answer is new: about 7 ms for a 1,000-payload answer on the page's
 * thread, most of it for payloads the page was never given; a sketch pasted together from pieces of the data, as a
 * string, was copied into new memory for each lookup. Payloads with the same sketch take each other's place: hardly
 * any encrypted ones, but compressed plaintexts made from one template that differ only between the characters drawn
 * can, and each is then decoded by the background again, as it would be without this cache.
 */
function sketchOf(data: string): number {
  const { length } = data;
  let sketch = length;
  for (let at = 0; at < END_CHARS && at < length; at++) sketch = mixed(sketch, data.charCodeAt(at));
  for (let at = Math.max(END_CHARS, length - END_CHARS); at < length; at++) sketch = mixed(sketch, data.charCodeAt(at));
  for (let k = 1; k <= SPREAD_POINTS; k++) sketch = mixed(sketch, data.charCodeAt(Math.floor((k * length) / (SPREAD_POINTS + 1))));
  return sketch;
}

/**
 * Characters of a decoded payload as an entry keeps it: its data, its metadata and its external references, all
 * chosen by whoever decoded it (a codec server can answer with metadata far longer than the data). Anything not text
 * counts for nothing rather than spoiling the count.
 */
function decodedChars(decoded: WirePayload): number {
  let chars = lengthOf(decoded.data) + (externalOf(decoded)?.length ?? 0);
  if (isRecord(decoded.metadata)) {
    for (const [name, value] of Object.entries(decoded.metadata as Record<string, unknown>)) chars += name.length + lengthOf(value);
  }
  return chars;
}

/** `sketchFor`: where a payload is kept (tests give one that sets payloads in each other's place). */
export function createDecodedCache(maxChars = DECODED_CACHE_CHARS, sketchFor: (data: string) => number = sketchOf): DecodedCache {
  // By sketch; insertion order is use order.
  const entries = new Map<number, Entry>();
  let chars = 0;

  const remove = (sketch: number, entry: Entry) => {
    entries.delete(sketch);
    chars -= entry.chars;
  };

  return {
    get(namespace, payload) {
      const { data } = payload;
      if (typeof data !== 'string') return undefined;
      const sketch = sketchFor(data);
      const entry = entries.get(sketch);
      if (entry === undefined || entry.data !== data || !sameHead(entry, namespace, payload)) return undefined;
      entries.delete(sketch);
      entries.set(sketch, entry);
      return copyOf(entry.decoded);
    },
    set(namespace, payload, decoded) {
      const { data } = payload;
      const head = headOf(namespace, payload);
      if (typeof data !== 'string' || head === undefined) return;
      const sketch = sketchFor(data);
      const previous = entries.get(sketch);
      if (previous) remove(sketch, previous);
      const { metadata, external } = head;
      const entry: Entry = { data, namespace, metadata, external, decoded: copyOf(decoded), chars: ENTRY_CHARS + data.length + head.chars + decodedChars(decoded) };
      if (entry.chars > maxChars) return;
      entries.set(sketch, entry);
      chars += entry.chars;
      for (const [oldest, old] of entries) {
        if (chars <= maxChars) break;
        remove(oldest, old);
      }
    },
    clear() {
      entries.clear();
      chars = 0;
    },
  };
}
