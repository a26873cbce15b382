import * as v from 'valibot';
import { describe, expect, it, vi } from 'vitest';
import { openWithPassphrase, sealWithPassphrase } from '../core/passphrase-envelope';
import { sealedSecretsText, settingsDigest, settingsSealedWith, type SealedSecrets } from '../core/settings/settings-file';
import { RuleInputSchema, type RuleInput } from '../shared/messages/rule-input';
import { createRuleEditing } from './rule-editing';
import { SETTINGS_VERSION } from '../core/settings/schema';
import { InputError } from './input-error';
import { createSettingsTransfer } from './settings-transfer';
import { LOCAL_ONLY, secretNames } from './storage/secret-store';
import { memorySecrets, memorySettings, recordingAccessRelease, refusingWrite } from './test-support/stores';

const WEB_UI = 'http://localhost:8233';
const CODEC = 'https://codec.example.com';
const SAMPLE_KEY = 'test-key-test-key-test-key-test!';
const PASSPHRASE = 'correct horse battery staple';

function profile() {
  const { settings, store } = memorySettings();
  const { secrets, session, remembered } = memorySecrets();
  const registered: string[] = [];
  const { access, givenBack } = recordingAccessRelease(settings);
  const transfer = createSettingsTransfer({ settings, secrets, isManaged: () => false, hasOriginAccess: async () => true, registerOrigin: async (o) => void registered.push(o), access });
  const rules = createRuleEditing({ settings, secrets });
  const snapshot = () => JSON.stringify([[...store.data], [...session.data], [...remembered.data]]);
  return { settings, store, secrets, session, transfer, rules, snapshot, givenBack };
}

const input = (rule: Partial<RuleInput>) => v.parse(RuleInputSchema, { addresses: [WEB_UI], remember: false, ...rule });

async function withTwoRules() {
  const p = profile();
  await p.rules.save(input({ namespace: 'payments', mode: 'remote', endpoint: CODEC, accessToken: 'tok-1' }));
  await p.rules.save(input({ namespace: 'orders', mode: 'local', keys: [{ keyId: 'k1', key: SAMPLE_KEY }] }));
  return p;
}

interface FileJson {
  rules: Array<{ namespace: string; addresses: unknown; remote?: { endpoint: string } }>;
  secrets: unknown;
}

/** The exported file with its settings edited and its secrets sealed again for them, as only the passphrase's holder can. */
async function editedAndResealed(text: string, edit: (file: FileJson) => void): Promise<string> {
  const file = JSON.parse(text) as FileJson;
  edit(file);
  const opened = await openWithPassphrase(file.secrets, PASSPHRASE);
  if (!opened.ok) throw new Error(opened.sentence);
  const { byRule } = JSON.parse(new TextDecoder().decode(opened.plaintext)) as SealedSecrets;
  file.secrets = await sealWithPassphrase(sealedSecretsText(byRule, await settingsDigest(settingsSealedWith(file as unknown as Parameters<typeof settingsSealedWith>[0]))), PASSPHRASE);
  return JSON.stringify(file);
}

/** Two saved rules, their file with the first one's endpoint moved (sealed again for it), and its preview. */
async function withEndpointMoved() {
  const p = await withTwoRules();
  const text = await editedAndResealed(await p.transfer.exportFile(PASSPHRASE), (file) => {
    file.rules[0]!.remote!.endpoint = 'https://new-codec.example.com';
  });
  const before = (await p.settings.read()).settings.rules;
  return { p, text, before, preview: await p.transfer.preview(text, PASSPHRASE) };
}

/** What the options page does: the preview first, then the import on the basis it showed. */
async function importAsPreviewed(transfer: ReturnType<typeof profile>['transfer'], text: string, passphrase: string | undefined, remember: boolean) {
  const preview = await transfer.preview(text, passphrase);
  return transfer.apply(text, passphrase, remember, preview.ok ? preview.basis : '');
}

describe('an export of settings carried over from version 0.1.0 that a save no longer accepts', { timeout: 60_000 }, () => {
  const carried = { addresses: [WEB_UI], namespace: 'payments', enabled: true, encodeRequests: true, privateView: false };
  const remoteAt = (endpoint: string) => ({ ...carried, id: 'r1', mode: 'remote', remote: { endpoint, includeCredentials: false, headerNames: [], permissionsClaim: 'permissions' } });
  const localWith = (id: string, keyIds: string[]) => ({ ...carried, id, mode: 'local', local: { keyIds, activeKeyId: keyIds[0] ?? '' } });
  function stored(rules: unknown[]) {
    const p = profile();
    p.store.data.set('settings', { version: SETTINGS_VERSION, origins: [], rules, preferences: { statusChip: true }, setAside: [] });
    return p;
  }

  it.each([
    ['an endpoint with a query', [remoteAt('https://codec.example.com/?tenant=a')], 'Rule 1 (namespace “payments”), remote.endpoint: The codec endpoint must not have a query'],
    ['a local-key rule without a key id', [localWith('r1', [])], 'Rule 1 (namespace “payments”), local.keyIds: A rule that decodes with a local key needs at least one key id.'],
    ['two rules for the same namespace', [localWith('r1', ['k']), localWith('r2', ['k'])], 'Rule 2 (namespace “payments”): Another rule (“payments” on http://localhost:8233) is just as specific'],
  ])('is refused, saying what to change, rather than written as a file the import refuses: %s', async (_, rules, problem) => {
    const p = stored(rules);
    expect((await p.settings.read()).settings.rules).toHaveLength(rules.length);
    const refusal = p.transfer.exportFile(undefined);
    await expect(refusal).rejects.toThrow(InputError);
    await expect(refusal).rejects.toThrow(`Not exported: a file of these settings could not be imported back. ${problem}`);
  });

  it('is refused, saying what to do, when it would be larger than an import takes', async () => {
    const origins = Array.from({ length: 100 }, (_, i) => `https://temporal-${String(i).padStart(3, '0')}.example.com`);
    const p = stored(Array.from({ length: 500 }, (_, i) => ({ ...localWith(`r${i}`, ['k']), namespace: `ns-${i}`, addresses: origins })));
    await expect(p.transfer.exportFile(undefined)).rejects.toThrow(
      'Not exported: these settings make a file larger than an import takes (2 MB); remove rules or addresses you no longer need, then export again.',
    );
  });

  it('with secrets, is refused for a key that the import would not read', async () => {
    const p = stored([localWith('r1', ['k1'])]);
    await p.secrets.put(secretNames.key('r1', 'k1'), 'not a key', { origin: LOCAL_ONLY, remember: true });
    expect(JSON.parse(await p.transfer.exportFile(undefined))).toMatchObject({ rules: [{ id: 'r1' }] });
    await expect(p.transfer.exportFile(PASSPHRASE)).rejects.toThrow(/^Not exported: a file of these settings could not be imported back\. Rule 1 \(namespace “payments”\), secrets\.keys\.k1: This is 5 bytes/);
  });

  it('with secrets, is refused for a token that an http:// endpoint elsewhere would be given', async () => {
    const p = stored([remoteAt('http://codec.internal.example')]);
    // Without secrets the file imports: the rule's endpoint alone is no problem.
    expect(JSON.parse(await p.transfer.exportFile(undefined))).toMatchObject({ rules: [{ id: 'r1' }] });
    await p.secrets.put(secretNames.token('r1'), 'tok-1', { origin: 'http://codec.internal.example', remember: false });
    await expect(p.transfer.exportFile(PASSPHRASE)).rejects.toThrow(/^Not exported: a file of these settings could not be imported back\. Rule 1 \(namespace “payments”\), remote\.endpoint: Tokens and header values are only sent to https:\/\/ endpoints/);
  });

  it('with secrets, derives the passphrase\'s key once: what it sealed is checked as read, not opened again', async () => {
    const p = await withTwoRules();
    const derive = vi.spyOn(crypto.subtle, 'deriveKey');
    try {
      const text = await p.transfer.exportFile(PASSPHRASE);
      expect(derive).toHaveBeenCalledTimes(1);
      // And it still opens, with both rules' secrets.
      const opened = await openWithPassphrase((JSON.parse(text) as FileJson).secrets, PASSPHRASE);
      expect(opened.ok && Object.keys((JSON.parse(new TextDecoder().decode(opened.plaintext)) as SealedSecrets).byRule)).toHaveLength(2);
    } finally {
      derive.mockRestore();
    }
  });
});

// Each seal or open derives 600,000 PBKDF2 rounds on purpose.
describe('exporting and importing settings', { timeout: 60_000 }, () => {
  it('without secrets: the file holds none, and a fresh profile gets the same rules', async () => {
    const from = await withTwoRules();
    const text = await from.transfer.exportFile(undefined);
    expect(text).not.toContain('tok-1');
    expect(text).not.toContain(SAMPLE_KEY);
    const to = profile();
    const preview = await to.transfer.preview(text, undefined);
    expect(preview).toMatchObject({ ok: true, secrets: 'none', codecOrigins: [CODEC], rules: [{ kind: 'added' }, { kind: 'added' }] });
    expect((await importAsPreviewed(to.transfer, text, undefined, false)).sentence).toBe('Imported: 2 rules added, 0 changed, 0 unchanged.');
    expect((await to.settings.read()).settings.rules).toEqual((await from.settings.read()).settings.rules);
    const ruleId = (await to.settings.read()).settings.rules[0]!.id;
    expect(await to.secrets.reveal(secretNames.token(ruleId), CODEC)).toBeUndefined();
  });

  it('with secrets: sealed in the file, and opened into the fresh profile with the passphrase only', async () => {
    const from = await withTwoRules();
    const text = await from.transfer.exportFile(PASSPHRASE);
    expect(text).not.toContain('tok-1');
    expect(text).not.toContain(SAMPLE_KEY);
    const to = profile();
    expect(await to.transfer.preview(text, undefined)).toMatchObject({ ok: true, secrets: 'locked' });
    expect(await to.transfer.preview(text, 'wrong')).toMatchObject({ ok: true, secrets: 'wrong' });
    await expect(importAsPreviewed(to.transfer, text, 'wrong', false)).rejects.toThrow('the passphrase does not open');
    expect((await importAsPreviewed(to.transfer, text, PASSPHRASE, true)).sentence).toMatch(/secrets were imported/);
    const [payments, orders] = (await to.settings.read()).settings.rules;
    expect(await to.secrets.reveal(secretNames.token(payments!.id), CODEC)).toBe('tok-1');
    expect(await to.secrets.reveal(secretNames.key(orders!.id, 'k1'), LOCAL_ONLY)).toBe(SAMPLE_KEY);
    expect(await to.secrets.status(secretNames.key(orders!.id, 'k1'))).toMatchObject({ remembered: true });
  });

  it('with secrets named as an object’s own fields: every key and header value goes and comes back', async () => {
    const from = profile();
    const headers = [{ name: '__proto__', value: 'proxy-1' }, { name: 'constructor', value: 'proxy-2' }];
    await from.rules.save(input({ namespace: 'payments', mode: 'remote', endpoint: CODEC, headers }));
    await from.rules.save(input({ namespace: 'orders', mode: 'local', keys: [{ keyId: '__proto__', key: SAMPLE_KEY }, { keyId: 'prototype', key: SAMPLE_KEY.toUpperCase() }] }));
    const to = profile();
    expect((await importAsPreviewed(to.transfer, await from.transfer.exportFile(PASSPHRASE), PASSPHRASE, false)).sentence).toMatch(/secrets were imported/);
    const [payments, orders] = (await to.settings.read()).settings.rules;
    expect(await to.secrets.reveal(secretNames.header(payments!.id, '__proto__'), CODEC)).toBe('proxy-1');
    expect(await to.secrets.reveal(secretNames.header(payments!.id, 'constructor'), CODEC)).toBe('proxy-2');
    expect(await to.secrets.reveal(secretNames.key(orders!.id, '__proto__'), LOCAL_ONLY)).toBe(SAMPLE_KEY);
    expect(await to.secrets.reveal(secretNames.key(orders!.id, 'prototype'), LOCAL_ONLY)).toBe(SAMPLE_KEY.toUpperCase());
  });

  it('seals secrets only under a passphrase long enough, and says why in one sentence', async () => {
    const p = await withTwoRules();
    await expect(p.transfer.exportFile('short')).rejects.toThrow('Use at least 12 characters: whoever gets the file can try passphrases against it for as long as they like.');
  });

  it('a rule whose endpoint changes loses the token saved for the old endpoint', async () => {
    const p = await withTwoRules();
    const file = JSON.parse(await p.transfer.exportFile(undefined)) as { rules: Array<{ remote?: { endpoint: string } }> };
    file.rules[0]!.remote!.endpoint = 'https://codec.example.net';
    const text = JSON.stringify(file);
    expect(await p.transfer.preview(text, undefined)).toMatchObject({ ok: true, rules: [{ kind: 'changed', fields: ['codec endpoint'], secretsDropped: ['access token'] }, { kind: 'unchanged' }] });
    await importAsPreviewed(p.transfer, text, undefined, false);
    const ruleId = (await p.settings.read()).settings.rules[0]!.id;
    expect((await p.secrets.status(secretNames.token(ruleId))).present).toBe(false);
    // No rule sends to the old codec server any more: its access is given back.
    expect(p.givenBack).toEqual([`${CODEC}/*`]);
  });

  it('a rule imported again as it was keeps its codec server’s access', async () => {
    const p = await withTwoRules();
    expect((await importAsPreviewed(p.transfer, await p.transfer.exportFile(undefined), undefined, false)).sentence).toBe('Imported: 0 rules added, 0 changed, 2 unchanged.');
    expect(p.givenBack).toEqual([]);
  });

  it('the preview says where a moved rule will use the secrets it keeps, and which saved ones the file replaces', async () => {
    const p = await withTwoRules();
    const text = await editedAndResealed(await p.transfer.exportFile(PASSPHRASE), (file) => {
      file.rules[1]!.namespace = 'sandbox';
      file.rules[1]!.addresses = ['https://temporal.example.com'];
    });
    const preview = await p.transfer.preview(text, PASSPHRASE);
    // The exported token and key are the saved ones, so they count as brought in place of them; none is only kept.
    expect(preview).toMatchObject({
      ok: true,
      rules: [
        { kind: 'changed', secretsImported: ['access token'], secretsReplaced: ['access token'], secretsKept: [] },
        { kind: 'changed', moves: { from: `namespace “orders” on ${WEB_UI}, with a local key`, to: 'namespace “sandbox” on https://temporal.example.com, with a local key' }, secretsReplaced: ['key “k1”'], secretsKept: [] },
      ],
    });
    // Without the passphrase the file brings no secret: the saved ones are kept, and said so where the rule moves.
    expect(await p.transfer.preview(text, undefined)).toMatchObject({
      ok: true,
      rules: [{ kind: 'unchanged', secretsKept: ['access token'] }, { kind: 'changed', secretsImported: [], secretsKept: ['key “k1”'] }],
    });
  });

  it('a file refused for its secrets alone says so, so that the rest may be imported without them; one refused for itself does not', async () => {
    const from = await withTwoRules();
    // Sealed again for an endpoint no token may go to, as only the passphrase's holder can.
    const text = await editedAndResealed(await from.transfer.exportFile(PASSPHRASE), (file) => {
      file.rules[0]!.remote!.endpoint = 'http://codec.example.com';
    });
    expect(await profile().transfer.preview(text, PASSPHRASE)).toMatchObject({ ok: false, problems: [{ field: 'remote.endpoint' }], secretsOnly: true });
    expect(await profile().transfer.preview(text, undefined)).toMatchObject({ ok: true, secrets: 'locked' });
    const broken = await profile().transfer.preview(JSON.stringify({ ...JSON.parse(text), rules: 'none' }), PASSPHRASE);
    expect(broken.ok).toBe(false);
    expect(broken).not.toHaveProperty('secretsOnly');
  });

  it('a file whose settings were edited after it was exported with secrets is refused whole, and no secret goes anywhere', async () => {
    const from = await withTwoRules();
    const exported = JSON.parse(await from.transfer.exportFile(PASSPHRASE)) as FileJson;
    // A Cyrillic “а”: the same server to the eye, another one to the browser.
    exported.rules[0]!.remote!.endpoint = 'https://codec.ex\u0430mple.com';
    const text = JSON.stringify(exported);
    const to = profile();
    const before = to.snapshot();
    expect(await to.transfer.preview(text, PASSPHRASE)).toEqual({
      ok: false,
      problems: [{ where: 'Secrets', problem: expect.stringMatching(/^The file’s addresses, rules or preferences were changed after it was exported/) }],
      // The rest of the file was read: it may still be looked at, and imported, without them.
      secretsOnly: true,
    });
    await expect(importAsPreviewed(to.transfer, text, PASSPHRASE, false)).rejects.toThrow('Nothing was imported: the file has a problem.');
    expect(to.snapshot()).toBe(before);
    // Without the passphrase the secrets stay sealed, and the rest can be looked at; the secrets are then left out.
    expect(await to.transfer.preview(text, undefined)).toMatchObject({ ok: true, secrets: 'locked' });
  });

  it('an import the storage refuses part way (its quota full) leaves the saved secrets as it leaves the rules', async () => {
    const { p, text, before, preview } = await withEndpointMoved();
    // The first secret goes in (the token, now bound to the new endpoint); the next does not (the room it needed was not
    // there; putting the old token back in the room the new one took is).
    const writable = refusingWrite(p.session, 2);
    await expect(p.transfer.apply(text, PASSPHRASE, false, preview.ok ? preview.basis : '')).rejects.toThrow('quota');
    writable();
    expect((await p.settings.read()).settings.rules).toEqual(before);
    expect(await p.secrets.reveal(secretNames.token(before[0]!.id), CODEC)).toBe('tok-1');
    expect(await p.secrets.reveal(secretNames.token(before[0]!.id), 'https://new-codec.example.com')).toBeUndefined();
    expect(await p.secrets.reveal(secretNames.key(before[1]!.id, 'k1'), LOCAL_ONLY)).toBe(SAMPLE_KEY);
  });

  it('an import whose settings the storage refuses leaves the secrets as they were', async () => {
    const { p, text, before, preview } = await withEndpointMoved();
    const writable = refusingWrite(p.store);
    await expect(p.transfer.apply(text, PASSPHRASE, false, preview.ok ? preview.basis : '')).rejects.toThrow('quota');
    writable();
    expect((await p.settings.read()).settings.rules).toEqual(before);
    expect(await p.secrets.reveal(secretNames.token(before[0]!.id), CODEC)).toBe('tok-1');
  });

  it('an import whose preview the settings moved on from changes nothing, and says to look again', async () => {
    const p = await withTwoRules();
    const text = await p.transfer.exportFile(undefined);
    const preview = await p.transfer.preview(text, undefined);
    expect(preview).toMatchObject({ ok: true, rules: [{ kind: 'unchanged' }, { kind: 'unchanged' }] });
    // After the preview, the user points the rule at another codec server and saves a token for it.
    const [payments] = (await p.settings.read()).settings.rules;
    await p.rules.save(input({ id: payments!.id, namespace: 'payments', mode: 'remote', endpoint: 'https://new-codec.example.com', accessToken: 'tok-2' }));
    const before = p.snapshot();
    const result = await p.transfer.apply(text, undefined, false, preview.ok ? preview.basis : '');
    expect(result).toEqual({ stale: true, sentence: expect.stringMatching(/^Nothing was imported: the settings changed since the file was checked/) });
    expect(p.snapshot()).toBe(before);
    expect(await p.secrets.reveal(secretNames.token(payments!.id), 'https://new-codec.example.com')).toBe('tok-2');
    // Looked at again, the preview says what the import now changes, and the import does that.
    const again = await p.transfer.preview(text, undefined);
    expect(again).toMatchObject({ ok: true, rules: [{ kind: 'changed', fields: ['codec endpoint'], secretsDropped: ['access token'] }, { kind: 'unchanged' }] });
    expect((await p.transfer.apply(text, undefined, false, again.ok ? again.basis : '')).sentence).toBe('Imported: 0 rules added, 1 changed, 1 unchanged.');
  });

  it('a broken file is refused with its problems, and nothing changes', async () => {
    const p = await withTwoRules();
    const file = JSON.parse(await p.transfer.exportFile(undefined)) as { rules: Array<Record<string, unknown>> };
    file.rules[0]!['namespace'] = 'pay ments';
    file.rules[1]!['mode'] = 'telepathy';
    const text = JSON.stringify(file);
    const before = p.snapshot();
    const preview = await p.transfer.preview(text, undefined);
    expect(preview.ok || preview.problems.map((problem) => `${problem.where}: ${problem.field}`)).toEqual(['Rule 1 (namespace “pay ments”): namespace', 'Rule 2 (namespace “orders”): mode']);
    await expect(importAsPreviewed(p.transfer, text, undefined, false)).rejects.toThrow('Nothing was imported: the file has 2 problems.');
    expect(p.snapshot()).toBe(before);
  });
});
