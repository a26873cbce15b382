/**
 * Each tab's tally, kept in storage.session so a stopped service worker does not forget it
 * (hidden from content scripts), bounded per tab, forgotten when the tab closes. Shown by
 * the toolbar badge, pushed to the tab's in-page chip, read by the popup. Bookkeeping
 * must never hold up or fail decoding: every write's failure is logged and swallowed.
 */
import { emptyTally, forPage, readTally, tally, withNamespace, type PageTally, type PayloadFailure, type TabTally } from '../core/tab-tally';
import type { KeyValueStore } from './storage/key-value';

export interface TabSurface {
  /** The toolbar badge of the tab: the number of failures, or nothing. */
  showBadge(tabId: number, failed: number): Promise<void>;
  /** The in-page chip. */
  pushToPage(tabId: number, tally: PageTally): Promise<void>;
}

export interface TabStatus {
  read(tabId: number): Promise<TabTally>;
  noteNamespace(tabId: number, namespace: string): Promise<void>;
  /** Adds what one decode (or encode) call did; payloads the tab already counted are not counted again. */
  note(tabId: number, namespace: string, decoded: string[], failures: PayloadFailure[]): Promise<void>;
  /** A new page in the tab starts over. */
  reset(tabId: number): Promise<void>;
  forget(tabId: number): Promise<void>;
  /** Drops what is kept for tabs that are gone (closed while the background was stopped). */
  keepOnly(openTabIds: readonly number[]): Promise<void>;
}

export function createTabStatus(store: KeyValueStore<unknown>, surface: TabSurface, onChange?: () => void): TabStatus {
  const key = (tabId: number) => String(tabId);
  const read = async (tabId: number) => readTally(await store.get(key(tabId)));
  // Updates of one tab are chained so concurrent decodes in a page add up instead of overwriting.
  const chains = new Map<number, Promise<unknown>>();

  function update(tabId: number, change: (current: TabTally) => TabTally, show: boolean): Promise<void> {
    const next = (chains.get(tabId) ?? Promise.resolve())
      .then(async () => {
        const updated = change(await read(tabId));
        await store.set(key(tabId), updated);
        onChange?.();
        if (show) await Promise.allSettled([surface.showBadge(tabId, updated.failed), surface.pushToPage(tabId, forPage(updated))]);
      })
      .catch((error: unknown) => console.error('Payload Lens: the tab’s status was not updated', error));
    chains.set(tabId, next);
    return next;
  }

  return {
    read,
    noteNamespace: (tabId, namespace) => update(tabId, (current) => ({ ...current, namespaces: withNamespace(current.namespaces, namespace) }), false),
    note: (tabId, namespace, decoded, failures) => update(tabId, (current) => tally(current, namespace, decoded, failures), true),
    reset: (tabId) => update(tabId, () => emptyTally(), true),
    async forget(tabId) {
      chains.delete(tabId);
      await store.delete([key(tabId)]).catch(() => undefined);
    },
    async keepOnly(openTabIds) {
      const open = new Set(openTabIds.map(key));
      try {
        await store.delete((await store.keys()).filter((id) => !open.has(id)));
      } catch {
        // Storage unavailable: what is left is bounded per tab, and dropped when the browser closes anyway.
      }
    },
  };
}
