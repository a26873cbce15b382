/** The popup's view: what happened in one tab, and the rules that apply to it. */
import { create } from 'zustand';
import browser from '../shared/browser';
import { errorText, request } from '../shared/extension-page-client';
import type { OriginView, RuleView, TabStatus } from '../shared/messages/views';

interface PopupState {
  tabId: number | undefined;
  status: TabStatus | undefined;
  rules: RuleView[];
  origins: OriginView[];
  error: string | undefined;
  loaded: boolean;
  load(): Promise<void>;
  setEnabled(rule: RuleView, enabled: boolean): Promise<void>;
}

/**
 * The tab to report on: the active tab, or the one named by `?tab=` when this view is
 * opened in a tab of its own (for keyboard users, and by the tests).
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
  origins: [],
  error: undefined,
  loaded: false,
  async load() {
    try {
      const tabId = get().tabId ?? (await targetTab());
      const [state, status] = await Promise.all([request('get-state', {}), tabId === undefined ? undefined : request('tab-status', { tabId })]);
      set({ tabId, rules: state.rules, origins: state.origins, status, error: undefined, loaded: true });
    } catch (error) {
      set({ error: errorText(error), loaded: true });
    }
  },
  async setEnabled(rule, enabled) {
    try {
      await request('set-rule-enabled', { ruleId: rule.id, enabled });
      await get().load();
    } catch (error) {
      set({ error: errorText(error) });
    }
  },
}));
