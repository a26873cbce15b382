/**
 * Private view: what the background decoded for a tab whose rule shows plaintext only inside
 * the extension. Held in this background's memory and nowhere else, served only to the
 * extension's panel page, and forgotten when the tab closes or leaves its Web UI address,
 * when a new page loads in it, and when the panel showing it closes. Storage keeps one mark
 * per tab that says only "there was something here", so that a panel opened after the
 * background stopped can say why it shows nothing instead of showing an empty workflow.
 */
import type { PayloadAbout, WirePayload } from '../shared/messages/payloads';
import type { KeyValueStore } from './storage/key-value';

/** How much decoded text one tab may hold; the oldest results make room for new ones. */
export const PRIVATE_VIEW_LIMIT_CHARS = 64 * 1024 * 1024;

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
}

interface TabResults {
  origin: string;
  entries: Map<string, PrivateEntry>;
  chars: number;
}

const HISTORY_EVENT = /^history\.events\[\d+\]\.?/;

/** One key per payload of a workflow, whichever answer or page of history it came in. */
function keyOf(entry: PrivateEntry): string {
  const { workflowId = '', runId = '', eventId } = entry.about;
  const where = eventId === undefined ? entry.where : entry.where.replace(HISTORY_EVENT, '');
  return JSON.stringify([entry.namespace, workflowId, runId, eventId ?? '', where]);
}

function charsOf(entry: PrivateEntry): number {
  if (!entry.result.ok) return entry.where.length + entry.result.sentence.length;
  let chars = entry.where.length + (entry.result.payload.data?.length ?? 0);
  for (const [name, value] of Object.entries(entry.result.payload.metadata ?? {})) chars += name.length + value.length;
  return chars;
}

export interface PrivateView {
  add(tabId: number, origin: string, entries: readonly PrivateEntry[]): void;
  read(tabId: number): Promise<PrivateViewOfTab>;
  forget(tabId: number): void;
  /** The tab is loading another page: keep its results only if it stays on their Web UI address. */
  navigated(tabId: number, origin: string | undefined): void;
  /** Calls `listener` when the tab's results change; returns how to stop. */
  watch(tabId: number, listener: () => void): () => void;
}

export function createPrivateView(marks: KeyValueStore<unknown>, limitChars = PRIVATE_VIEW_LIMIT_CHARS): PrivateView {
  const tabs = new Map<number, TabResults>();
  const watchers = new Map<number, Set<() => void>>();
  const markOf = (tabId: number) => String(tabId);
  const changed = (tabId: number) => {
    for (const listener of watchers.get(tabId) ?? []) listener();
  };

  function forget(tabId: number): void {
    const had = tabs.delete(tabId);
    void marks.delete([markOf(tabId)]).catch(() => undefined);
    if (had) changed(tabId);
  }

  return {
    add(tabId, origin, entries) {
      let results = tabs.get(tabId);
      if (!results || results.origin !== origin) {
        results = { origin, entries: new Map(), chars: 0 };
        tabs.set(tabId, results);
        void marks.set(markOf(tabId), true).catch(() => undefined);
      }
      for (const entry of entries) {
        const key = keyOf(entry);
        const old = results.entries.get(key);
        if (old) results.chars -= charsOf(old);
        results.entries.set(key, entry);
        results.chars += charsOf(entry);
      }
      for (const [key, oldest] of results.entries) {
        if (results.chars <= limitChars) break;
        results.entries.delete(key);
        results.chars -= charsOf(oldest);
      }
      changed(tabId);
    },
    async read(tabId) {
      const results = tabs.get(tabId);
      if (results) return { origin: results.origin, entries: [...results.entries.values()], lost: false };
      const marked = await marks.get(markOf(tabId)).catch(() => undefined);
      return { entries: [], lost: marked !== undefined };
    },
    forget,
    navigated(tabId, origin) {
      // Without results in memory only the mark is left, and a page load is what the panel asked for.
      if (tabs.get(tabId)?.origin !== origin) forget(tabId);
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
