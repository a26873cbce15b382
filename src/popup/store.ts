/** The popup's view: what happened in one tab, and the rules that apply to its namespaces. */
import { create } from 'zustand';
import browser from '../shared/browser';
import type { RuleView, TabStatus } from '../shared/messages';
import { errorText, request } from '../shared/extension-page-client';

interface PopupState {
  tabId: number | undefined;
  status: TabStatus | undefined;
  rules: RuleView[];
  error: string | undefined;
  loaded: boolean;
  /** Rules and the tab's status. */
  load(): Promise<void>;
  /** Only the tab's status: cheap enough to poll. */
  refreshStatus(): Promise<void>;
  setEnabled(rule: RuleView, enabled: boolean): Promise<void>;
}

/**
 * The tab to report on: the active tab, or the one named by `?tab=` when this view is
 * opened in a tab of its own (from the in-page status chip, or for keyboard users).
 */
async function targetTab(): Promise<number | undefined> {
  const fromUrl = Number(new URLSearchParams(location.search).get('tab'));
  if (Number.isInteger(fromUrl) && fromUrl > 0) return fromUrl;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

export const usePopup = create<PopupState>((set, get) => ({
  tabId: undefined,
  status: undefined,
  rules: [],
  error: undefined,
  loaded: false,
  async refreshStatus() {
    const { tabId } = get();
    if (tabId === undefined) return;
    try {
      set({ status: await request({ type: 'tab-status', tabId }), error: undefined });
    } catch (error) {
      set({ error: errorText(error) });
    }
  },
  async load() {
    try {
      const tabId = get().tabId ?? (await targetTab());
      const [state, status] = await Promise.all([
        request({ type: 'get-state' }),
        tabId === undefined ? undefined : request({ type: 'tab-status', tabId }),
      ]);
      set({ tabId, rules: state.rules, status, error: undefined, loaded: true });
    } catch (error) {
      set({ error: errorText(error) });
    }
  },
  async setEnabled(rule, enabled) {
    try {
      await request({ type: 'set-rule-enabled', ruleId: rule.id, enabled });
      await get().load();
    } catch (error) {
      set({ error: errorText(error) });
    }
  },
}));
