import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { RuleInputSchema, type RuleInput } from '../shared/messages/rule-input';
import { RuleViewSchema } from '../shared/messages/views';
import { createRuleEditing } from './rule-editing';
import { createKeyForms } from './decoding/key-forms';
import { createStateView } from './state-view';
import { memoryStore } from './storage/key-value';
import { secretNames, unconfirmed } from './storage/secret-store';
import { memorySecrets, memorySettings } from './test-support/stores';
import { unsignedJwt as jwt } from '../core/test-support/jwt';
import { defaultSettings } from '../core/settings/schema';

/** The browser's host permissions as the views read them, when nothing beyond the manifest's is granted. */
const NO_GRANTS = { getAll: async () => ({ origins: [] }) };

function setup() {
  const { settings } = memorySettings();
  const { secrets } = memorySecrets();
  const rules = createRuleEditing({ settings, secrets });
  const views = createStateView(secrets, async () => true, createKeyForms(memoryStore()), NO_GRANTS);
  const save = async (input: Partial<RuleInput>) =>
    views.viewRule(await rules.save(v.parse(RuleInputSchema, { namespace: 'payments', addresses: 'every', mode: 'remote', endpoint: 'https://codec.example.com', remember: false, ...input })));
  return { save };
}

describe('what the extension’s pages are shown of a rule’s token', () => {
  it('the facts of a saved JWT, permissions read from the rule’s claim, never the token', async () => {
    const { save } = setup();
    const token = jwt({ iss: 'https://id.example.com', sub: 'dev', exp: 2_000_000_000, groups: ['payments:read'], permissions: ['payments:worker'] });
    const view = await save({ accessToken: token, permissionsClaim: 'groups' });
    expect(view.permissionsClaim).toBe('groups');
    expect(view.token).toEqual({
      present: true,
      remembered: false,
      facts: {
        issuer: 'https://id.example.com',
        subject: 'dev',
        audience: [],
        expiresAt: 2_000_000_000,
        hasPermissions: true,
        systemWide: [],
        grants: [{ rule: 'payments', matches: [{ namespace: 'payments', permissions: ['read'] }], canRead: true }],
      },
    });
    expect(JSON.stringify(view)).not.toContain(token);
  });

  it('no facts for an opaque token, and the default claim when none was named', async () => {
    const { save } = setup();
    const view = await save({ accessToken: 'opaque-token' });
    expect(view.token).toEqual({ present: true, remembered: false });
    expect(view.permissionsClaim).toBe('permissions');
  });
});

describe('what the extension’s pages are shown of secrets kept only until the browser closed', () => {
  it('names them as forgotten once the session ended, and a secret never saved as not saved', async () => {
    const { settings } = memorySettings();
    const { secrets, session } = memorySecrets();
    const rules = createRuleEditing({ settings, secrets });
    const views = createStateView(secrets, async () => true, createKeyForms(memoryStore()), NO_GRANTS);
    const input = { namespace: 'payments', addresses: 'every', mode: 'remote', endpoint: 'https://codec.example.com', remember: false, accessToken: 'opaque-token' };
    const rule = await rules.save(v.parse(RuleInputSchema, input));
    expect((await views.viewRule(rule)).token).toEqual({ present: true, remembered: false });
    session.data.clear();
    const view = await views.viewRule(rule);
    expect(view.token).toEqual({ present: false, remembered: false, forgotten: true });
    expect(view.idToken).toEqual({ present: false, remembered: false });
  });
});

describe('what the extension’s pages are shown of a rule’s keys', () => {
  it('each key by its id, ids named as an object’s own fields too, as the pages receive it', async () => {
    const { save } = setup();
    const key = 'test-key-test-key-test-key-test!';
    const view = v.parse(RuleViewSchema, await save({ mode: 'local', keys: [{ keyId: '__proto__', key }, { keyId: 'constructor', key }] }));
    expect(Object.keys(view.keys)).toEqual(['__proto__', 'constructor']);
    expect(Object.values(view.keys).map((status) => status.present)).toEqual([true, true]);
  });
});

describe('what the extension’s pages are shown of secrets moved from version 0.1.0', () => {
  it('not present, waiting for the codec server to be confirmed, and kept as it was, only while the rule still points there', async () => {
    const { settings } = memorySettings();
    const { secrets } = memorySecrets();
    const rules = createRuleEditing({ settings, secrets });
    const views = createStateView(secrets, async () => true, createKeyForms(memoryStore()), NO_GRANTS);
    const input = { namespace: 'payments', addresses: 'every', mode: 'remote', endpoint: 'https://codec.example.com/codec', remember: false };
    const rule = await rules.save(v.parse(RuleInputSchema, input));
    await secrets.put(secretNames.token(rule.id), 'opaque-token', { origin: unconfirmed('https://codec.example.com'), remember: true });
    expect((await views.viewRule(rule)).token).toEqual({ present: false, remembered: true, awaitsConfirmation: true });
    const elsewhere = { ...rule, remote: { ...rule.remote!, endpoint: 'https://codec.example.net' } };
    expect((await views.viewRule(elsewhere)).token).toEqual({ present: false, remembered: false });
    await rules.confirmMovedSecrets(rule.id, 'https://codec.example.com');
    expect((await views.viewRule(rule)).token).toEqual({ present: true, remembered: true });
  });
});

describe('what the settings page is shown of the grants for many sites the background keeps', () => {
  const ADDED = 'http://127.0.0.2:8234';
  const settings = { ...defaultSettings(), origins: [ADDED] };
  /** The state view over a browser that grants `granted` now. */
  function viewsGranting(granted: { origins?: string[] }) {
    const views = createStateView(memorySecrets().secrets, async () => true, createKeyForms(memoryStore()), { getAll: async () => granted });
    return async (intact = true) => (await views.viewState({ settings, intact })).keptGrants;
  }

  it('each pattern the sweep keeps, with the addresses of the settings it covers; none when none names many hosts', async () => {
    const granted = { origins: ['http://localhost:8233/*', `${ADDED}/*`, 'http://*/*', 'https://*/*'] };
    const keptGrants = viewsGranting(granted);
    expect(await keptGrants()).toEqual([{ pattern: 'http://*/*', covers: [ADDED] }]);
    granted.origins = ['http://localhost:8233/*', `${ADDED}/*`];
    expect(await keptGrants()).toEqual([]);
  });

  it('every pattern naming many hosts while the stored settings are not understood as a whole', async () => {
    const keptGrants = viewsGranting({ origins: ['http://*/*', 'https://*/*'] });
    expect(await keptGrants(false)).toEqual([
      { pattern: 'http://*/*', covers: [ADDED] },
      { pattern: 'https://*/*', covers: [] },
    ]);
  });

  it('none when the browser cannot list its grants, and the rest of the settings as ever', async () => {
    const views = createStateView(memorySecrets().secrets, async () => true, createKeyForms(memoryStore()), { getAll: () => Promise.reject(new Error('no')) });
    const view = await views.viewState({ settings, intact: true });
    expect(view.keptGrants).toEqual([]);
    expect(view.origins.map((o) => o.origin)).toContain(ADDED);
  });
});
