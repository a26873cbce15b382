import { describe, expect, it } from 'vitest';
import { encodeBase64 } from '../../core/base64';
import { EVERY_ADDRESS } from '../../core/settings/schema';
import { fakeStorageArea } from '../test-support/storage-area';
import { memorySettings } from '../test-support/stores';
import { createAtRestKey } from './at-rest-key';
import { memoryStore, storageAreaStore } from './key-value';
import { moveLegacyStorage } from './legacy-storage';
import { createSecretStore, LOCAL_ONLY, secretNames, unconfirmed } from './secret-store';

const CODEC = 'https://codec.example.com';
const LOCAL_CODEC = 'http://localhost:8081';
/** Where moved tokens and header values are bound: the address version 1 named, unconfirmed. */
const HELD = unconfirmed(CODEC);
const HELD_LOCAL = unconfirmed(LOCAL_CODEC);
const KEY_NEW = '00112233445566778899aabbccddeeff';
const KEY_OLD = 'ffeeddccbbaa99887766554433221100';

const version1 = {
  version: 1,
  origins: ['https://temporal.example.com'],
  rules: [
    { id: 'a', namespace: 'default', enabled: true, mode: 'remote', encodeRequests: true, remote: { endpoint: `${CODEC}/api`, passAccessToken: true, includeCredentials: false, headers: { 'X-Proxy-Auth': 'proxy-secret' } } },
    { id: 'b', namespace: 'payments', enabled: true, mode: 'local', local: { keyIds: ['new', 'old'] } },
    { id: 'c', namespace: 'orders', enabled: true, mode: 'remote', remote: { endpoint: LOCAL_CODEC, passAccessToken: true, includeCredentials: false, headers: {} } },
  ],
};

/** Version 1's settings with more rules after its own. */
const version1With = (...rules: unknown[]) => ({ ...version1, rules: [...version1.rules, ...rules] });

/** As version 1 sealed: AES-GCM under the at-rest key, without additional data. */
async function sealV1(value: string, key: CryptoKey) {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(value)));
  return { iv: encodeBase64(iv), sealed: encodeBase64(sealed) };
}

/** The background's parts as index.ts builds them, over storage areas left as version 1 left them. */
async function upgrade(legacy: (key: CryptoKey) => Promise<{ local: Record<string, unknown>; session: Record<string, unknown> }>) {
  const atRestKey = createAtRestKey(memoryStore<CryptoKey>());
  const { local: localItems, session: sessionItems } = await legacy(await atRestKey());
  const local = fakeStorageArea(localItems);
  const session = fakeStorageArea(sessionItems);
  const secrets = createSecretStore({ session: storageAreaStore(session, 'secret:'), remembered: memoryStore(), sessionMarks: memoryStore(), atRestKey });
  const { settings } = memorySettings();
  return { local, session, secrets, settings, move: () => moveLegacyStorage({ local, session, settings, secrets, atRestKey }) };
}

const everything = async (key: CryptoKey) => ({
  local: {
    settings: version1,
    'secret:token:a': await sealV1('token-a', key),
    'secret:key:b:new': await sealV1(KEY_NEW, key),
    'secret:key:b:old': await sealV1(KEY_OLD, key),
  },
  session: {
    // Version 1 kept session-only secrets as plain strings.
    'secret:token:c': 'token-c',
    // This version's own: a session secret, and a tab's tally.
    'secret:token:z': { origin: CODEC, value: 'token-z' },
    'tab:3': { decoded: 1 },
  },
});

describe('moving version 1 storage', () => {
  it('moves the settings and every secret, keys bound to this browser and the rest held unconfirmed for their address, and empties storage.local', async () => {
    const { local, session, secrets, settings, move } = await upgrade(everything);
    expect(await move()).toBe('moved');

    const { settings: moved } = await settings.read();
    expect(moved.origins).toEqual(['https://temporal.example.com']);
    expect(moved.rules.map((rule) => [rule.id, rule.addresses, rule.askToNarrow])).toEqual([
      ['a', EVERY_ADDRESS, true],
      ['b', EVERY_ADDRESS, true],
      ['c', EVERY_ADDRESS, true],
    ]);
    expect(await secrets.reveal(secretNames.token('a'), HELD)).toBe('token-a');
    expect(await secrets.reveal(secretNames.header('a', 'X-Proxy-Auth'), HELD)).toBe('proxy-secret');
    expect(await secrets.reveal(secretNames.key('b', 'new'), LOCAL_ONLY)).toBe(KEY_NEW);
    expect(await secrets.reveal(secretNames.key('b', 'old'), LOCAL_ONLY)).toBe(KEY_OLD);
    expect((await secrets.status(secretNames.token('a'))).remembered).toBe(true);
    expect((await secrets.status(secretNames.header('a', 'X-Proxy-Auth'))).remembered).toBe(true);
    // Nothing a content script could have written chooses where they go: none is sent until the address is confirmed.
    expect(await secrets.reveal(secretNames.token('a'), CODEC)).toBeUndefined();
    expect(await secrets.reveal(secretNames.header('a', 'X-Proxy-Auth'), CODEC)).toBeUndefined();
    expect(await secrets.reveal(secretNames.token('c'), LOCAL_CODEC)).toBeUndefined();
    expect(await secrets.reveal(secretNames.token('a'), LOCAL_CODEC)).toBeUndefined();
    expect(await secrets.reveal(secretNames.key('b', 'new'), CODEC)).toBeUndefined();

    expect([...local.data.keys()]).toEqual([]);
    expect(session.data.get('tab:3')).toEqual({ decoded: 1 });
    expect(await secrets.reveal(secretNames.token('z'), CODEC)).toBe('token-z');
  });

  it('leaves behind the token of a rule that did not send it (Pass access token off), as this version sends any saved token', async () => {
    const remote = (passAccessToken?: unknown) => ({ endpoint: CODEC, ...(passAccessToken === undefined ? {} : { passAccessToken }), includeCredentials: false, headers: {} });
    const rule = (id: string, namespace: string, passAccessToken?: unknown) => ({ id, namespace, enabled: true, mode: 'remote', remote: remote(passAccessToken) });
    // Off, or not said (version 1 sent a token only while it was on); and an id whose first rule cannot be read, so
    // that the one kept is the second, which did not send it.
    const unreadable = { ...rule('d', 'dup', true), enabled: 'yes' };
    const rules = [rule('q', 'quiet', false), rule('u', 'unsaid'), unreadable, rule('d', 'dup', false)];
    const tokens = ['a', 'q', 'u', 'd'];
    const { local, secrets, settings, move } = await upgrade(async (key) => ({
      local: { settings: version1With(...rules), ...Object.fromEntries(await Promise.all(tokens.map(async (id) => [`secret:token:${id}`, await sealV1(`token-${id}`, key)]))) },
      session: {},
    }));
    await move();
    expect(await secrets.reveal(secretNames.token('a'), HELD)).toBe('token-a');
    for (const id of ['q', 'u', 'd']) expect((await secrets.status(secretNames.token(id))).present, id).toBe(false);
    const { settings: moved } = await settings.read();
    expect(moved.rules.map((r) => r.id)).toEqual(expect.arrayContaining(['q', 'u', 'd']));
    expect([...local.data.keys()]).toEqual([]);
  });

  it('keeps a session-only secret session-only, held for its codec address', async () => {
    const { session, secrets, move } = await upgrade(everything);
    await move();
    expect(await secrets.reveal(secretNames.token('c'), HELD_LOCAL)).toBe('token-c');
    expect(await secrets.status(secretNames.token('c'))).toEqual({ present: true, remembered: false, origin: HELD_LOCAL });
    expect(session.data.get('secret:token:c')).toEqual({ origin: HELD_LOCAL, value: 'token-c' });
  });

  it('moves the secrets of a rule this version sets aside, and keeps the first of two rules with one id bound where it was', async () => {
    const { local, secrets, settings, move } = await upgrade(async (key) => ({
      local: {
        settings: version1With(
          // Not readable here (a namespace with a space): kept aside to be mended, its secrets with it.
          { id: 'd', namespace: 'my ns', enabled: true, mode: 'local', local: { keyIds: ['k'] } },
          { id: 'e', namespace: 'my ns', enabled: true, mode: 'remote', remote: { endpoint: CODEC, passAccessToken: true, includeCredentials: false, headers: {} } },
          // The same id as a readable rule, pointing elsewhere.
          { id: 'a', namespace: 'other', enabled: true, mode: 'remote', remote: { endpoint: 'https://elsewhere.example.com', passAccessToken: true, includeCredentials: false, headers: {} } },
        ),
        'secret:token:a': await sealV1('token-a', key),
        'secret:key:d:k': await sealV1(KEY_NEW, key),
        'secret:token:e': await sealV1('token-e', key),
      },
      session: {},
    }));
    await move();
    const { settings: moved } = await settings.read();
    expect(moved.setAside).toHaveLength(3);
    expect(await secrets.reveal(secretNames.key('d', 'k'), LOCAL_ONLY)).toBe(KEY_NEW);
    expect(await secrets.reveal(secretNames.token('e'), HELD)).toBe('token-e');
    expect(await secrets.reveal(secretNames.token('a'), HELD)).toBe('token-a');
    expect([...local.data.keys()]).toEqual([]);
  });

  it('moves no secret under an administrator rule’s name, from a rule a content script could have planted', async () => {
    const { local, secrets, settings, move } = await upgrade(async (key) => ({
      local: {
        settings: version1With({ id: 'managed:corp', namespace: 'corp', enabled: true, mode: 'remote', remote: { endpoint: CODEC, passAccessToken: true, includeCredentials: false, headers: { 'X-Api-Key': 'planted-header' } } }),
        'secret:token:a': await sealV1('token-a', key),
        // Version 1 sealed without additional data: the user's sealed token, copied under the planted rule's name.
        'secret:token:managed:corp': await sealV1('token-a', key),
      },
      session: {},
    }));
    await move();
    const { settings: moved } = await settings.read();
    expect(moved.setAside).toMatchObject([{ problem: expect.stringContaining('only your administrator’s rules have') }]);
    expect((await secrets.status(secretNames.token('managed:corp'))).present).toBe(false);
    expect((await secrets.status(secretNames.header('managed:corp', 'X-Api-Key'))).present).toBe(false);
    expect(await secrets.reveal(secretNames.token('a'), HELD)).toBe('token-a');
    expect([...local.data.keys()]).toEqual([]);
  });

  it('moves nothing when settings of this version exist, and still removes what version 1 left', async () => {
    const { local, session, secrets, settings, move } = await upgrade(everything);
    await settings.update((current) => ({ ...current, origins: ['https://mine.example.com'] }));
    const before = await settings.read();

    expect(await move()).toBe('moved');
    expect((await settings.read()).settings).toEqual(before.settings);
    expect(await secrets.status(secretNames.token('a'))).toEqual({ present: false, remembered: false });
    expect(await secrets.status(secretNames.token('c'))).toEqual({ present: false, remembered: false });
    expect([...local.data.keys()]).toEqual([]);
    expect([...session.data.keys()].sort()).toEqual(['secret:token:z', 'tab:3']);
  });

  it('skips a damaged secret and moves the rest', async () => {
    const { local, secrets, settings, move } = await upgrade(async (key) => {
      const { local, session } = await everything(key);
      const otherKey = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
      return {
        local: { ...local, 'secret:token:a': { iv: '%%%', sealed: 'not base64' }, 'secret:key:b:new': await sealV1(KEY_NEW, otherKey) },
        session,
      };
    });
    expect(await move()).toBe('moved');
    expect(await secrets.status(secretNames.token('a'))).toEqual({ present: false, remembered: false });
    expect(await secrets.status(secretNames.key('b', 'new'))).toEqual({ present: false, remembered: false });
    expect(await secrets.reveal(secretNames.key('b', 'old'), LOCAL_ONLY)).toBe(KEY_OLD);
    expect(await secrets.reveal(secretNames.header('a', 'X-Proxy-Auth'), HELD)).toBe('proxy-secret');
    expect((await settings.read()).settings.rules).toHaveLength(3);
    expect([...local.data.keys()]).toEqual([]);
  });

  it('does nothing when version 1 left nothing', async () => {
    const { session, settings, move } = await upgrade(async () => ({ local: {}, session: { 'secret:token:z': { origin: CODEC, value: 'token-z' } } }));
    expect(await move()).toBe('nothing');
    expect(await settings.hasRecord()).toBe(false);
    expect([...session.data.keys()]).toEqual(['secret:token:z']);
  });
});
