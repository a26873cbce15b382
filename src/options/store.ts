/** The options page's view of the settings; the background stays the source of truth. */
import { create } from 'zustand';
import { describeNamespaces } from '../core/settings/namespace-pattern';
import { describeAddresses } from '../core/settings/rule-choice';
import { errorText, request } from '../shared/extension-page-client';
import type { RuleInput } from '../shared/messages/rule-input';
import type { KeptGrantView, OriginView, PolicyView, RuleView, SetAsideView } from '../shared/messages/views';
import { createStaleReads } from '../shared/stale-reads';

export interface Notice {
  tone: 'ok' | 'bad';
  text: string;
}

interface OptionsState {
  rules: RuleView[];
  origins: OriginView[];
  setAside: SetAsideView[];
  statusChip: boolean;
  /** What the administrator's policy needs or could not give, when there is one. */
  policy: PolicyView | undefined;
  /** Grants for many sites the background keeps, each with the addresses of the settings it covers. */
  keptGrants: KeptGrantView[];
  loaded: boolean;
  /** One sentence about the last action, for the live region. */
  notice: Notice | undefined;
  load(): Promise<void>;
  /** Saves a rule; on failure the notice says why. The caller announces success once its form is done. */
  save(input: RuleInput): Promise<RuleView | undefined>;
  /**
   * Shows `shown` at once (a switch moves when pressed), runs one request, reloads what is shown (a refused switch
   * goes back), and announces `done`, or what `done` makes of the request's answer (or the reason it failed).
   */
  act<R>(run: () => Promise<R>, done: string | ((result: R) => string), shown?: Partial<Pick<OptionsState, 'rules' | 'statusChip' | 'origins' | 'setAside'>>): Promise<boolean>;
}

/** Another window's changes bring a load at any time: one may end in the middle of an action. */
const staleReads = createStaleReads();

export const useOptions = create<OptionsState>((set, get) => ({
  rules: [],
  origins: [],
  setAside: [],
  statusChip: true,
  policy: undefined,
  keptGrants: [],
  loaded: false,
  notice: undefined,
  async load() {
    const mayShow = staleReads.readBegins();
    try {
      const state = await request('get-state', {});
      if (!mayShow()) return;
      // A policy that went away leaves no stale view behind.
      set({ ...state, policy: state.policy, loaded: true });
    } catch (error) {
      set({ loaded: true, notice: { tone: 'bad', text: errorText(error) } });
    }
  },
  async save(input) {
    // Cleared first, so a repeated save is announced again by screen readers.
    set({ notice: undefined });
    try {
      const saved = await request('save-rule', { rule: input });
      await get().load();
      return saved;
    } catch (error) {
      set({ notice: { tone: 'bad', text: errorText(error) } });
      return undefined;
    }
  },
  async act(run, done, shown) {
    const actionDone = staleReads.actionBegins();
    // What `shown` replaced, put back if the action fails: the read after it may fail too.
    const before = Object.fromEntries(Object.keys(shown ?? {}).map((key) => [key, get()[key as keyof OptionsState]])) as Partial<OptionsState>;
    set({ ...shown, notice: undefined });
    let outcome: { ok: true; text: string } | { ok: false; error: unknown };
    try {
      const result = await run();
      outcome = { ok: true, text: typeof done === 'string' ? done : done(result) };
    } catch (error) {
      outcome = { ok: false, error };
    } finally {
      actionDone();
    }
    // Read again whatever happened: what a refused action showed goes back to what is stored.
    if (!outcome.ok) set(before);
    await get().load();
    set({ notice: outcome.ok ? { tone: 'ok', text: outcome.text } : { tone: 'bad', text: errorText(outcome.error) } });
    return outcome.ok;
  },
}));

export function describeRule(rule: RuleView): string {
  const how = rule.mode === 'remote' ? 'the codec server' : 'a local key';
  const pattern = rule.namespace.includes('*');
  const which = pattern ? describeNamespaces(rule.namespace) : `namespace ${describeNamespaces(rule.namespace)}`;
  // "every namespace is", "namespaces matching … are", "namespace … is".
  const verb = pattern && rule.namespace.replaceAll('*', '') !== '' ? 'are' : 'is';
  return `${which} on ${describeAddresses(rule.addresses)} ${verb} decoded with ${how}`;
}
