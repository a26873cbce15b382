/**
 * Each tab's tally, kept in memory while the background runs and written to storage.session
 * shortly after it changes, so a stopped service worker does not forget it (hidden from
 * content scripts); bounded per tab, and in the number of tabs stored and the bytes they
 * take; forgotten when the tab closes. Shown by the toolbar badge, pushed to the tab's in-page
 * chip, read by the popup. A page that loads a long history sends many answers in a burst:
 * they are counted as they come and shown and stored once per burst, not once per answer.
 * Bookkeeping must never hold up or fail decoding: every write's failure is logged and swallowed.
 */
import { readTally, storedTally } from '../core/stored-tally';
import { emptyTally, forPage, tally, tallyUntold, withNamespace, type PageTally, type PayloadFailure, type TabTally } from '../core/tab-tally';
import type { DecodeError } from '../core/errors';
import type { MeasuredStore } from './storage/key-value';

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
  /** Adds `count` failed payloads that nothing tells apart (core/tab-tally.ts `tallyUntold`). */
  noteUntold(tabId: number, namespace: string, count: number, error: DecodeError): Promise<void>;
  /** A new page in the tab starts over. */
  reset(tabId: number): Promise<void>;
  forget(tabId: number): Promise<void>;
  /** Drops what is kept for tabs that are gone (closed while the background was stopped). */
  keepOnly(openTabIds: readonly number[]): Promise<void>;
  /** Stores and shows every change made so far now, instead of after the pause; resolves when that is done. */
  flush(): Promise<void>;
}

/**
 * How long after a change the tally is stored and shown: the answers of one burst are written once, and the chip
 * and badge catch up within half a second. Each write to storage.session costs the background more than counting
 * a whole answer.
 */
export const TAB_STATUS_WRITE_DELAY_MS = 500;

/**
 * Tabs whose tallies are kept in storage.session: those changed last, no more than STORED_TABS, taking no more than
 * STORED_TALLIES_BYTES of the area by the browser's own count. That area's quota (10 MB in Chrome and Firefox) holds
 * the session-only secrets too, which tallies must never crowd out. Chrome counts a tally at up to 290 KB once a page
 * has filled it to every bound (each character outside ASCII takes it up to three bytes), so the number of tabs alone
 * would let 48 tabs of such a page fill the area. A tab past either bound keeps its tally in memory, and loses it only
 * if the background stops.
 */
export const STORED_TABS = 48;
export const STORED_TALLIES_BYTES = 4 * 1024 * 1024;

const logged = (error: unknown) => console.error('Payload Lens: the tab’s status was not updated', error);

export function createTabStatus(store: MeasuredStore<unknown>, surface: TabSurface, onChange?: () => void, writeDelayMs = TAB_STATUS_WRITE_DELAY_MS): TabStatus {
  const key = (tabId: number) => String(tabId);
  const tallies = new Map<number, TabTally>();
  // Changes of one tab are chained, so a tally read from storage after a restart is read once and concurrent calls add up.
  const chains = new Map<number, Promise<unknown>>();
  /** Tabs changed since they were last written, and whether the change is one to show. */
  const unwritten = new Map<number, { show: boolean }>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writing: Promise<void> = Promise.resolve();
  /** The tabs storage holds a tally of, the one written last at the end. */
  let storedOrder = new Set<number>();
  let orderLoaded: Promise<void> | undefined;

  /**
   * Puts what an earlier run of the background stored (it stops after 30 s idle in Chrome) before anything written
   * since, once: without it, each run could store its own 48.
   */
  function loadStoredOrder(): Promise<void> {
    orderLoaded ??= store.keys().then((keys) => {
      const earlier = keys.map(Number).filter((tabId) => Number.isSafeInteger(tabId) && !storedOrder.has(tabId));
      storedOrder = new Set([...earlier, ...storedOrder]);
    }, logged);
    return orderLoaded;
  }

  /**
   * Writes the tab's tally, and takes the tabs written longest ago that the bounds leave out of storage. One tab at a
   * time (writeNow): a deletion of a tab's tally can then never come after its own newer write.
   */
  async function storeTally(tabId: number): Promise<void> {
    await loadStoredOrder();
    // Read after that wait: a tab closed meanwhile has nothing to write, and must not be written back.
    const updated = tallies.get(tabId);
    if (!updated) return;
    try {
      await store.set(key(tabId), storedTally(updated));
    } catch (error) {
      logged(error);
      return;
    }
    storedOrder.delete(tabId);
    storedOrder.add(tabId);
    const order = [...storedOrder];
    const pastCount = order.slice(0, Math.max(0, order.length - STORED_TABS));
    const overBytes = await pastBytes(order.slice(pastCount.length)).catch((error: unknown) => {
      logged(error);
      return [];
    });
    const dropped = [...pastCount, ...overBytes];
    if (dropped.length === 0) return;
    try {
      await store.delete(dropped.map(key));
      // Only once they are gone: else they stay first in line to go at the next write.
      for (const old of dropped) storedOrder.delete(old);
    } catch (error) {
      logged(error);
    }
  }

  /** The first of `kept` (written longest ago) to leave for the rest to fit STORED_TALLIES_BYTES; never the last. */
  async function pastBytes(kept: readonly number[]): Promise<number[]> {
    let dropped = 0;
    // Measured again after each tab that goes, so that a tab closed meanwhile counts for nothing: over the bound only
    // once tabs of a hostile page, or very many, are stored, so one question per write otherwise.
    while (dropped < kept.length - 1 && (await store.bytesInUse(kept.slice(dropped).map(key))) > STORED_TALLIES_BYTES) dropped++;
    return kept.slice(0, dropped);
  }

  const stored = async (tabId: number) => readTally(await store.get(key(tabId)));

  async function current(tabId: number): Promise<TabTally> {
    const known = tallies.get(tabId);
    if (known) return known;
    const read = await stored(tabId).catch((error: unknown) => {
      logged(error);
      return emptyTally();
    });
    // A change that came while storage was read is newer than what storage held.
    return tallies.get(tabId) ?? read;
  }

  async function show(tabId: number): Promise<void> {
    const updated = tallies.get(tabId);
    if (updated) await Promise.allSettled([surface.showBadge(tabId, updated.failed), surface.pushToPage(tabId, forPage(updated))]);
  }

  function writeNow(): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    const due = [...unwritten];
    unwritten.clear();
    writing = writing
      .then(async () => {
        for (const [tabId] of due) await storeTally(tabId);
        if (due.length > 0) onChange?.();
        await Promise.all(due.flatMap(([tabId, { show: shown }]) => (shown ? [show(tabId)] : [])));
      })
      .then(
        () => undefined,
        () => undefined,
      );
    return writing;
  }

  function update(tabId: number, change: (current: TabTally) => TabTally, show: boolean): Promise<void> {
    const next = (chains.get(tabId) ?? Promise.resolve())
      .then(async () => {
        tallies.set(tabId, change(await current(tabId)));
        unwritten.set(tabId, { show: show || (unwritten.get(tabId)?.show ?? false) });
        timer ??= setTimeout(() => void writeNow(), writeDelayMs);
      })
      .catch(logged);
    chains.set(tabId, next);
    return next;
  }

  return {
    async read(tabId) {
      await chains.get(tabId);
      return tallies.get(tabId) ?? stored(tabId);
    },
    noteNamespace: (tabId, namespace) => update(tabId, (now) => ({ ...now, namespaces: withNamespace(now.namespaces, namespace) }), false),
    note: (tabId, namespace, decoded, failures) => update(tabId, (now) => tally(now, namespace, decoded, failures), true),
    noteUntold: (tabId, namespace, count, error) => update(tabId, (now) => tallyUntold(now, namespace, count, error), true),
    reset: (tabId) => update(tabId, () => emptyTally(), true),
    async forget(tabId) {
      chains.delete(tabId);
      tallies.delete(tabId);
      unwritten.delete(tabId);
      storedOrder.delete(tabId);
      await store.delete([key(tabId)]).catch(() => undefined);
    },
    async keepOnly(openTabIds) {
      const open = new Set(openTabIds.map(key));
      for (const tabId of tallies.keys()) if (!open.has(key(tabId))) tallies.delete(tabId);
      for (const tabId of storedOrder) if (!open.has(key(tabId))) storedOrder.delete(tabId);
      try {
        await store.delete((await store.keys()).filter((id) => !open.has(id)));
      } catch {
        // Storage unavailable: what is left is bounded per tab, and dropped when the browser closes anyway.
      }
    },
    async flush() {
      await Promise.all(chains.values());
      await writeNow();
    },
  };
}
