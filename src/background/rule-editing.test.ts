import * as v from 'valibot';
import { describe, expect, it, vi } from 'vitest';
import { RuleInputSchema, type RuleInput } from '../shared/messages/rule-input';
import { InputError } from './input-error';
import { setAsideKey } from '../core/settings/stored-settings';
import { tokenFacts } from '../core/token';
import { createRuleEditing, secretsNotDeleted } from './rule-editing';
import { LOCAL_ONLY, secretNames, unconfirmed } from './storage/secret-store';
import { memorySecrets, memorySettings, recordingAccessRelease, refusingWrite } from './test-support/stores';

const WEB_UI = 'http://localhost:8233';
const ADDED_UI = 'https://temporal.example.com';
const CODEC = 'https://codec.example.com';
const OTHER_CODEC = 'https://codec.example.net';
const KEY = '00112233445566778899aabbccddeeff';

function setup() {
  const { settings, store } = memorySettings();
  const { secrets, session, remembered, sessionMarks } = memorySecrets();
  const { access, givenBack } = recordingAccessRelease(settings);
  const rules = createRuleEditing({ settings, secrets, access });
  /** Everything stored, settings and secrets, to compare before and after a refused save. */
  const snapshot = () => JSON.stringify([[...store.data], [...session.data], [...remembered.data]]);
  const secretNamesStored = () => [...session.data.keys(), ...remembered.data.keys()].sort();
  return { rules, settings, store, secrets, session, remembered, sessionMarks, snapshot, secretNamesStored, givenBack };
}

const remote = (input: Partial<RuleInput> = {}) =>
  v.parse(RuleInputSchema, { namespace: 'payments', addresses: [WEB_UI], mode: 'remote', endpoint: CODEC, accessToken: 'tok-1', remember: false, ...input });
const local = (input: Partial<RuleInput> = {}) => v.parse(RuleInputSchema, { namespace: 'payments', addresses: [WEB_UI], mode: 'local', keys: [{ keyId: 'k1', key: KEY }], remember: false, ...input });

describe('saving a rule refuses, with a sentence and without writing anything,', () => {
  const refusals: Array<[string, ReturnType<typeof remote>, RegExp]> = [
    ['an empty namespace', remote({ namespace: '  ' }), /^Enter a namespace/],
    ['a namespace with a space', remote({ namespace: 'pay ments' }), /no spaces/],
    ['no address', remote({ addresses: [] }), /^Choose at least one Web UI address/],
    ['an address that is not enabled', remote({ addresses: [WEB_UI, 'https://evil.example'] }), /^https:\/\/evil\.example is not an enabled Web UI address/],
    ['no endpoint', remote({ endpoint: '' }), /^Enter the codec endpoint/],
    ['an endpoint that is not an address', remote({ endpoint: 'codec.example.com' }), /is not a web address/],
    ['an endpoint of another scheme', remote({ endpoint: 'ftp://codec.example.com' }), /must start with https:\/\//],
    ['an endpoint with a query', remote({ endpoint: `${CODEC}/?tenant=a` }), /must not have a query/],
    ['an endpoint with credentials', remote({ endpoint: 'https://user:pw@codec.example.com' }), /^Put credentials in the access token/],
    ['{namespace} in the host', remote({ endpoint: 'https://{namespace}.codec.example.com' }), /only be part of the endpoint’s path/],
    ['a token for a plain http endpoint elsewhere', remote({ endpoint: 'http://codec.example.com' }), /^Tokens and header values are only sent to https:\/\//],
    ['a header value for a plain http endpoint elsewhere', remote({ endpoint: 'http://codec.example.com', accessToken: undefined, headers: [{ name: 'X-Proxy-Key', value: 'p' }] }), /^Tokens and header values/],
    ['a header name that is not one', remote({ headers: [{ name: 'X Proxy', value: 'p' }] }), /“X Proxy” is not a header name/],
    ['the Authorization header', remote({ headers: [{ name: 'Authorization', value: 'Bearer x' }] }), /sets the Authorization header itself/],
    ['a cookie header', remote({ headers: [{ name: 'cookie', value: 'sid=1' }] }), /sets the cookie header itself/],
    ['the namespace header', remote({ headers: [{ name: 'X-Namespace', value: 'other' }] }), /sets the X-Namespace header itself/],
    ['a header listed twice', remote({ headers: [{ name: 'X-Proxy-Key', value: 'a' }, { name: 'x-proxy-key', value: 'b' }] }), /listed twice/],
    ['a new header without a value', remote({ headers: [{ name: 'X-Proxy-Key', value: '' }] }), /^Enter a value for the header X-Proxy-Key/],
    ['a key of the wrong size', local({ keys: [{ keyId: 'k1', key: '0011' }] }), /^Key “k1”: .*16 or 32 bytes/],
    ['a key id without a key', local({ keys: [{ keyId: 'k1', key: '' }] }), /^Paste the key for key ID “k1”/],
    ['a key id listed twice', local({ keys: [{ keyId: 'k1', key: KEY }, { keyId: ' k1 ', key: KEY }] }), /key ID “k1” is listed twice/],
    ['no key', local({ keys: [] }), /^Add a key/],
    ['a rule that was removed meanwhile', remote({ id: 'gone' }), /removed meanwhile/],
  ];

  it.each(refusals)('%s', async (_, input, sentence) => {
    const { rules, snapshot } = setup();
    const before = snapshot();
    const refused = rules.save(input);
    await expect(refused).rejects.toBeInstanceOf(InputError);
    await expect(refused).rejects.toThrow(sentence);
    expect(snapshot()).toBe(before);
  });

  it('a rule as specific as another on an address they share, and keeps the other’s secrets', async () => {
    const { rules, secrets, snapshot } = setup();
    const first = await rules.save(remote({ accessToken: 'first' }));
    await rules.save(remote({ namespace: 'pay*', accessToken: 'pattern' }));
    await rules.save(remote({ namespace: 'orders', addresses: 'every', accessToken: 'every' }));
    const before = snapshot();
    await expect(rules.save(remote({ accessToken: 'second' }))).rejects.toThrow(
      'Another rule (“payments” on http://localhost:8233) is just as specific for the same namespaces on http://localhost:8233, so neither could win there: change the namespace or the addresses of one of them.',
    );
    // Three literal characters each, and both match "payments".
    await expect(rules.save(remote({ namespace: '*nts', addresses: [WEB_UI, 'http://localhost:8080'] }))).rejects.toThrow(/^Another rule \(namespaces matching “pay\*” on http:\/\/localhost:8233\)/);
    await expect(rules.save(remote({ namespace: 'orders', addresses: 'every' }))).rejects.toThrow(/on every enabled address, so neither could win there/);
    expect(snapshot()).toBe(before);
    expect(await secrets.reveal(secretNames.token(first.id), CODEC)).toBe('first');
  });

  it('nothing of an edit that fails late: the old secrets stay where they were', async () => {
    const { rules, secrets, snapshot } = setup();
    const saved = await rules.save(remote({ idToken: 'id-1', headers: [{ name: 'X-Proxy-Key', value: 'p-1' }] }));
    const before = snapshot();
    // Moving to another codec address would drop the secrets, but the header has no value there.
    await expect(rules.save(remote({ id: saved.id, endpoint: OTHER_CODEC, accessToken: 'tok-2', headers: [{ name: 'X-Proxy-Key', value: '' }] }))).rejects.toThrow(/^Enter a value for the header X-Proxy-Key/);
    expect(snapshot()).toBe(before);
    expect(await secrets.reveal(secretNames.token(saved.id), CODEC)).toBe('tok-1');
  });
});

describe('saving a rule accepts', () => {
  it('an enabled address, an added one, or every enabled address', async () => {
    const { rules, settings } = setup();
    await settings.update((current) => ({ ...current, origins: [ADDED_UI] }));
    expect((await rules.save(remote({ addresses: [ADDED_UI, WEB_UI, WEB_UI] }))).addresses).toEqual([ADDED_UI, WEB_UI]);
    expect((await rules.save(remote({ namespace: 'orders', addresses: 'every' }))).addresses).toBe('every');
  });

  it('rules that differ in address or in specificity', async () => {
    const { rules, settings } = setup();
    await rules.save(remote());
    await rules.save(remote({ addresses: ['http://localhost:8080'] }));
    await rules.save(remote({ addresses: 'every' }));
    await rules.save(remote({ namespace: 'pay*' }));
    await rules.save(remote({ namespace: 'payments-*' }));
    expect((await settings.read()).settings.rules).toHaveLength(5);
  });

  it('{namespace} in the endpoint’s path', async () => {
    const { rules } = setup();
    expect((await rules.save(remote({ endpoint: `${CODEC}/{namespace}/` }))).remote?.endpoint).toBe(`${CODEC}/{namespace}`);
  });

  it('tokens for a plain http endpoint on this computer, and a plain http endpoint elsewhere without secrets', async () => {
    const { rules, secrets } = setup();
    const onLoopback = await rules.save(remote({ endpoint: 'http://localhost:8081' }));
    expect(await secrets.reveal(secretNames.token(onLoopback.id), 'http://localhost:8081')).toBe('tok-1');
    await rules.save(remote({ namespace: 'orders', endpoint: 'http://codec.example.com', accessToken: undefined }));
  });
});

describe('the secrets a rule is saved with', () => {
  it('are bound to the endpoint’s address, each of them, and open for no other', async () => {
    const { rules, secrets } = setup();
    const { id } = await rules.save(remote({ endpoint: `${CODEC}/{namespace}`, idToken: 'id-1', headers: [{ name: 'X-Proxy-Key', value: 'p-1' }] }));
    const names = [secretNames.token(id), secretNames.idToken(id), secretNames.header(id, 'X-Proxy-Key')];
    expect(await Promise.all(names.map((name) => secrets.reveal(name, CODEC)))).toEqual(['tok-1', 'id-1', 'p-1']);
    for (const name of names) {
      expect(await secrets.reveal(name, OTHER_CODEC)).toBeUndefined();
      expect(await secrets.status(name)).toEqual({ present: true, remembered: false, origin: CODEC });
    }
  });

  it('are kept until the browser closes unless the user asks to remember them', async () => {
    const { rules, secrets } = setup();
    const kept = await rules.save(remote({ remember: true }));
    const notKept = await rules.save(remote({ namespace: 'orders' }));
    expect((await secrets.status(secretNames.token(kept.id))).remembered).toBe(true);
    expect((await secrets.status(secretNames.token(notKept.id))).remembered).toBe(false);
  });

  it('are the tokens the token inspector reads: pasted with “Bearer ” (as copied from a request), they are kept without it', async () => {
    const { rules, secrets } = setup();
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl';
    const { id } = await rules.save(remote({ accessToken: ` Bearer ${jwt}`, idToken: 'bearer  id-1 ' }));
    expect(await secrets.reveal(secretNames.token(id), CODEC)).toBe(jwt);
    expect(await secrets.reveal(secretNames.idToken(id), CODEC)).toBe('id-1');
    expect(tokenFacts(jwt, ['payments'])?.subject).toBe('user');
    expect(tokenFacts(` Bearer ${jwt}`, ['payments'])).toEqual(tokenFacts(jwt, ['payments']));
  });

  it('that a save replaces stay when storage refuses a new one (its quota full), as the rule does', async () => {
    const { rules, secrets, session, settings } = setup();
    const { id } = await rules.save(remote({ headers: [{ name: 'X-Old', value: 'old-1' }] }));
    const before = (await settings.read()).settings.rules;
    const writable = refusingWrite(session, 2);
    await expect(rules.save(remote({ id, headers: [{ name: 'X-New', value: 'new-1' }] }))).rejects.toThrow('quota');
    writable();
    expect((await settings.read()).settings.rules).toEqual(before);
    expect(await secrets.reveal(secretNames.header(id, 'X-Old'), CODEC)).toBe('old-1');
  });

  it('that a save writes over in place are put back when a later write is refused, as the rule stays', async () => {
    const { rules, secrets, session, settings } = setup();
    const { id } = await rules.save(remote({ headers: [{ name: 'X-Proxy', value: 'p-1' }] }));
    const before = (await settings.read()).settings.rules;
    // The new token goes in (bound to the new endpoint, over the old one); the header's value does not.
    const writable = refusingWrite(session, 2);
    await expect(rules.save(remote({ id, endpoint: OTHER_CODEC, accessToken: 'tok-2', headers: [{ name: 'X-Proxy', value: 'p-2' }] }))).rejects.toThrow('quota');
    writable();
    expect((await settings.read()).settings.rules).toEqual(before);
    expect(await secrets.reveal(secretNames.token(id), CODEC)).toBe('tok-1');
    expect(await secrets.reveal(secretNames.token(id), OTHER_CODEC)).toBeUndefined();
    expect(await secrets.reveal(secretNames.header(id, 'X-Proxy'), CODEC)).toBe('p-1');
  });

  it('that a save wrote are put back when the settings themselves cannot be written', async () => {
    const { rules, secrets, settings, store } = setup();
    const { id } = await rules.save(remote());
    const before = (await settings.read()).settings.rules;
    const writable = refusingWrite(store);
    await expect(rules.save(remote({ id, endpoint: OTHER_CODEC, accessToken: 'tok-2' }))).rejects.toThrow('quota');
    writable();
    expect((await settings.read()).settings.rules).toEqual(before);
    expect(await secrets.reveal(secretNames.token(id), CODEC)).toBe('tok-1');
    expect(await secrets.reveal(secretNames.token(id), OTHER_CODEC)).toBeUndefined();
  });

  it('forgotten with the session are still said to be when a save that wrote them is put back', async () => {
    const { rules, secrets, session, store } = setup();
    const { id } = await rules.save(remote());
    session.data.clear();
    expect((await secrets.status(secretNames.token(id))).forgotten).toBe(true);
    const writable = refusingWrite(store);
    await expect(rules.save(remote({ id, accessToken: 'tok-2', remember: true }))).rejects.toThrow('quota');
    writable();
    expect(await secrets.status(secretNames.token(id))).toEqual({ present: false, remembered: false, forgotten: true });
  });

  it('stay as they are when their fields are left empty', async () => {
    const { rules, secrets } = setup();
    const { id } = await rules.save(remote({ idToken: 'id-1', headers: [{ name: 'X-Proxy-Key', value: 'p-1' }] }));
    await rules.save(remote({ id, accessToken: undefined, idToken: '  ', headers: [{ name: 'X-Proxy-Key', value: '' }] }));
    const names = [secretNames.token(id), secretNames.idToken(id), secretNames.header(id, 'X-Proxy-Key')];
    expect(await Promise.all(names.map((name) => secrets.reveal(name, CODEC)))).toEqual(['tok-1', 'id-1', 'p-1']);
  });

  it('are dropped when the endpoint moves to another address, unless entered again', async () => {
    const { rules, secrets, secretNamesStored } = setup();
    const { id } = await rules.save(remote({ idToken: 'id-1', headers: [{ name: 'X-Proxy-Key', value: 'p-1' }] }));
    await rules.save(remote({ id, endpoint: `${OTHER_CODEC}/codec`, accessToken: 'tok-2', idToken: undefined, headers: [{ name: 'X-Proxy-Key', value: 'p-2' }] }));
    expect(secretNamesStored()).toEqual([secretNames.header(id, 'x-proxy-key'), secretNames.token(id)].sort());
    expect(await secrets.reveal(secretNames.token(id), OTHER_CODEC)).toBe('tok-2');
    expect(await secrets.reveal(secretNames.header(id, 'X-Proxy-Key'), OTHER_CODEC)).toBe('p-2');
    expect(await secrets.reveal(secretNames.token(id), CODEC)).toBeUndefined();

    // A path change on the same address keeps them; a move to plain http elsewhere drops them.
    await rules.save(remote({ id, endpoint: `${OTHER_CODEC}/v2`, accessToken: undefined, headers: [{ name: 'X-Proxy-Key', value: '' }] }));
    expect(await secrets.reveal(secretNames.token(id), OTHER_CODEC)).toBe('tok-2');
    await rules.save(remote({ id, endpoint: 'http://codec.example.net', accessToken: undefined }));
    expect(secretNamesStored()).toEqual([]);
  });

  it('of a header or key that is removed from the rule are deleted', async () => {
    const { rules, secrets, secretNamesStored } = setup();
    const { id } = await rules.save(remote({ headers: [{ name: 'X-Proxy-Key', value: 'p-1' }, { name: 'X-Tenant', value: 't-1' }] }));
    await rules.save(remote({ id, accessToken: undefined, headers: [{ name: 'x-tenant', value: '' }] }));
    expect(secretNamesStored()).toEqual([secretNames.header(id, 'x-tenant'), secretNames.token(id)].sort());

    const keyed = await rules.save(local({ namespace: 'orders', keys: [{ keyId: 'k1', key: KEY }, { keyId: 'k2', key: KEY.toUpperCase() }], activeKeyId: 'k1' }));
    const edited = await rules.save(local({ id: keyed.id, namespace: 'orders', keys: [{ keyId: 'k2', key: '' }], activeKeyId: 'k1' }));
    expect(edited.local).toEqual({ keyIds: ['k2'], activeKeyId: 'k2' });
    expect(await secrets.status(secretNames.key(keyed.id, 'k1'))).toEqual({ present: false, remembered: false });
    expect(await secrets.reveal(secretNames.key(keyed.id, 'k2'), LOCAL_ONLY)).toBe(KEY.toUpperCase());
  });

  it.each([
    ['unticked: they are no longer on this device, only until the browser closes', true],
    ['ticked: they are remembered on this device, no longer only until the browser closes', false],
  ])('move, without being typed again, when “Remember on this device” is %s', async (_, rememberedBefore) => {
    const { rules, secrets, session, remembered, sessionMarks } = setup();
    const { id } = await rules.save(remote({ remember: rememberedBefore, idToken: 'id-1', headers: [{ name: 'X-Proxy-Key', value: 'p-1' }] }));
    const keyed = await rules.save(local({ namespace: 'orders', remember: rememberedBefore }));
    await rules.save(remote({ id, remember: !rememberedBefore, accessToken: undefined, headers: [{ name: 'X-Proxy-Key', value: '' }] }));
    await rules.save(local({ id: keyed.id, namespace: 'orders', remember: !rememberedBefore, keys: [{ keyId: 'k1', key: '' }] }));

    const names = [secretNames.token(id), secretNames.idToken(id), secretNames.header(id, 'X-Proxy-Key'), secretNames.key(keyed.id, 'k1')];
    const origins = [CODEC, CODEC, CODEC, LOCAL_ONLY];
    expect(await Promise.all(names.map((name, i) => secrets.reveal(name, origins[i]!)))).toEqual(['tok-1', 'id-1', 'p-1', KEY]);
    for (const [i, name] of names.entries()) expect(await secrets.status(name)).toEqual({ present: true, remembered: !rememberedBefore, origin: origins[i] });
    // Nothing is left behind where they were.
    const [now, before] = rememberedBefore ? [session, remembered] : [remembered, session];
    expect([...before.data.keys()]).toEqual([]);
    expect([...now.data.keys()].sort()).toEqual([...names].sort());
    expect([...sessionMarks.data.keys()].sort()).toEqual(rememberedBefore ? [...names].sort() : []);
  });

  it('are no longer on this device when a form unticks the box, even the ones it does not show (another mode’s, another window’s)', async () => {
    const { rules, remembered } = setup();
    const { id } = await rules.save(local({ remember: true }));
    // The same rule switched to a codec server keeps its key; a header added in another window meanwhile is kept too.
    await rules.save(remote({ id, remember: true, headers: [{ name: 'X-Proxy-Key', value: 'p-1' }], seen: { keyIds: ['k1'], headerNames: [] } }));
    await rules.save(remote({ id, remember: false, accessToken: undefined, headers: [], seen: { keyIds: ['k1'], headerNames: [] } }));
    expect([...remembered.data.keys()]).toEqual([]);
  });

  it('of a local key are bound to no codec address at all', async () => {
    const { rules, secrets } = setup();
    const { id } = await rules.save(local({ keys: [{ keyId: '', key: ` ${KEY} ` }] }));
    expect(await secrets.reveal(secretNames.key(id, ''), LOCAL_ONLY)).toBe(KEY);
    expect(await secrets.reveal(secretNames.key(id, ''), CODEC)).toBeUndefined();
  });
});

describe('secrets moved from version 0.1.0, held until the user confirms their codec server', () => {
  /** A rule saved without secrets, and the token and header value 0.1.0 left for its codec server. */
  async function moved(heldFor = CODEC) {
    const context = setup();
    const { id } = await context.rules.save(remote({ accessToken: undefined, headers: [{ name: 'X-Proxy-Key', value: 'p-1' }] }));
    const names = [secretNames.token(id), secretNames.header(id, 'X-Proxy-Key')];
    for (const name of names) await context.secrets.put(name, `${name} value`, { origin: unconfirmed(heldFor), remember: true });
    return { ...context, id, names };
  }
  const revealed = (secrets: ReturnType<typeof setup>['secrets'], names: string[], origin: string) => Promise.all(names.map((name) => secrets.reveal(name, origin)));

  it('are sent to the rule’s codec server once confirmed, and kept on this device as they were', async () => {
    const { rules, secrets, id, names } = await moved();
    expect(await revealed(secrets, names, CODEC)).toEqual([undefined, undefined]);
    expect(await rules.confirmMovedSecrets(id, CODEC)).toBe(2);
    expect(await revealed(secrets, names, CODEC)).toEqual(names.map((name) => `${name} value`));
    expect((await secrets.status(names[0]!)).remembered).toBe(true);
  });

  it('stay held when they were held for another address than the rule’s: the address is the rule’s as stored, never the page’s', async () => {
    const { rules, secrets, id, names } = await moved(OTHER_CODEC);
    expect(await rules.confirmMovedSecrets(id, CODEC)).toBe(0);
    // A page that showed the other server (or names it) is told the rule changed: nothing is bound there.
    await expect(rules.confirmMovedSecrets(id, OTHER_CODEC)).rejects.toThrow('This rule’s codec server changed meanwhile; reload the page.');
    expect(await revealed(secrets, names, CODEC)).toEqual([undefined, undefined]);
    expect(await revealed(secrets, names, OTHER_CODEC)).toEqual([undefined, undefined]);
    expect((await secrets.status(names[0]!)).origin).toBe(unconfirmed(OTHER_CODEC));
  });

  it('stay held, and on this device, through a save that keeps the codec server, and go with one that moves it', async () => {
    const { rules, secrets, id, names } = await moved();
    // As the form opens for such a rule: “Remember on this device” as the rule's secrets are kept (held ones included).
    await rules.save(remote({ id, namespace: 'orders', accessToken: undefined, headers: [{ name: 'X-Proxy-Key', value: '' }], remember: true }));
    expect(await Promise.all(names.map(async (name) => (await secrets.status(name)).origin))).toEqual([unconfirmed(CODEC), unconfirmed(CODEC)]);
    expect(await Promise.all(names.map(async (name) => (await secrets.status(name)).remembered))).toEqual([true, true]);
    await rules.save(remote({ id, endpoint: OTHER_CODEC, accessToken: undefined, headers: [] }));
    expect(await Promise.all(names.map(async (name) => (await secrets.status(name)).present))).toEqual([false, false]);
  });

  it('are forgotten when the user says so, and only they', async () => {
    const { rules, secrets, id, names } = await moved();
    await secrets.put(secretNames.idToken(id), 'id-1', { origin: CODEC, remember: false });
    await secrets.put(secretNames.header(id, 'X-Other'), 'held elsewhere', { origin: unconfirmed(OTHER_CODEC), remember: true });
    await rules.forgetMovedSecrets(id);
    expect(await Promise.all(names.map(async (name) => (await secrets.status(name)).present))).toEqual([false, false]);
    expect(await secrets.reveal(secretNames.idToken(id), CODEC)).toBe('id-1');
  });

  it('of a rule removed meanwhile: the page is told to reload', async () => {
    const { rules, id } = await moved();
    await rules.remove(id);
    await expect(rules.confirmMovedSecrets(id, CODEC)).rejects.toThrow(InputError);
  });
});

describe('removing a rule', () => {
  it('whose secrets cannot be deleted: says the rule went and they did not, and gives back its codec server\'s access', async () => {
    const { rules, settings, secrets, givenBack } = setup();
    const { id } = await rules.save(remote());
    secrets.deleteOfRule = () => Promise.reject(new Error('storage refused'));
    // Said as it is: the rule went, its secrets did not.
    const removal = rules.remove(id);
    await expect(removal).rejects.toBeInstanceOf(InputError);
    await expect(removal).rejects.toThrow(secretsNotDeleted('The rule was removed'));
    expect((await settings.read()).settings.rules).toEqual([]);
    expect(givenBack).toEqual([`${CODEC}/*`]);
  });

  it('deletes every secret of the rule, and no other rule’s', async () => {
    const { rules, settings, secrets, secretNamesStored } = setup();
    const { id } = await rules.save(remote({ idToken: 'id-1', remember: true, headers: [{ name: 'X-Proxy-Key', value: 'p-1' }, { name: 'X-Tenant', value: 't-1' }] }));
    // Switched to a local key, the rule keeps its codec server settings (and their secrets) too.
    await rules.save(local({ id, keys: [{ keyId: 'k1', key: KEY }, { keyId: 'k2', key: KEY }] }));
    const other = await rules.save(remote({ namespace: 'orders', idToken: 'id-o', headers: [{ name: 'X-Proxy-Key', value: 'p-o' }] }));
    const others = secretNamesStored().filter((name) => name.includes(other.id));
    expect(secretNamesStored()).toHaveLength(others.length + 6);

    await rules.remove(id);
    expect(secretNamesStored()).toEqual(others);
    expect((await settings.read()).settings.rules.map((rule) => rule.id)).toEqual([other.id]);
    expect(await secrets.reveal(secretNames.token(other.id), CODEC)).toBe('tok-1');
  });

  it('leaves the secrets of a rule whose id merely starts with the removed one', async () => {
    const { rules, secrets } = setup();
    await secrets.put(secretNames.token('r1'), 'tok-r1', { origin: CODEC, remember: false });
    await secrets.put(secretNames.token('r10'), 'tok-r10', { origin: CODEC, remember: true });
    await secrets.put(secretNames.idToken('r10'), 'id-r10', { origin: CODEC, remember: false });
    await rules.remove('r1');
    expect(await secrets.reveal(secretNames.token('r1'), CODEC)).toBeUndefined();
    expect(await secrets.reveal(secretNames.token('r10'), CODEC)).toBe('tok-r10');
    expect(await secrets.reveal(secretNames.idToken('r10'), CODEC)).toBe('id-r10');
  });
});

describe('the access to a codec server', () => {
  it('is given back with the last rule that sends to it, and not before', async () => {
    const { rules, givenBack } = setup();
    const payments = await rules.save(remote());
    const orders = await rules.save(remote({ namespace: 'orders' }));
    await rules.remove(payments.id);
    expect(givenBack).toEqual([]);
    await rules.remove(orders.id);
    expect(givenBack).toEqual([`${CODEC}/*`]);
  });

  it('is given back when the rule moves to another codec server, but not while the rule only switches to a local key, which keeps its codec settings', async () => {
    const { rules, givenBack } = setup();
    const { id } = await rules.save(remote());
    await rules.save(local({ id }));
    await rules.save(remote({ id, accessToken: '' }));
    expect(givenBack).toEqual([]);
    await rules.save(remote({ id, endpoint: OTHER_CODEC }));
    expect(givenBack).toEqual([`${CODEC}/*`]);
  });

  it('asked for a save that is refused is given back, unless the settings already send to it', async () => {
    const { rules, givenBack } = setup();
    const { id } = await rules.save(remote());
    // As specific as the saved rule: refused. Its codec server is the saved rule's, which keeps the access.
    await expect(rules.save(remote({ accessToken: 'tok-2' }))).rejects.toBeInstanceOf(InputError);
    expect(givenBack).toEqual([]);
    // A new codec server for another rule, refused late (a header without its value): nothing sends there.
    await expect(rules.save(remote({ namespace: 'orders', endpoint: OTHER_CODEC, headers: [{ name: 'X-Proxy-Key', value: '' }] }))).rejects.toThrow(/^Enter a value for the header X-Proxy-Key/);
    expect(givenBack).toEqual([`${OTHER_CODEC}/*`]);
    // The same for an edit that would move the saved rule there.
    await expect(rules.save(remote({ id, endpoint: OTHER_CODEC, headers: [{ name: 'X-Proxy-Key', value: '' }] }))).rejects.toThrow(/^Enter a value for the header X-Proxy-Key/);
    expect(givenBack).toEqual([`${OTHER_CODEC}/*`, `${OTHER_CODEC}/*`]);
  });

  it('is not given back while it is also a Web UI address the settings use', async () => {
    const { rules, settings, givenBack } = setup();
    await settings.update((current) => ({ ...current, origins: [...current.origins, CODEC] }));
    const { id } = await rules.save(remote());
    await rules.remove(id);
    expect(givenBack).toEqual([]);
  });
});

describe('discarding what was set aside', () => {
  it('takes the entry the page showed, once: a second press does not take the one that moved into its place', async () => {
    const { settings, store } = memorySettings();
    const { secrets } = memorySecrets();
    const rules = createRuleEditing({ settings, secrets });
    // Three rules this version cannot read, set aside by the same read, for the same reason.
    store.data.set('settings', { version: 2, origins: [], rules: ['a', 'b', 'c'].map((id) => ({ id, unreadable: true })), preferences: {} });
    const ids = async () => (await settings.read()).settings.setAside.map((entry) => (entry.raw as { id: string }).id);
    await settings.update((current) => current);
    expect(await ids()).toEqual(['a', 'b', 'c']);
    const [first] = (await settings.read()).settings.setAside;

    await Promise.all([rules.discardSetAside(setAsideKey(first!)), rules.discardSetAside(setAsideKey(first!))]);
    expect(await ids()).toEqual(['b', 'c']);
  });

  it('takes the secrets of the rules it held, but none a rule still working or another entry holds, nor the administrator’s', async () => {
    const { settings, store } = memorySettings();
    const { secrets, session, remembered } = memorySecrets();
    const rules = createRuleEditing({ settings, secrets });
    const working = 'working';
    const stored = { id: working, addresses: [WEB_UI], namespace: 'payments', enabled: true, mode: 'local', local: { keyIds: ['k1'] } };
    // A whole record of a version this one does not know, holding the working rule and one only it has; a rule that
    // cannot be read; a second copy of the working rule's id; a stored rule with an id only the administrator's have.
    const record = { version: 99, rules: [stored, { id: 'only-in-record' }] };
    store.data.set('settings', { version: 2, origins: [], rules: [stored, { id: 'unreadable' }, { ...stored, namespace: 'copy' }, { ...stored, id: 'managed:1' }], preferences: {}, setAside: [{ raw: record, problem: 'Newer.', since: '2026-01-01T00:00:00.000Z' }, { raw: { id: 'unreadable' }, problem: 'Twice.', since: '2026-01-01T00:00:00.000Z' }] });
    await settings.update((current) => current);
    await secrets.put(secretNames.key(working, 'k1'), KEY, { origin: LOCAL_ONLY, remember: true });
    for (const id of ['only-in-record', 'unreadable', 'managed:1']) await secrets.put(secretNames.token(id), 'token', { origin: CODEC, remember: id !== 'unreadable' });
    await secrets.put(secretNames.header('only-in-record', 'X-Proxy-Key'), 'value', { origin: CODEC, remember: false });
    const names = () => [...session.data.keys(), ...remembered.data.keys()].sort();
    const entry = async (has: (raw: unknown) => boolean) => setAsideKey((await settings.read()).settings.setAside.find((e) => has(e.raw))!);

    // The record: its working rule keeps its key; the rule only it had loses its token and header.
    expect(await rules.discardSetAside(await entry((raw) => (raw as { version?: number }).version === 99))).toBe(2);
    expect(names()).toEqual([secretNames.key(working, 'k1'), secretNames.token('managed:1'), secretNames.token('unreadable')].sort());
    // Of two entries holding "unreadable", the first discarded takes nothing; the second takes its token.
    const unreadable = (await settings.read()).settings.setAside.filter((e) => (e.raw as { id?: string }).id === 'unreadable');
    expect(unreadable).toHaveLength(2);
    expect(await rules.discardSetAside(setAsideKey(unreadable[0]!))).toBe(0);
    expect(await rules.discardSetAside(setAsideKey(unreadable[1]!))).toBe(1);
    // The copy of the working rule takes nothing; the administrator's id takes nothing of theirs.
    expect(await rules.discardSetAside(await entry((raw) => (raw as { namespace?: string }).namespace === 'copy'))).toBe(0);
    expect(await rules.discardSetAside(await entry((raw) => (raw as { id?: string }).id === 'managed:1'))).toBe(0);
    expect(names()).toEqual([secretNames.key(working, 'k1'), secretNames.token('managed:1')].sort());
    expect((await settings.read()).settings.setAside).toEqual([]);
  });

  it('whose secrets cannot be deleted: says it was discarded and they were not', async () => {
    const { settings, store } = memorySettings();
    const { secrets } = memorySecrets();
    const rules = createRuleEditing({ settings, secrets });
    store.data.set('settings', { version: 2, origins: [], rules: [{ id: 'unreadable' }], preferences: {} });
    await settings.update((current) => current);
    await secrets.put(secretNames.token('unreadable'), 'token', { origin: CODEC, remember: true });
    secrets.deleteOfRule = () => Promise.reject(new Error('storage refused'));
    const [entry] = (await settings.read()).settings.setAside;
    const discard = rules.discardSetAside(setAsideKey(entry!));
    await expect(discard).rejects.toBeInstanceOf(InputError);
    await expect(discard).rejects.toThrow(secretsNotDeleted('What could not be read was discarded'));
    expect((await settings.read()).settings.setAside).toEqual([]);
  });
});

describe('secrets changed while a save is under way', () => {
  /** A save of the rule that moves it to another codec server, whose settings write waits for `release` and is then refused. */
  async function failingSave() {
    const context = setup();
    const { id } = await context.rules.save(remote());
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const write = context.store.set;
    context.store.set = async () => {
      context.store.set = write;
      await gate;
      throw new Error('QUOTA_BYTES quota exceeded');
    };
    const saving = context.rules.save(remote({ id, endpoint: OTHER_CODEC, accessToken: 'tok-2' }));
    // The new token is written: the save waits for the settings' write.
    await vi.waitFor(async () => expect(await context.secrets.reveal(secretNames.token(id), OTHER_CODEC)).toBe('tok-2'));
    return { ...context, id, saving, release };
  }

  it('a token forgotten meanwhile stays forgotten when the save fails and puts back what it replaced', async () => {
    const { rules, secrets, id, saving, release } = await failingSave();
    const forgetting = rules.forgetToken(id);
    release();
    await expect(saving).rejects.toThrow('quota');
    await forgetting;
    expect((await secrets.status(secretNames.token(id))).present).toBe(false);
  });

  it('every secret forgotten meanwhile stays forgotten too', async () => {
    const { rules, secrets, id, saving, release } = await failingSave();
    const forgetting = rules.forgetAllSecrets();
    release();
    await expect(saving).rejects.toThrow('quota');
    await forgetting;
    expect((await secrets.status(secretNames.token(id))).present).toBe(false);
  });

  it('a rule removed and at once added back (an import) keeps the secrets it came back with', async () => {
    const { rules, settings, secrets, session } = setup();
    const saved = await rules.save(remote());
    // Storage that takes its time to list what it holds, as a real one may.
    const keys = session.keys.bind(session);
    session.keys = async () => (await new Promise((resolve) => setTimeout(resolve, 20)), keys());
    const removing = rules.remove(saved.id);
    const addingBack = settings.update(async (current) => {
      await secrets.put(secretNames.token(saved.id), 'tok-2', { origin: CODEC, remember: false });
      return { ...current, rules: [...current.rules, saved] };
    });
    await Promise.all([removing, addingBack]);
    expect(await secrets.reveal(secretNames.token(saved.id), CODEC)).toBe('tok-2');
  });
});

describe('removing a rule whose id another rule’s begins with', () => {
  it('leaves the other rule’s secrets, whose names could be read as the removed one’s', async () => {
    const { settings, store } = memorySettings();
    const { secrets } = memorySecrets();
    const rules = createRuleEditing({ settings, secrets });
    const localRule = (id: string, namespace: string) => ({ id, addresses: [WEB_UI], namespace, enabled: true, mode: 'local', local: { keyIds: ['k1'] } });
    store.data.set('settings', { version: 2, origins: [], rules: [localRule('a', 'payments'), localRule('a:b', 'orders')], preferences: {} });
    // "key:a:b:k1" is rule "a:b"'s key k1, and reads as rule "a"'s key "b:k1" too.
    await secrets.put(secretNames.key('a:b', 'k1'), KEY, { origin: LOCAL_ONLY, remember: true });
    await secrets.put(secretNames.key('a', 'k1'), KEY, { origin: LOCAL_ONLY, remember: true });
    await rules.remove('a');
    expect(await secrets.reveal(secretNames.key('a:b', 'k1'), LOCAL_ONLY)).toBe(KEY);
    expect(await secrets.reveal(secretNames.key('a', 'k1'), LOCAL_ONLY)).toBeUndefined();
  });
});

describe('a form opened before another window changed the rule', () => {
  const KEY_2 = 'ffeeddccbbaa99887766554433221100';

  it('keeps a key added elsewhere meanwhile, and removes only a key the form was opened with', async () => {
    const { rules, settings, secrets } = setup();
    const { id } = await rules.save(local({ keys: [{ keyId: 'k1', key: KEY }, { keyId: 'k0', key: KEY }] }));
    // The settings page opens the rule; the popup then adds k2.
    const seen = { keyIds: ['k1', 'k0'], headerNames: [] };
    await rules.save(local({ id, keys: [{ keyId: 'k2', key: KEY_2 }, { keyId: 'k1' }, { keyId: 'k0' }], activeKeyId: 'k2' }));
    // The settings page saves what it shows, with k0 removed.
    await rules.save(local({ id, keys: [{ keyId: 'k1' }], seen }));
    const rule = (await settings.read()).settings.rules.find((candidate) => candidate.id === id)!;
    expect(rule.local?.keyIds).toEqual(['k1', 'k2']);
    expect(await secrets.reveal(secretNames.key(id, 'k2'), LOCAL_ONLY)).toBe(KEY_2);
    expect(await secrets.reveal(secretNames.key(id, 'k0'), LOCAL_ONLY)).toBeUndefined();
  });

  it('keeps a header added elsewhere meanwhile, with its value, while the codec server stays the same', async () => {
    const { rules, settings, secrets } = setup();
    const { id } = await rules.save(remote({ headers: [{ name: 'X-Tenant', value: 'blue' }] }));
    const seen = { keyIds: [], headerNames: ['X-Tenant'] };
    await rules.save(remote({ id, headers: [{ name: 'X-Tenant' }, { name: 'X-Proxy', value: 'proxy-secret' }] }));
    await rules.save(remote({ id, accessToken: '', headers: [{ name: 'X-Tenant' }], seen }));
    expect((await settings.read()).settings.rules.find((candidate) => candidate.id === id)!.remote?.headerNames).toEqual(['X-Tenant', 'X-Proxy']);
    expect(await secrets.reveal(secretNames.header(id, 'X-Proxy'), CODEC)).toBe('proxy-secret');
  });
});
