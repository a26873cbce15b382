/**
 * Private view: what the background decoded for a tab whose rule shows plaintext only inside
 * the extension. Held in this background's memory and nowhere else, served only to the
 * extension's panel page, and forgotten when the tab closes or leaves its Web UI address,
 * when a new page loads in it, and when the panel showing it closes. Storage keeps one mark
 * per tab that says only "there was something here", so that a panel opened after the
 * background stopped can say why it shows nothing instead of showing an empty workflow.
 */
import { payloadTextChars } from '../core/payload';
import { aboutChars, type PayloadAbout, type WirePayload } from '../shared/messages/payloads';
import type { KeyValueStore } from './storage/key-value';

/**
 * How much decoded text one tab may hold, and all tabs together; the least recently added
 * results make room for new ones. Strings take up to 2 bytes a character: all tabs hold at
 * most 96 MiB, and answering one tab's results to its panel copies at most 48 MiB more, which
 * keeps the background well under 300 MB above idle however many tabs a page opens.
 */
export const PRIVATE_VIEW_LIMIT_CHARS = 24 * 1024 * 1024;
export const PRIVATE_VIEW_TOTAL_CHARS = 48 * 1024 * 1024;
/**
 * What one result costs beside its text: its objects and its place in the maps, counted as characters. Measured for the
 * smallest results a page can send (five objects and a few short strings each): about 480 bytes of heap.
 */
const ENTRY_OVERHEAD_CHARS = 256;

export type PrivateResult = { ok: true; payload: WirePayload } | { ok: false; sentence: string };

export interface PrivateEntry {
  namespace: string;
  /** Where the payload sat in its answer. */
  where: string;
  about: PayloadAbout;
  result: PrivateResult;
}

export interface PrivateViewOfTab {
  /** The Web UI address the results came from. */
  origin?: string;
  entries: PrivateEntry[];
  /** Results were kept for this tab, and the background has stopped since: they are gone. */
  lost: boolean;
  /** Some of this tab's results were let go to keep the background's memory bounded. */
  dropped: boolean;
}

interface Held {
  key: string;
  entry: PrivateEntry;
  chars: number;
}

interface TabResults {
  origin: string;
  /** In the order they were added, oldest first. */
  entries: Map<string, Held>;
  chars: number;
  dropped: boolean;
}

const HISTORY_EVENT = /^history\.events\[\d+\]\.?/;

/** One key per payload of a workflow, whichever answer or page of history it came in. */
function keyOf(entry: PrivateEntry): string {
  const { workflowId = '', runId = '', eventId } = entry.about;
  const where = eventId === undefined ? entry.where : entry.where.replace(HISTORY_EVENT, '');
  return JSON.stringify([entry.namespace, workflowId, runId, eventId ?? '', where]);
}

/** Every string the result keeps, its key included: a page chooses them all. */
function charsOf(key: string, entry: PrivateEntry): number {
  const { about, result } = entry;
  let chars = ENTRY_OVERHEAD_CHARS + key.length + entry.namespace.length + entry.where.length;
  chars += aboutChars(about);
  if (!result.ok) return chars + result.sentence.length;
  return chars + payloadTextChars(result.payload);
}

export interface PrivateView {
  add(tabId: number, origin: string, entries: readonly PrivateEntry[]): void;
  read(tabId: number): Promise<PrivateViewOfTab>;
  /** The tab's results go (the last panel showing them closed); what its page left behind is still not taken. */
  forget(tabId: number): void;
  /** A page starts in the tab, or the tab closed: its results go, and its next page's are taken. */
  startOver(tabId: number): void;
  /**
   * The tab is loading another page: keep its results only if it stays on their Web UI address, and take none from
   * another address until `startOver` says a page started there.
   */
  navigated(tabId: number, origin: string | undefined): void;
  /**
   * Calls `listener` when the tab's results change, and once a forgotten tab's mark is gone (whether it held results or
   * not: its view no longer says they were lost); returns how to stop.
   */
  watch(tabId: number, listener: () => void): () => void;
}

export interface PrivateViewLimits {
  perTabChars: number;
  totalChars: number;
}

const LIMITS: PrivateViewLimits = { perTabChars: PRIVATE_VIEW_LIMIT_CHARS, totalChars: PRIVATE_VIEW_TOTAL_CHARS };

export function createPrivateView(marks: KeyValueStore<unknown>, limits: PrivateViewLimits = LIMITS): PrivateView {
  const tabs = new Map<number, TabResults>();
  /** Every tab's results in the order they were added, oldest first, to let go across tabs. */
  const added = new Map<Held, number>();
  let total = 0;
  const watchers = new Map<number, Set<() => void>>();
  /**
   * Where tabs went that left their Web UI address, until a page starts there. A decode the page left behind may still
   * end (a codec server's whole wait later): its plaintext is not the new page's, and is not kept for it.
   */
  const leftFor = new Map<number, string | undefined>();
  const markOf = (tabId: number) => String(tabId);
  const changed = (tabId: number) => {
    for (const listener of watchers.get(tabId) ?? []) listener();
  };

  function release(results: TabResults, held: Held): void {
    results.entries.delete(held.key);
    added.delete(held);
    results.chars -= held.chars;
    total -= held.chars;
  }

  function forget(tabId: number): void {
    const results = tabs.get(tabId);
    if (results) for (const held of results.entries.values()) release(results, held);
    tabs.delete(tabId);
    // Told once the mark is gone too: a panel that read it (its results lost with a stopped background) reads again,
    // and says so no more, whether or not the tab's next page decodes anything.
    void marks
      .delete([markOf(tabId)])
      .catch(() => undefined)
      .then(() => changed(tabId));
  }

  /** Lets go of the oldest results of any tab until all of them fit; returns the other tabs that lost some. */
  function fitTotal(): Set<number> {
    const trimmed = new Set<number>();
    for (const [held, tabId] of added) {
      if (total <= limits.totalChars) break;
      const results = tabs.get(tabId)!;
      release(results, held);
      results.dropped = true;
      trimmed.add(tabId);
    }
    return trimmed;
  }

  return {
    add(tabId, origin, entries) {
      if (leftFor.has(tabId) && leftFor.get(tabId) !== origin) return;
      let results = tabs.get(tabId);
      if (!results || results.origin !== origin) {
        if (results) for (const held of results.entries.values()) release(results, held);
        results = { origin, entries: new Map(), chars: 0, dropped: false };
        tabs.set(tabId, results);
        void marks.set(markOf(tabId), true).catch(() => undefined);
      }
      for (const entry of entries) {
        const key = keyOf(entry);
        const old = results.entries.get(key);
        if (old) release(results, old);
        const held = { key, entry, chars: charsOf(key, entry) };
        // A result larger than a tab's share on its own is not kept, rather than letting go of all the others for nothing.
        if (held.chars > limits.perTabChars) {
          results.dropped = true;
          continue;
        }
        results.entries.set(key, held);
        added.set(held, tabId);
        results.chars += held.chars;
        total += held.chars;
      }
      for (const oldest of results.entries.values()) {
        if (results.chars <= limits.perTabChars) break;
        release(results, oldest);
        results.dropped = true;
      }
      const trimmed = fitTotal();
      changed(tabId);
      for (const other of trimmed) if (other !== tabId) changed(other);
    },
    async read(tabId) {
      const results = tabs.get(tabId);
      if (results) return { origin: results.origin, entries: [...results.entries.values()].map((held) => held.entry), lost: false, dropped: results.dropped };
      const marked = await marks.get(markOf(tabId)).catch(() => undefined);
      return { entries: [], lost: marked !== undefined, dropped: false };
    },
    forget,
    startOver(tabId) {
      leftFor.delete(tabId);
      forget(tabId);
    },
    navigated(tabId, origin) {
      // Without results in memory only the mark is left, and a page load is what the panel asked for.
      if (tabs.get(tabId)?.origin === origin) return;
      forget(tabId);
      leftFor.set(tabId, origin);
    },
    watch(tabId, listener) {
      const set = watchers.get(tabId) ?? new Set();
      set.add(listener);
      watchers.set(tabId, set);
      return () => {
        set.delete(listener);
        if (set.size === 0) watchers.delete(tabId);
      };
    },
  };
}
