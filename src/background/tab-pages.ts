/**
 * Which page each Web UI tab shows, counted: a new one each time a bridge starts in the tab (a reload, or a
 * navigation to another document; the Web UI's own moves between its views keep the page). Work that began for one
 * page and ends after its tab moved on is not the next page's business: the new page's status chip and the tab's
 * private view hear nothing of it.
 */
export interface TabPages {
  /** A new page in the tab: what began before it is stale from now on. */
  started(tabId: number): void;
  /** The tab's page now, to compare with once work ends. */
  current(tabId: number): number;
  /** The tab closed. */
  forget(tabId: number): void;
}

export function createTabPages(): TabPages {
  const pages = new Map<number, number>();
  return {
    started: (tabId) => void pages.set(tabId, (pages.get(tabId) ?? 0) + 1),
    current: (tabId) => pages.get(tabId) ?? 0,
    forget: (tabId) => void pages.delete(tabId),
  };
}
