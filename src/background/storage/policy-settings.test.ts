import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { readPolicy } from '../../core/settings/managed-policy';
import { RuleInputSchema } from '../../shared/messages/rule-input';
import { createRuleEditing } from '../rule-editing';
import { memorySecrets, memorySettings, refusingWrite } from '../test-support/stores';
import { secretNames } from './secret-store';
import { withManagedPolicy } from './policy-settings';

const TEAM_UI = 'https://temporal.example.com';
const CODEC = 'https://codec.example.com';
const MANAGED = { origins: [TEAM_UI], rules: [{ id: 'payments', addresses: [TEAM_UI], namespace: 'payments-*', endpoint: CODEC, includeCredentials: true }] };

function setup(managed: unknown = MANAGED) {
  const { settings: user, store } = memorySettings();
  const settings = withManagedPolicy(user, { read: async () => readPolicy(managed) });
  const { secrets } = memorySecrets();
  const rules = createRuleEditing({ settings, secrets });
  const stored = () => store.data.get('settings') as { origins: string[]; rules: Array<{ id: string; namespace: string }> } | undefined;
  return { settings, rules, stored, store, secrets };
}

const input = (fields: Record<string, unknown>) => v.parse(RuleInputSchema, { namespace: 'orders', addresses: [TEAM_UI], mode: 'local', keys: [{ keyId: 'k', key: '00112233445566778899aabbccddeeff' }], remember: false, ...fields });

describe('settings under a managed policy', () => {
  it('are read with the managed rules and addresses, which are never stored', async () => {
    const { settings, rules, stored } = setup();
    await rules.save(input({}));
    const { settings: read, policy } = await settings.read();
    expect(read.rules.map((rule) => rule.id)).toEqual(['managed:payments', expect.any(String)]);
    expect(read.origins).toEqual([TEAM_UI]);
    expect(policy.rules).toHaveLength(1);
    expect(stored()?.rules.map((rule) => rule.namespace)).toEqual(['orders']);
    expect(stored()?.origins).toEqual([]);
  });

  it('let the user bind a rule to a managed address, but not one that ties a managed rule', async () => {
    const { rules, stored } = setup();
    await expect(rules.save(input({ namespace: 'payments-*' }))).rejects.toThrow(/^Your administrator’s rule for namespaces matching “payments-\*” on https:\/\/temporal\.example\.com already decides/);
    expect(stored()?.rules ?? []).toEqual([]);
  });

  it('refuse, with a sentence, to change, switch off or remove a managed rule', async () => {
    const { rules, settings } = setup();
    const refusal = /^This rule is set by your administrator: it cannot be changed or removed here\.$/;
    await expect(rules.save(input({ id: 'managed:payments' }))).rejects.toThrow(refusal);
    await expect(rules.setEnabled('managed:payments', false)).rejects.toThrow(refusal);
    await expect(rules.remove('managed:payments')).rejects.toThrow(refusal);
    expect((await settings.read()).settings.rules).toMatchObject([{ id: 'managed:payments', enabled: true }]);
  });

  it('put back the secrets a save wrote when the settings cannot be written, as the user’s own store does', async () => {
    const { rules, secrets, store } = setup();
    const remote = (fields: Record<string, unknown>) => input({ addresses: [TEAM_UI], mode: 'remote', endpoint: CODEC, keys: [], ...fields });
    const { id } = await rules.save(remote({ accessToken: 'tok-1' }));
    const writable = refusingWrite(store);
    await expect(rules.save(remote({ id, endpoint: 'https://codec.example.net', accessToken: 'tok-2' }))).rejects.toThrow('quota');
    writable();
    expect(await secrets.reveal(secretNames.token(id), CODEC)).toBe('tok-1');
  });

  it('are read for an update in its turn: work asked for after it waits for it, however long the policy takes', async () => {
    const { settings: user } = memorySettings();
    const slowPolicy = { read: async () => (await new Promise((resolve) => setTimeout(resolve, 20)), readPolicy(MANAGED)) };
    const settings = withManagedPolicy(user, slowPolicy);
    const steps: string[] = [];
    const updating = settings.update((current) => (steps.push('update'), current));
    const work = settings.inTurn(async () => void steps.push('work in turn'));
    await Promise.all([updating, work]);
    expect(steps).toEqual(['update', 'work in turn']);
  });

  it('store only the user part of whatever is written whole', async () => {
    const { settings, stored } = setup();
    await settings.write((await settings.read()).settings);
    expect(stored()).toMatchObject({ origins: [], rules: [] });
  });

  it('are the user’s own where the browser has no policy', async () => {
    const { settings, rules } = setup(null);
    await expect(rules.save(input({}))).rejects.toThrow(/is not an enabled Web UI address/);
    await rules.save(input({ addresses: ['http://localhost:8233'] }));
    const { settings: read, policy } = await settings.read();
    expect(read.rules.map((rule) => rule.namespace)).toEqual(['orders']);
    expect(policy).toEqual({ origins: [], rules: [], problems: [] });
  });

  it('are shared, joined once, for lookups until the user’s settings or the policy change', async () => {
    const { settings: user } = memorySettings();
    let policy = readPolicy(MANAGED);
    const settings = withManagedPolicy(user, { read: async () => policy });
    const rules = createRuleEditing({ settings, secrets: memorySecrets().secrets });
    const first = await settings.current();
    expect(await settings.current()).toBe(first);
    expect(first.settings.rules.map((rule) => rule.id)).toEqual(['managed:payments']);

    await rules.save(input({}));
    const saved = await settings.current();
    expect(saved.settings.rules.map((rule) => rule.namespace)).toEqual(['payments-*', 'orders']);

    policy = readPolicy({ ...MANAGED, rules: [] });
    expect((await settings.current()).settings.rules.map((rule) => rule.namespace)).toEqual(['orders']);
  });
});
