import { describe, expect, it, vi } from 'vitest';
import { memorySecrets } from '../test-support/stores';
import { LOCAL_ONLY, secretNames, unconfirmed } from './secret-store';

const CODEC = 'https://codec.example.com';
const OTHER = 'https://collector.example.net';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl';
const NAME = secretNames.token('r1');

describe.each([
  ['kept until the browser closes', false],
  ['remembered on this device', true],
])('a secret %s', (_, remember) => {
  it('is released for the codec address it was saved for, and for no other', async () => {
    const { secrets } = memorySecrets();
    await secrets.put(NAME, TOKEN, { origin: CODEC, remember });
    expect(await secrets.reveal(NAME, CODEC)).toBe(TOKEN);
    for (const origin of [OTHER, 'http://codec.example.com', 'https://codec.example.com:444', LOCAL_ONLY, '']) {
      expect(await secrets.reveal(NAME, origin), origin).toBeUndefined();
    }
  });

  it('says whether it is saved, and how, but never what it is', async () => {
    const { secrets } = memorySecrets();
    expect(await secrets.status(NAME)).toEqual({ present: false, remembered: false });
    await secrets.put(NAME, TOKEN, { origin: CODEC, remember });
    const status = await secrets.status(NAME);
    expect(status).toEqual({ present: true, remembered: remember, origin: CODEC });
    expect(JSON.stringify(status)).not.toContain(TOKEN.slice(0, 12));
  });

  it('lives in exactly one place, whichever way “remember” is switched', async () => {
    const { secrets, session, remembered } = memorySecrets();
    await secrets.put(NAME, TOKEN, { origin: CODEC, remember });
    await secrets.put(NAME, 'second', { origin: CODEC, remember: !remember });
    expect([...session.data.keys(), ...remembered.data.keys()]).toEqual([NAME]);
    expect((await secrets.status(NAME)).remembered).toBe(!remember);
    expect(await secrets.reveal(NAME, CODEC)).toBe('second');
    await secrets.put(NAME, 'third', { origin: CODEC, remember });
    expect([...session.data.keys(), ...remembered.data.keys()]).toEqual([NAME]);
    expect((await secrets.status(NAME)).remembered).toBe(remember);
    expect(await secrets.reveal(NAME, CODEC)).toBe('third');
  });
});

describe('a secret moved from version 0.1.0, held until its address is confirmed', () => {
  it.each([
    ['kept until the browser closes', false],
    ['remembered on this device', true],
  ])('when %s, is released for no address until confirmed for the one it names, then for that one only', async (_, remember) => {
    const { secrets } = memorySecrets();
    await secrets.put(NAME, TOKEN, { origin: unconfirmed(CODEC), remember });
    for (const origin of [CODEC, OTHER, LOCAL_ONLY]) expect(await secrets.reveal(NAME, origin), origin).toBeUndefined();
    await secrets.confirm([NAME], OTHER);
    expect(await secrets.reveal(NAME, OTHER)).toBeUndefined();
    await secrets.confirm([NAME, 'id-token:r1'], CODEC);
    expect(await secrets.status(NAME)).toEqual({ present: true, remembered: remember, origin: CODEC });
    expect(await secrets.reveal(NAME, CODEC)).toBe(TOKEN);
    expect(await secrets.reveal(NAME, OTHER)).toBeUndefined();
    expect(await secrets.status('id-token:r1')).toEqual({ present: false, remembered: false });
  });

  it('leaves a secret already bound to an address as it is, and says nothing changed', async () => {
    const onChange = vi.fn();
    const { secrets } = memorySecrets(onChange);
    await secrets.put(NAME, TOKEN, { origin: OTHER, remember: true });
    onChange.mockClear();
    await secrets.confirm([NAME], CODEC);
    expect(await secrets.status(NAME)).toEqual({ present: true, remembered: true, origin: OTHER });
    expect(onChange).not.toHaveBeenCalled();
  });
});

describe('keeping saved secrets as “Remember on this device” now says', () => {
  it.each([
    ['remembered on this device', true],
    ['kept until the browser closes', false],
  ])('moves each one to be %s, value and address unchanged, and deletes the copy it leaves', async (_, remember) => {
    const { secrets, session, remembered, sessionMarks } = memorySecrets();
    await secrets.put(NAME, TOKEN, { origin: CODEC, remember: !remember });
    await secrets.put('key:r1:k1', 'key text', { origin: LOCAL_ONLY, remember });
    await secrets.keepAs([NAME, 'key:r1:k1', 'id-token:r1'], remember);
    expect(await secrets.status(NAME)).toEqual({ present: true, remembered: remember, origin: CODEC });
    expect(await secrets.reveal(NAME, CODEC)).toBe(TOKEN);
    expect(await secrets.reveal('key:r1:k1', LOCAL_ONLY)).toBe('key text');
    expect(await secrets.status('id-token:r1')).toEqual({ present: false, remembered: false });
    expect([...(remember ? session : remembered).data.keys()]).toEqual([]);
    expect([...sessionMarks.data.keys()].sort()).toEqual(remember ? [] : ['key:r1:k1', NAME].sort());
  });

  it('deletes a remembered one that no longer opens, rather than leave it on this device', async () => {
    const { secrets, remembered } = memorySecrets();
    await secrets.put(NAME, TOKEN, { origin: CODEC, remember: true });
    const record = remembered.data.get(NAME) as { sealed: string };
    remembered.data.set(NAME, { ...record, sealed: (record.sealed[0] === 'A' ? 'B' : 'A') + record.sealed.slice(1) });
    await secrets.keepAs([NAME], false);
    expect([...remembered.data.keys()]).toEqual([]);
    expect(await secrets.status(NAME)).toEqual({ present: false, remembered: false });
  });

  it('deletes a sealed copy left beside the one kept until the browser closes', async () => {
    const { secrets, remembered } = memorySecrets();
    await secrets.put(NAME, 'old', { origin: CODEC, remember: true });
    const sealed = remembered.data.get(NAME);
    await secrets.put(NAME, TOKEN, { origin: CODEC, remember: false });
    // As a put cut short between writing one place and emptying the other would leave them.
    remembered.data.set(NAME, sealed);
    await secrets.keepAs([NAME], false);
    expect([...remembered.data.keys()]).toEqual([]);
    expect(await secrets.reveal(NAME, CODEC)).toBe(TOKEN);
  });
});

describe('a secret kept until the browser closes, once the browser has closed', () => {
  it('reads as forgotten with the session, not as never saved', async () => {
    const { secrets, session } = memorySecrets();
    await secrets.put(NAME, TOKEN, { origin: CODEC, remember: false });
    session.data.clear();
    expect(await secrets.status(NAME)).toEqual({ present: false, remembered: false, forgotten: true });
    expect(await secrets.reveal(NAME, CODEC)).toBeUndefined();
  });

  it('reads as forgotten again when a secret saved over it is taken back, wherever it was saved', async () => {
    const { secrets } = memorySecrets();
    for (const remember of [true, false]) {
      await secrets.put(NAME, TOKEN, { origin: CODEC, remember });
      await secrets.deleteAsForgotten([NAME]);
      expect(await secrets.status(NAME)).toEqual({ present: false, remembered: false, forgotten: true });
      expect(await secrets.reveal(NAME, CODEC)).toBeUndefined();
    }
  });

  it('reads as never saved once deleted, or once it was remembered instead', async () => {
    const { secrets, session } = memorySecrets();
    await secrets.put(NAME, TOKEN, { origin: CODEC, remember: false });
    await secrets.delete([NAME]);
    expect(await secrets.status(NAME)).toEqual({ present: false, remembered: false });

    await secrets.put(NAME, TOKEN, { origin: CODEC, remember: false });
    await secrets.put(NAME, TOKEN, { origin: CODEC, remember: true });
    await secrets.delete([NAME]);
    session.data.clear();
    expect(await secrets.status(NAME)).toEqual({ present: false, remembered: false });

    await secrets.put(NAME, TOKEN, { origin: CODEC, remember: false });
    await secrets.forgetAll();
    expect(await secrets.status(NAME)).toEqual({ present: false, remembered: false });
  });

  it('leaves a mark that holds its name and nothing of its value', async () => {
    const { secrets, sessionMarks } = memorySecrets();
    await secrets.put(NAME, TOKEN, { origin: CODEC, remember: false });
    expect(JSON.stringify([...sessionMarks.data])).not.toContain(TOKEN.slice(0, 12));
  });
});

describe('a remembered secret', () => {
  it('is stored sealed: its text is nowhere in what is stored', async () => {
    const { secrets, remembered } = memorySecrets();
    await secrets.put(NAME, TOKEN, { origin: CODEC, remember: true });
    const stored = JSON.stringify(Object.fromEntries(remembered.data));
    expect(stored).not.toContain(TOKEN);
    expect(stored).not.toContain(btoa(TOKEN).slice(0, 16));
  });

  it('does not open when its record is moved to another secret’s name', async () => {
    const { secrets, remembered } = memorySecrets();
    await secrets.put(secretNames.token('r1'), TOKEN, { origin: CODEC, remember: true });
    // Someone who can write the store copies rule r1's token under rule r2, whose endpoint they chose.
    remembered.data.set(secretNames.token('r2'), remembered.data.get(secretNames.token('r1')));
    expect(await secrets.reveal(secretNames.token('r2'), CODEC)).toBeUndefined();
    expect(await secrets.reveal(secretNames.token('r1'), CODEC)).toBe(TOKEN);
  });

  it('does not open when its record is rebound to another address', async () => {
    const { secrets, remembered } = memorySecrets();
    await secrets.put(NAME, TOKEN, { origin: CODEC, remember: true });
    remembered.data.set(NAME, { ...(remembered.data.get(NAME) as object), origin: OTHER });
    expect(await secrets.reveal(NAME, OTHER)).toBeUndefined();
    expect(await secrets.reveal(NAME, CODEC)).toBeUndefined();
  });

  it('reads as missing when its record is damaged or sealed under a key that is gone', async () => {
    const { secrets, remembered } = memorySecrets();
    await secrets.put(NAME, TOKEN, { origin: CODEC, remember: true });
    const record = remembered.data.get(NAME) as { iv: string; sealed: string };
    remembered.data.set(NAME, { ...record, iv: '%%% not base64' });
    expect(await secrets.reveal(NAME, CODEC)).toBeUndefined();
    // One changed bit of ciphertext: the GCM tag no longer matches.
    remembered.data.set(NAME, { ...record, sealed: (record.sealed[0] === 'A' ? 'B' : 'A') + record.sealed.slice(1) });
    expect(await secrets.reveal(NAME, CODEC)).toBeUndefined();

    const elsewhere = memorySecrets();
    await elsewhere.secrets.put(NAME, TOKEN, { origin: CODEC, remember: true });
    remembered.data.set(NAME, elsewhere.remembered.data.get(NAME));
    expect(await secrets.reveal(NAME, CODEC)).toBeUndefined();
  });
});

describe('forgetting secrets', () => {
  async function saved() {
    const store = memorySecrets();
    const put = (name: string, remember: boolean) => store.secrets.put(name, `value of ${name}`, { origin: CODEC, remember });
    await put(secretNames.header('r1', 'X-Proxy-Key'), true);
    await put(secretNames.header('r1', 'X-Tenant'), false);
    await put(secretNames.header('r2', 'X-Proxy-Key'), true);
    await put(secretNames.token('r1'), false);
    await put(secretNames.token('r2'), true);
    return store;
  }
  const present = async (store: Awaited<ReturnType<typeof saved>>) => [...store.session.data.keys(), ...store.remembered.data.keys()].sort();

  it('deletes named secrets from both places', async () => {
    const store = await saved();
    await store.secrets.delete([secretNames.token('r1'), secretNames.token('r2')]);
    expect(await present(store)).toEqual(['header:r1:x-proxy-key', 'header:r1:x-tenant', 'header:r2:x-proxy-key']);
  });

  it('deletes every secret of one rule, remembered or not, and only those, saying how many were saved', async () => {
    const store = await saved();
    // "r10" shares r1's name up to its end: its token is not r1's.
    await store.secrets.put(secretNames.token('r10'), 'value of token:r10', { origin: CODEC, remember: true });
    expect(await store.secrets.deleteOfRule('r1')).toBe(3);
    expect(await present(store)).toEqual(['header:r2:x-proxy-key', 'token:r10', 'token:r2']);
    expect(await store.secrets.reveal(secretNames.header('r2', 'X-Proxy-Key'), CODEC)).toBe('value of header:r2:x-proxy-key');
    expect(await store.secrets.deleteOfRule('r1')).toBe(0);
  });

  it('leaves a name that could as well be another rule’s, rule ids holding ":"', async () => {
    const store = await saved();
    // "key:a:b:k1" is key "b:k1" of rule "a", or key "k1" of rule "a:b".
    await store.secrets.put(secretNames.key('a:b', 'k1'), 'key of a:b', { origin: CODEC, remember: true });
    await store.secrets.put(secretNames.key('a', 'k2'), 'key of a', { origin: CODEC, remember: true });
    expect(await store.secrets.deleteOfRule('a', ['a:b', 'r1'])).toBe(1);
    expect(await store.secrets.reveal(secretNames.key('a:b', 'k1'), CODEC)).toBe('key of a:b');
    expect(await store.secrets.reveal(secretNames.key('a', 'k2'), CODEC)).toBeUndefined();
  });

  it('forgets all of them at once', async () => {
    const store = await saved();
    await store.secrets.forgetAll();
    expect(await present(store)).toEqual([]);
    expect(await store.secrets.reveal(secretNames.token('r2'), CODEC)).toBeUndefined();
  });
});

describe('the secret store’s change signal', () => {
  it('fires on every change, so whatever holds a secret in memory drops it, and not on reads', async () => {
    const onChange = vi.fn();
    const { secrets } = memorySecrets(onChange);
    await secrets.put(NAME, TOKEN, { origin: CODEC, remember: true });
    expect(onChange).toHaveBeenCalledTimes(1);
    await secrets.put(NAME, TOKEN, { origin: CODEC, remember: false });
    expect(onChange).toHaveBeenCalledTimes(2);
    await secrets.reveal(NAME, CODEC);
    await secrets.status(NAME);
    expect(onChange).toHaveBeenCalledTimes(2);
    await secrets.delete([NAME]);
    expect(onChange).toHaveBeenCalledTimes(3);
    await secrets.deleteOfRule('r1');
    expect(onChange).toHaveBeenCalledTimes(4);
    await secrets.forgetAll();
    expect(onChange).toHaveBeenCalledTimes(5);
  });
});
