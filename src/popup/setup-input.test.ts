import { describe, expect, it } from 'vitest';
import type { RuleView } from '../shared/messages/views';
import { ruleView } from '../shared/test-support/rule-view';
import { forgottenOnMove, initialFields, ruleToChange, setupCarriesSecrets, setupInput, setupKeyProblem, type SetupFields } from './setup-input';

const UI = 'http://localhost:8233';
const OTHER_UI = 'https://temporal.example.com';

const view = (overrides: Partial<RuleView>): RuleView => ruleView({ addresses: [UI], ...overrides });

const remote: SetupFields = { mode: 'remote', endpoint: 'https://codec.example.com', accessToken: 'tok', keyId: '', key: '', remember: false };

describe('the rule the popup changes', () => {
  it('is the rule for exactly this namespace on this address', () => {
    const exact = view({ id: 'exact', addresses: [UI, OTHER_UI] });
    expect(ruleToChange({ rules: [view({ id: 'all', namespace: '*' }), exact], origins: [] }, UI, 'default')).toBe(exact);
  });

  it('is a new one when only a broader rule applies: a pattern, every namespace or every address', () => {
    for (const broad of [view({ namespace: 'def*' }), view({ namespace: '*' }), view({ addresses: 'every' })]) {
      expect(ruleToChange({ rules: [broad], origins: [] }, UI, 'default')).toBeUndefined();
    }
    expect(ruleToChange({ rules: [view({ addresses: [OTHER_UI] })], origins: [OTHER_UI] }, UI, 'default')).toBeUndefined();
  });
});

describe('what the popup’s form saves', () => {
  it('binds a new rule to the tab’s address and namespace', () => {
    expect(setupInput(remote, UI, 'payments', undefined)).toEqual({
      namespace: 'payments',
      addresses: [UI],
      mode: 'remote',
      encodeRequests: true,
      privateView: false,
      endpoint: 'https://codec.example.com',
      includeCredentials: false,
      accessToken: 'tok',
      headers: [],
      keys: [],
      remember: false,
    });
  });

  it('keeps what only the settings page shows: addresses, headers, cookies, other keys, encoding and private view', () => {
    const rule = view({
      addresses: [UI, OTHER_UI],
      includeCredentials: true,
      encodeRequests: false,
      privateView: true,
      headers: [{ name: 'X-Proxy', value: { present: true, remembered: false } }],
      keyIds: ['old', 'older'],
      activeKeyId: 'old',
    });
    const saved = setupInput({ ...remote, accessToken: '' }, UI, 'default', rule);
    expect(saved).toMatchObject({ id: 'r1', addresses: [UI, OTHER_UI], includeCredentials: true, encodeRequests: false, privateView: true, headers: [{ name: 'X-Proxy' }], accessToken: '', activeKeyId: 'old' });
    // An empty header value keeps the saved one; no secret is sent back.
    expect(saved.headers![0]).not.toHaveProperty('value');

    const local = setupInput({ ...remote, mode: 'local', keyId: 'new', key: 'a'.repeat(44) }, UI, 'default', rule);
    expect(local.keys).toEqual([{ keyId: 'new', key: 'a'.repeat(44) }, { keyId: 'old' }, { keyId: 'older' }]);
    expect(local.activeKeyId).toBe('new');
    // The codec settings stay for when the user switches back; no token goes with a local key.
    expect(local.endpoint).toBe('https://codec.example.com');
    expect(local.accessToken).toBe('');
  });

  it('starts from the rule’s own values, with no secret', () => {
    expect(initialFields(undefined)).toEqual({ mode: 'remote', endpoint: '', accessToken: '', keyId: '', key: '', remember: false });
    const local = view({ mode: 'local', keyIds: ['k2', 'k1'], activeKeyId: 'k1', keys: { k1: { present: true, remembered: true, readings: [] } } });
    expect(initialFields(local)).toMatchObject({ mode: 'local', keyId: 'k1', key: '', remember: true, endpoint: 'https://codec.example.com' });
  });
});

describe('what saving forgets when the endpoint names another codec server', () => {
  const saved = { present: true, remembered: false };
  const at = 'https://codec.example.com';
  it('names the saved token and ID token', () => {
    expect(forgottenOnMove(view({ token: saved }), at)).toBe('This rule’s saved access token is only ever sent to https://codec.example.com: saving with this endpoint forgets it.');
    expect(forgottenOnMove(view({ token: saved, idToken: saved }), at)).toBe(
      'This rule’s saved access token and ID token are only ever sent to https://codec.example.com: saving with this endpoint forgets them.',
    );
    expect(forgottenOnMove(view({}), at)).toBeUndefined();
  });

  it('sends a rule with header values to the settings, where they are entered', () => {
    expect(forgottenOnMove(view({ token: saved, headers: [{ name: 'X-Proxy', value: saved }] }), at)).toBe(
      'This rule’s saved header values are only ever sent to https://codec.example.com: move it to another codec server in the settings, where they are entered.',
    );
  });
});

describe('what the popup’s form says of its key before saving', () => {
  const local: SetupFields = { mode: 'local', endpoint: '', accessToken: '', keyId: 'k1', key: '', remember: false };
  const rule = view({ mode: 'local', keyIds: ['k1', 'k2'], activeKeyId: 'k1', keys: { k1: { present: true, remembered: true, readings: [] } } });

  it('asks for a key under an ID that has none saved, as the background would', () => {
    expect(setupKeyProblem(local, undefined)).toEqual({ field: 'key', sentence: 'Paste the key for key ID “k1”.' });
    expect(setupKeyProblem({ ...local, keyId: 'new' }, rule)).toEqual({ field: 'key', sentence: 'Paste the key for key ID “new”.' });
  });

  it('keeps a key saved under the ID, and leaves the rule’s other keys, which it does not show, to the background', () => {
    expect(setupKeyProblem(local, rule)).toBeUndefined();
  });

  it('compares key IDs without the spaces around them, and takes a key of spaces for none, as the background does', () => {
    expect(setupKeyProblem({ ...local, keyId: ' k1 ' }, rule)).toBeUndefined();
    expect(setupInput({ ...local, keyId: ' k1 ' }, UI, 'payments', rule)).toMatchObject({ keys: [{ keyId: ' k1 ', key: '' }, { keyId: 'k2' }], activeKeyId: 'k1' });
    expect(setupKeyProblem({ ...local, key: '   ' }, undefined)).toEqual({ field: 'key', sentence: 'Paste the key for key ID “k1”.' });
  });

  it('says a typed key that is not one, naming its key ID as the background does, and nothing for a codec server rule', () => {
    expect(setupKeyProblem({ ...local, key: 'too short' }, undefined)).toMatchObject({ field: 'key', sentence: expect.stringMatching(/^Key “k1”: .*16 or 32 bytes/) });
    expect(setupKeyProblem({ ...local, key: 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=' }, undefined)).toBeUndefined();
    expect(setupKeyProblem(remote, undefined)).toBeUndefined();
  });
});

describe('whether the popup’s save sends the codec server a secret', () => {
  const saved = { present: true, remembered: false };
  it('is so for the token typed, or secrets of the rule kept for the same codec server', () => {
    expect(setupCarriesSecrets({ ...remote, accessToken: '' }, undefined)).toBe(false);
    expect(setupCarriesSecrets({ ...remote, accessToken: '  ' }, undefined)).toBe(false);
    expect(setupCarriesSecrets(remote, undefined)).toBe(true);
    const withHeader = view({ endpoint: 'https://codec.example.com', headers: [{ name: 'X-Proxy', value: saved }] });
    expect(setupCarriesSecrets({ ...remote, accessToken: '' }, withHeader)).toBe(true);
    expect(setupCarriesSecrets({ ...remote, accessToken: '', endpoint: 'http://other.example.com' }, withHeader)).toBe(false);
    expect(setupCarriesSecrets({ ...remote, mode: 'local' }, undefined)).toBe(false);
  });
});
