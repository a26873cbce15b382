/**
 * What the panel shows of the tab it shows, and the line to the background it reads it over: the tab's view when it
 * changes, and the notice that the background stopped (its results went with it) until a new line is opened. Free of
 * the page, so its orders of events (a read under way as the background stops, a tab reloaded meanwhile) are tested
 * on their own.
 */
import type { PrivateViewOfTabView } from '../shared/messages/private-view';
import type { PanelConnection } from './connection';
import { oneAtATime } from '../core/one-at-a-time';

export type PanelState =
  | { kind: 'loading' }
  | { kind: 'no-tab' }
  | { kind: 'shown'; tabId: number; view: PrivateViewOfTabView }
  | { kind: 'stopped'; tabId: number }
  | { kind: 'error'; message: string };

export interface TabReaderDeps {
  connect(onChange: (tabId: number) => void, onStopped: () => void): PanelConnection;
  read(tabId: number): Promise<PrivateViewOfTabView>;
  setState(state: PanelState): void;
}

export interface TabReader {
  /** Shows `tabId` from now on, read afresh, over a new line if the last one closed. */
  show(tabId: number): void;
  shownTab(): number | undefined;
  /**
   * The tab shown starts loading a page. After the background stopped (the notice's button, or the user reloading
   * it), the panel reads it afresh, over a new line that wakes the background, and the page's payloads come here.
   */
  loading(tabId: number): void;
  close(): void;
}

interface Line {
  connection: PanelConnection;
  /** The background closed it: it stopped, and what it held for the tabs shown went with it. */
  closed: boolean;
  /**
   * Opened by the panel itself, a read having been answered after the line before closed, and no read answered over
   * it yet: should it close too, the notice stays until the user reloads the tab (else a background that keeps
   * stopping would keep the panel opening lines).
   */
  unasked: boolean;
}

export function createTabReader({ connect, read, setState }: TabReaderDeps): TabReader {
  let ended = false;
  let shownTab: number | undefined;
  /** The panel says the background stopped under the tab shown: a page starting in it is what the notice asks for. */
  let saysStopped = false;
  // What comes for a tab no longer shown (a read under way when the panel moved on) is dropped.
  const forTab = (tabId: number, next: PanelState) => {
    if (ended || shownTab !== tabId) return;
    saysStopped = next.kind === 'stopped';
    setState(next);
  };
  const stoppedUnder = (tabId: number): PanelState => ({ kind: 'stopped', tabId });

  const refresh = oneAtATime(async () => {
    const tabId = shownTab;
    if (ended || tabId === undefined) return;
    const on = current;
    // Begun over a line since replaced, or for a tab no longer shown: the read asked for since says what is there now.
    const outdated = () => on !== current || tabId !== shownTab;
    await read(tabId).then(
      (view) => {
        if (outdated()) return;
        if (view.lost) return forTab(tabId, stoppedUnder(tabId));
        // Answered by a background started after this line closed: nothing would tell the panel of the tab's changes
        // over it, so a new line reads it again; but only once, lest a background that keeps stopping keep it busy.
        if (on.closed) return on.unasked ? forTab(tabId, stoppedUnder(tabId)) : show(tabId, true);
        on.unasked = false;
        forTab(tabId, { kind: 'shown', tabId, view });
      },
      (error: unknown) => {
        if (outdated()) return;
        // Failed as the background stopped: the notice, and its button, stay rather than give way to "did not answer".
        forTab(tabId, on.closed ? stoppedUnder(tabId) : { kind: 'error', message: error instanceof Error ? error.message : String(error) });
      },
    );
  });

  const line = (unasked: boolean): Line => {
    const made: Line = {
      closed: false,
      unasked,
      connection: connect(
        (tabId) => tabId === shownTab && refresh(),
        () => {
          made.closed = true;
          if (made === current && shownTab !== undefined) forTab(shownTab, stoppedUnder(shownTab));
        },
      ),
    };
    return made;
  };
  let current = line(false);

  /** `unasked`: by the panel itself, not the user (see Line). */
  function show(tabId: number, unasked = false): void {
    if (ended) return;
    shownTab = tabId;
    // The background stopped under the panel: a new line wakes it, and the tab's view says whether what it had
    // decoded for that tab went with it.
    if (current.closed) current = line(unasked);
    saysStopped = false;
    setState({ kind: 'loading' });
    current.connection.show(tabId);
    refresh();
  }

  return {
    show,
    shownTab: () => shownTab,
    loading(tabId) {
      // A closed line says so (its notice) whenever a tab is shown: the notice is what a reload answers.
      if (saysStopped && tabId === shownTab) show(tabId);
    },
    close() {
      ended = true;
      current.connection.close();
    },
  };
}
