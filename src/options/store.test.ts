import { describe, expect, it, vi } from 'vitest';
import { ruleView } from '../shared/test-support/rule-view';

// The settings page's store against a background whose answers the test hands out one by one.
const background = vi.hoisted(() => ({
  states: [] as Array<(rules: unknown[] | Error) => void>,
  switches: [] as Array<{ resolve(value?: unknown): void; reject(error: Error): void }>,
}));
vi.mock('../shared/extension-page-client', () => ({
  errorText: (error: unknown) => (error instanceof Error ? error.message : String(error)),
  request: (type: string) => {
    if (type === 'get-state')
      return new Promise((resolve, reject) =>
        background.states.push((rules) => (rules instanceof Error ? reject(rules) : resolve({ rules, origins: [], setAside: [], statusChip: true, policy: undefined, keptGrants: [] }))),
      );
    return new Promise<unknown>((resolve, reject) => background.switches.push({ resolve, reject }));
  },
}));
const { useOptions } = await import('./store');
const { request } = await import('../shared/extension-page-client');

const on = ruleView({ enabled: true });
const off = ruleView({ enabled: false });
/** Answers the read of the settings the store is waiting for, with `rules` (or fails it). */
async function answerRead(rules: unknown[] | Error): Promise<void> {
  await vi.waitFor(() => expect(background.states).toHaveLength(1));
  background.states.shift()!(rules);
}

const switchOff = () => useOptions.getState().act(() => request('set-rule-enabled', { ruleId: on.id, enabled: false }), 'Switched off.', { rules: [off] });

describe('the settings page’s store', () => {
  it('moves a rule’s switch at once, and keeps it there while a read from before the switch moved is answered', async () => {
    useOptions.setState({ rules: [on] });
    const reading = useOptions.getState().load();
    const acting = switchOff();
    expect(useOptions.getState().rules).toEqual([off]);
    await answerRead([on]);
    await reading;
    expect(useOptions.getState().rules).toEqual([off]);

    background.switches.shift()!.resolve();
    await answerRead([off]);
    expect(await acting).toBe(true);
    expect(useOptions.getState()).toMatchObject({ rules: [off], notice: { tone: 'ok', text: 'Switched off.' } });
  });

  it('puts a switch the background refused back where the settings have it, and says why', async () => {
    useOptions.setState({ rules: [on] });
    const acting = switchOff();
    expect(useOptions.getState().rules).toEqual([off]);
    await vi.waitFor(() => expect(background.switches).toHaveLength(1));
    background.switches.shift()!.reject(new Error('The settings could not be stored.'));
    await answerRead([on]);
    expect(await acting).toBe(false);
    expect(useOptions.getState()).toMatchObject({ rules: [on], notice: { tone: 'bad', text: 'The settings could not be stored.' } });
  });

  it('says what an action gave back, once it worked', async () => {
    useOptions.setState({ rules: [on] });
    const acting = useOptions.getState().act(() => request('confirm-moved-secrets', { ruleId: on.id, origin: 'https://codec.example.com' }), (bound) => `${bound} bound.`);
    await vi.waitFor(() => expect(background.switches).toHaveLength(1));
    background.switches.shift()!.resolve(2);
    await answerRead([on]);
    expect(await acting).toBe(true);
    expect(useOptions.getState().notice).toEqual({ tone: 'ok', text: '2 bound.' });
  });

  it('puts back a rule it took away at once when the background refuses to remove it, even when the read after fails too', async () => {
    useOptions.setState({ rules: [on] });
    const acting = useOptions.getState().act(() => request('delete-rule', { ruleId: on.id }), 'Removed.', { rules: [] });
    expect(useOptions.getState().rules).toEqual([]);
    await vi.waitFor(() => expect(background.switches).toHaveLength(1));
    background.switches.shift()!.reject(new Error('The settings could not be stored.'));
    await answerRead(new Error('The background did not answer.'));
    expect(await acting).toBe(false);
    expect(useOptions.getState()).toMatchObject({ rules: [on], notice: { tone: 'bad', text: 'The settings could not be stored.' } });
  });
});
