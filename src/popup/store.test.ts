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

const on = ruleView({ enabled: true });
const off = ruleView({ enabled: false });

/** Switches the rule off; its request waits until `finish`, which then answers the action's own read. */
function switchOff() {
  let answer: () => void = () => undefined;
  const acting = usePopup.getState().act({ rules: [off] }, () => new Promise<void>((resolve) => (answer = resolve)), 'Switched off.');
  return {
    async finish() {
      answer();
      await answerRead([off]);
      await acting;
    },
  };
}

describe('the popup’s store', () => {
  it('keeps a switch where the user moved it while a load that began before is answered', async () => {
    const loading = usePopup.getState().load();
    const action = switchOff();
    expect(usePopup.getState().rules).toEqual([off]);

    // The load that began before the switch moved answers with the rule still on: the switch stays off.
    await answerRead([on]);
    await loading;
    expect(usePopup.getState().rules).toEqual([off]);

    // The action done, its own load shows what is stored now.
    await action.finish();
    expect(usePopup.getState()).toMatchObject({ rules: [off], notice: { tone: 'ok', text: 'Switched off.' }, loaded: true });
  });

  it('keeps it there too while a load that began during the action is answered, as the tab’s counts make them', async () => {
    const action = switchOff();
    const loading = usePopup.getState().load();
    await answerRead([on]);
    await loading;
    expect(usePopup.getState().rules).toEqual([off]);
    await action.finish();
    expect(usePopup.getState().rules).toEqual([off]);
  });
});
