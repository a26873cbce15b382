/** The options page's view of the settings; the background stays the source of truth. */
import { create } from 'zustand';
import type { OriginView, RuleInput, RuleView } from '../shared/messages';
import { errorText, request } from '../shared/extension-page-client';

interface OptionsState {
  rules: RuleView[];
  origins: OriginView[];
  loaded: boolean;
  /** One sentence about the last action, for the live region. */
  notice: { tone: 'ok' | 'bad'; text: string } | undefined;
  load(): Promise<void>;
  save(input: RuleInput): Promise<boolean>;
  remove(rule: RuleView): Promise<void>;
  forgetToken(rule: RuleView): Promise<void>;
  setEnabled(rule: RuleView, enabled: boolean): Promise<void>;
  /** Call after the browser granted access to the origin (from the click). */
  addOrigin(origin: string): Promise<boolean>;
  removeOrigin(origin: string): Promise<void>;
}

export const useOptions = create<OptionsState>((set, get) => ({
  rules: [],
  origins: [],
  loaded: false,
  notice: undefined,
  async load() {
    try {
      const state = await request({ type: 'get-state' });
      set({ rules: state.rules, origins: state.origins, loaded: true });
    } catch (error) {
      set({ loaded: true, notice: { tone: 'bad', text: errorText(error) } });
    }
  },
  async save(input) {
    // Cleared first, so a repeated save is announced again by screen readers.
    set({ notice: undefined });
    try {
      const saved = await request({ type: 'save-rule', rule: input });
      await get().load();
      set({ notice: { tone: 'ok', text: `Saved: namespace “${saved.namespace}” is decoded with ${saved.mode === 'remote' ? 'the codec server' : 'a local key'}.` } });
      return true;
    } catch (error) {
      set({ notice: { tone: 'bad', text: errorText(error) } });
      return false;
    }
  },
  async remove(rule) {
    try {
      await request({ type: 'delete-rule', ruleId: rule.id });
      await get().load();
      set({ notice: { tone: 'ok', text: `Removed namespace “${rule.namespace}” and its secrets.` } });
    } catch (error) {
      set({ notice: { tone: 'bad', text: errorText(error) } });
    }
  },
  async forgetToken(rule) {
    set({ notice: undefined });
    try {
      await request({ type: 'forget-token', ruleId: rule.id });
      await get().load();
      set({ notice: { tone: 'ok', text: `Forgot the access token of “${rule.namespace}”.` } });
    } catch (error) {
      set({ notice: { tone: 'bad', text: errorText(error) } });
    }
  },
  async setEnabled(rule, enabled) {
    try {
      await request({ type: 'set-rule-enabled', ruleId: rule.id, enabled });
      await get().load();
    } catch (error) {
      set({ notice: { tone: 'bad', text: errorText(error) } });
    }
  },
  async addOrigin(origin) {
    set({ notice: undefined });
    try {
      const added = await request({ type: 'add-origin', origin });
      await get().load();
      set({ notice: { tone: 'ok', text: `Added ${added}: reload its tabs to decode there.` } });
      return true;
    } catch (error) {
      set({ notice: { tone: 'bad', text: errorText(error) } });
      return false;
    }
  },
  async removeOrigin(origin) {
    set({ notice: undefined });
    try {
      await request({ type: 'remove-origin', origin });
      await get().load();
      set({ notice: { tone: 'ok', text: `Removed ${origin}: the extension no longer runs there.` } });
    } catch (error) {
      set({ notice: { tone: 'bad', text: errorText(error) } });
    }
  },
}));
