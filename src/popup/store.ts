/** The popup's view: what happened in one tab, the rules that apply to it, and what the user did here. */
import { create } from 'zustand';
import browser from '../shared/browser';
import { errorText, request } from '../shared/extension-page-client';
import type { OriginView, RuleView, TabStatus } from '../shared/messages/views';
import { createStaleReads } from '../shared/stale-reads';
import { targetTabId } from '../shared/target-tab';
import { readWebUiCodecEndpoint } from './web-ui-reading';

export interface Notice {
  tone: 'ok' | 'bad';
  text: string;
}

interface PopupState {
  tabId: number | undefined;
  /** The tab's address, for the namespace it shows. */
  pageUrl: string | undefined;
  status: TabStatus | undefined;
  rules: RuleView[];
  origins: OriginView[];
  statusChip: boolean;
  /** The codec endpoint the Web UI in the tab uses itself: a suggestion, never saved unless the user does. */
  webUiEndpoint: string | undefined;
  /** A namespace of the page the user picked to set up, instead of the one in the address. */
  chosenNamespace: string | undefined;
  /** A failure to load, for the alert. */
  error: string | undefined;
  /** One sentence about the last action, for the live region. */
  notice: Notice | undefined;
  loaded: boolean;
  load(): Promise<void>;
  /**
   * Shows `expected` at once (a switch moves when pressed), runs one request, reloads what
   * is shown, and announces `done` (or the reason it failed).
   */
  act(expected: Partial<Pick<PopupState, 'rules' | 'statusChip'>>, run: () => Promise<unknown>, done: string): Promise<void>;
  choose(namespace: string): void;
}

async function pageUrlOf(tabId: number | undefined): Promise<string | undefined> {
  if (tabId === undefined) return undefined;
  return (await browser.tabs.get(tabId).catch(() => undefined))?.url;
}

/** The tab's counts bring a load every half second while its page decodes: one may end in the middle of an action. */
const staleReads = createStaleReads();

export const usePopup = create<PopupState>((set, get) => ({
  tabId: undefined,
  pageUrl: undefined,
  status: undefined,
  rules: [],
  origins: [],
  statusChip: true,
  webUiEndpoint: undefined,
  chosenNamespace: undefined,
  error: undefined,
  notice: undefined,
  loaded: false,
  async load() {
    try {
      const first = !get().loaded;
      const mayShow = staleReads.readBegins();
      const tabId = get().tabId ?? (await targetTabId());
      const [state, status, pageUrl] = await Promise.all([request('get-state', {}), tabId === undefined ? undefined : request('tab-status', { tabId }), pageUrlOf(tabId)]);
      if (!mayShow()) return;
      set({ tabId, rules: state.rules, origins: state.origins, statusChip: state.statusChip, status, pageUrl, error: undefined, loaded: true });
      // Read once: only on a Web UI address the extension works on, where it may run in the tab.
      if (first && tabId !== undefined && status?.origin !== undefined && state.origins.some((o) => o.origin === status.origin)) {
        set({ webUiEndpoint: await readWebUiCodecEndpoint(tabId) });
      }
    } catch (error) {
      set({ error: errorText(error), loaded: true });
    }
  },
  async act(expected, run, done) {
    const actionDone = staleReads.actionBegins();
    // Cleared first, so a repeated action is announced again by screen readers.
    set({ ...expected, notice: undefined });
    let notice: Notice;
    try {
      await run();
      notice = { tone: 'ok', text: done };
    } catch (error) {
      notice = { tone: 'bad', text: errorText(error) };
    } finally {
      actionDone();
    }
    await get().load();
    set({ notice });
  },
  choose(namespace) {
    set({ chosenNamespace: namespace, notice: undefined });
  },
}));
