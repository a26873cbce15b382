/**
 * What this page was already given decoded, by the payload it stood for. The Web UI asks for the same payloads again
 * and again: a workflow page loads its history and history-reverse, each through every event; a running workflow's
 * history is polled; going back to a page fetches it anew. Each time, every payload would cross the bridge, the relay
 * and the background only to be found in the background's cache; here the hook answers it at once.
 *
 * It holds nothing the page was not given: only what was decoded into the page's own answers (never the private
 * view's), forgotten when the settings change or the bridge announces itself again. Bounded by characters, least
 * recently used out first. A payload is found only under the same namespace, metadata and data, so no two payloads
 * can share an entry.
 *
 * Free of dependencies: the page hook bundles it.
 */
import type { WirePayload } from '../../shared/messages/payloads';

/**
 * Ciphertext kept as keys and plaintext kept as values, in characters, with ENTRY_CHARS for each entry's own objects:
 * the payloads of a few tens of thousands of events.
 */
export const DECODED_CACHE_CHARS = 64 * 1024 * 1024;
/** What one entry's objects (the entry, its copy, the map's slot) cost beside its strings, counted as characters. */
export const ENTRY_CHARS = 100;

export interface DecodedCache {
  /** The decoded payload, a copy of its own for the caller; undefined when this page was not given it. */
  get(namespace: string, payload: WirePayload): WirePayload | undefined;
  set(namespace: string, payload: WirePayload, decoded: WirePayload): void;
  clear(): void;
}

interface Entry {
  /** Namespace, metadata and external references, as JSON: what must be equal besides the data. */
  head: string;
  decoded: WirePayload;
  chars: number;
}

function headOf(namespace: string, payload: WirePayload): string | undefined {
  try {
    return JSON.stringify([namespace, payload.metadata ?? null, payload.externalPayloads ?? null]);
  } catch {
    return undefined;
  }
}

/** A copy the page may change without changing what the next answer gets. */
function copyOf(payload: WirePayload): WirePayload {
  const copy: WirePayload = { ...payload };
  if (typeof payload.metadata === 'object' && payload.metadata !== null) copy.metadata = { ...payload.metadata };
  if (Array.isArray(payload.externalPayloads)) copy.externalPayloads = payload.externalPayloads.map((reference) => ({ ...reference }));
  return copy;
}

const lengthOf = (value: unknown) => (typeof value === 'string' ? value.length : 0);

export function createDecodedCache(maxChars = DECODED_CACHE_CHARS): DecodedCache {
  // By data: the key a Map hashes once per string, shared with the answer it came in. Insertion order is use order.
  const entries = new Map<string, Entry>();
  let chars = 0;

  const remove = (data: string, entry: Entry) => {
    entries.delete(data);
    chars -= entry.chars;
  };

  return {
    get(namespace, payload) {
      const { data } = payload;
      if (typeof data !== 'string') return undefined;
      const entry = entries.get(data);
      if (entry === undefined || entry.head !== headOf(namespace, payload)) return undefined;
      entries.delete(data);
      entries.set(data, entry);
      return copyOf(entry.decoded);
    },
    set(namespace, payload, decoded) {
      const { data } = payload;
      const head = headOf(namespace, payload);
      if (typeof data !== 'string' || head === undefined) return;
      const previous = entries.get(data);
      if (previous) remove(data, previous);
      const entry = { head, decoded: copyOf(decoded), chars: ENTRY_CHARS + data.length + head.length + lengthOf(decoded.data) };
      if (entry.chars > maxChars) return;
      entries.set(data, entry);
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
