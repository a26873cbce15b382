import { describe, expect, it, vi } from 'vitest';
import { ruleView } from '../shared/test-support/rule-view';

// The store against a background whose answers the test hands out one by one.
const background = vi.hoisted(() => ({ states: [] as Array<(rules: unknown[]) => void> }));
vi.mock('../shared/browser', () => ({ default: { tabs: { get: async () => ({ url: 'http://localhost:8233/namespaces/default/workflows' }) } } }));
vi.mock('../shared/target-tab', () => ({ targetTabId: async () => 7 }));
vi.mock('./web-ui-reading', () => ({ readWebUiCodecEndpoint: async () => undefined }));
vi.mock('../shared/extension-page-client', () => ({
  errorText: (error: unknown) => String(error),
  request: (type: string) => {
    if (type === 'tab-status') return Promise.resolve({ origin: 'http://localhost:8233', tally: undefined });
    return new Promise((resolve) => background.states.push((rules) => resolve({ rules, origins: [], statusChip: true })));
  },
}));
const { usePopup } = await import('./store');

/** Answers the read of the settings the store is waiting for, with `rules`. */
async function answerRead(rules: unknown[]): Promise<void> {
  await vi.waitFor(() => expect(background.states).toHaveLength(1));
  background.states.shift()!(rules);
}

describe('the popup’s store', () => {
  it('keeps a switch where the user moved it while a load that began before is answered', async () => {
    const on = ruleView({ enabled: true });
    const off = ruleView({ enabled: false });
    const loading = usePopup.getState().load();

    let finish: () => void = () => undefined;
    const acting = usePopup.getState().act({ rules: [off] }, () => new Promise<void>((resolve) => (finish = resolve)), 'Switched off.');
    expect(usePopup.getState().rules).toEqual([off]);

    // The load that began before the switch moved answers with the rule still on: the switch stays off.
    await answerRead([on]);
    await loading;
    expect(usePopup.getState().rules).toEqual([off]);

    // The action done, its own load shows what is stored now.
    finish();
    await answerRead([off]);
    await acting;
    expect(usePopup.getState()).toMatchObject({ rules: [off], notice: { tone: 'ok', text: 'Switched off.' }, loaded: true });
  });

  it('keeps it there too while a load that began during the action is answered, as the tab’s counts make them', async () => {
    const on = ruleView({ enabled: true });
    const off = ruleView({ enabled: false });
    let finish: () => void = () => undefined;
    const acting = usePopup.getState().act({ rules: [off] }, () => new Promise<void>((resolve) => (finish = resolve)), 'Switched off.');
    const loading = usePopup.getState().load();
    await answerRead([on]);
    await loading;
    expect(usePopup.getState().rules).toEqual([off]);

    finish();
    await answerRead([off]);
    await acting;
    expect(usePopup.getState().rules).toEqual([off]);
  });
});
