import { describe, expect, it } from 'vitest';
import { applyImport, planImport, type SecretRef } from './import-plan';
import { describeAddresses } from './rule-choice';
import { defaultSettings, type Rule, type Settings } from './schema';
import { problemCount, readSecrets, readSettingsFile, sealedSecretsText, settingsDigest, settingsFile, settingsSealedWith, type SecretsByRule } from './settings-file';

const WEB_UI = 'http://localhost:8233';
const remoteRule: Rule = {
  id: 'r1',
  addresses: [WEB_UI],
  namespace: 'payments',
  enabled: true,
  mode: 'remote',
  encodeRequests: true,
  privateView: false,
  remote: { endpoint: 'https://codec.example.com', includeCredentials: false, headerNames: ['X-Tenant'], permissionsClaim: 'permissions' },
};
const localRule: Rule = { id: 'r2', addresses: [WEB_UI], namespace: 'orders-*', enabled: true, mode: 'local', encodeRequests: true, privateView: false, local: { keyIds: ['k2', 'k1'], activeKeyId: 'k2' } };
const settings = (rules: Rule[], extra: Partial<Settings> = {}): Settings => ({ ...defaultSettings(), rules, ...extra });
const fileText = (s: Settings) => JSON.stringify(settingsFile(s, new Date('2026-12-02T12:00:00Z')));

describe('a settings file', () => {
  it('reads back exactly what was exported', () => {
    const exported = settings([remoteRule, localRule], { origins: ['https://temporal.example.com'], preferences: { statusChip: false } });
    const reading = readSettingsFile(fileText(exported));
    expect(reading).toEqual({ ok: true, file: { origins: exported.origins, rules: exported.rules, preferences: { statusChip: false } } });
  });

  it('is refused with every problem, by rule and field', () => {
    const file = JSON.parse(fileText(settings([remoteRule, localRule]))) as { rules: unknown[]; origins: unknown[] };
    file.rules = [
      { ...remoteRule, remote: { ...remoteRule.remote, endpoint: 'ftp://codec.example.com' } },
      { ...localRule, mode: 'telepathy', enabled: 'yes' },
      { ...localRule, id: 'r3', local: { keyIds: ['k1'], activeKeyId: 'k9' } },
      { ...localRule, id: 'managed:r4', namespace: 'audit' },
      { ...remoteRule, id: 'r5', namespace: 'billing', remote: { ...remoteRule.remote, headerNames: ['X-Tenant', 'Authorization', 'x-tenant'] } },
    ];
    file.origins = ['https://ok.example.com', 'https://bad.example.com/path'];
    const reading = readSettingsFile(JSON.stringify(file));
    expect(reading.ok).toBe(false);
    expect(!reading.ok && reading.problems).toEqual([
      { where: 'Web UI address 2', problem: 'An address is written as scheme://host[:port], without a path.' },
      { where: 'Rule 1 (namespace “payments”)', field: 'remote.endpoint', problem: 'The codec endpoint must start with https://.' },
      { where: 'Rule 2 (namespaces matching “orders-*”)', field: 'enabled', problem: expect.stringContaining('boolean') },
      { where: 'Rule 2 (namespaces matching “orders-*”)', field: 'mode', problem: expect.stringContaining('"remote"') },
      { where: 'Rule 3 (namespaces matching “orders-*”)', field: 'local.activeKeyId', problem: 'The active key must be one of the rule’s key ids.' },
      { where: 'Rule 4 (namespace “audit”)', field: 'id', problem: 'A rule’s id cannot contain “:”.' },
      { where: 'Rule 5 (namespace “billing”)', field: 'remote.headerNames.2', problem: 'The header x-tenant is listed twice.' },
    ]);
  });

  it('is refused when an address or a codec endpoint has “*” in its host, saying where', () => {
    const file = JSON.parse(fileText(settings([remoteRule, localRule]))) as { rules: Rule[]; origins: unknown[] };
    file.origins = ['https://ok.example.com', 'https://*'];
    file.rules = [{ ...remoteRule, remote: { ...remoteRule.remote!, endpoint: 'https://*.codec.example.com' } }, { ...localRule, addresses: ['http://*'] }];
    const reading = readSettingsFile(JSON.stringify(file));
    expect(!reading.ok && reading.problems).toEqual([
      { where: 'Web UI address 2', problem: 'A Web UI address cannot contain “*”: add each address in full, such as temporal.example.com.' },
      { where: 'Rule 1 (namespace “payments”)', field: 'remote.endpoint', problem: 'The codec endpoint’s host cannot contain “*”: enter the one host it is at, such as codec.example.com.' },
      { where: 'Rule 2 (namespaces matching “orders-*”)', field: 'addresses.0', problem: 'A Web UI address cannot contain “*”: add each address in full, such as temporal.example.com.' },
    ]);
  });

  it('that is not one is said so in one sentence', () => {
    expect(readSettingsFile('{"rules": [')).toMatchObject({ ok: false, problems: [{ where: 'The file', problem: expect.stringMatching(/^It is not JSON/) }] });
    expect(readSettingsFile('{"format": "something-else"}')).toMatchObject({ ok: false, problems: [{ where: 'The file', field: 'format' }] });
    expect(readSettingsFile('[]')).toMatchObject({ ok: false, problems: [{ problem: 'It is not a Payload Lens settings file.' }] });
  });

  it('of an unknown version says so, however deep the version nests', () => {
    const format = JSON.parse(fileText(settings([])))['format'] as string;
    const deep = `{"format": ${JSON.stringify(format)}, "version": ${'['.repeat(500_000)}${']'.repeat(500_000)}}`;
    expect(readSettingsFile(deep)).toMatchObject({ ok: false, problems: [{ field: 'version', problem: 'Only version 1 of the settings file is known; this one says a list.' }] });
  });

  it('with 500 wrong addresses lists the first 100 problems, and says how many more', () => {
    const file = JSON.parse(fileText(settings([localRule]))) as { origins: unknown[] };
    file.origins = new Array<string>(500).fill('not an address');
    const reading = readSettingsFile(JSON.stringify(file));
    expect(reading.ok).toBe(false);
    if (reading.ok) return;
    expect(reading.problems).toHaveLength(101);
    expect(reading.problems[0]).toMatchObject({ where: 'Web UI address 1' });
    expect(reading.problems[100]).toEqual({ where: 'The file', problem: expect.stringMatching(/^And 400 more problems, not listed\.$/) });
    expect(problemCount(reading.problems)).toBe('more than 100 problems');
    expect(problemCount(reading.problems.slice(0, 3))).toBe('3 problems');
    expect(problemCount(reading.problems.slice(0, 1))).toBe('a problem');
  });

  it('with a list of 500,000 wrong key ids says it is too long, without a problem for each', () => {
    const file = JSON.parse(fileText(settings([localRule]))) as { rules: Array<{ local: { keyIds: unknown[] } }> };
    file.rules[0]!.local.keyIds = new Array<number>(500_000).fill(0);
    const reading = readSettingsFile(JSON.stringify(file));
    expect(!reading.ok && reading.problems).toEqual([
      { where: 'Rule 1 (namespaces matching “orders-*”)', field: 'local.keyIds', problem: 'A rule holds at most 50 keys.' },
    ]);
  });

  it('with a rule on 101 addresses says it is too many, in a sentence', () => {
    const file = JSON.parse(fileText(settings([localRule]))) as { rules: Array<{ addresses: unknown }> };
    file.rules[0]!.addresses = Array.from({ length: 101 }, (_, i) => `https://ui-${i}.example.com`);
    const reading = readSettingsFile(JSON.stringify(file));
    expect(!reading.ok && reading.problems).toEqual([{ where: 'Rule 1 (namespaces matching “orders-*”)', field: 'addresses', problem: 'A rule applies on at most 100 addresses.' }]);
  });

  it('refuses two of its own rules that neither could win against', () => {
    const reading = readSettingsFile(fileText(settings([remoteRule, { ...remoteRule, id: 'r9' }])));
    expect(!reading.ok && reading.problems).toEqual([{ where: 'Rule 2 (namespace “payments”)', problem: expect.stringMatching(/^Another rule .* is just as specific/) }]);
  });
});

describe('the secrets of a file', () => {
  const DIGEST = 'digest-of-the-settings';
  const sealed = (byRule: SecretsByRule) => sealedSecretsText(byRule, DIGEST);

  it('hold tokens as a save keeps them: without the "Bearer " of a token pasted so before saves took it off', () => {
    const reading = readSecrets(sealed({ r1: { token: 'Bearer eyJ.abc.def', idToken: ' bearer id.tok.en ' } }), [remoteRule], DIGEST);
    expect(reading.ok && reading.secrets['r1']).toEqual({ token: 'eyJ.abc.def', idToken: 'id.tok.en' });
  });

  it('must each belong to a rule of the file, under a name it has, and keys must be keys', () => {
    const rules = [remoteRule, localRule];
    expect(readSecrets(sealed({ r1: { token: 't', headers: { 'x-tenant': 'a' } }, r2: { keys: { k1: 'test-key-test-key-test-key-test!' } } }), rules, DIGEST).ok).toBe(true);
    const bad = readSecrets(sealed({ r1: { headers: { 'X-Other': 'a' } }, r2: { keys: { k1: 'short', k7: 'test-key-test-key-test-key-test!' } }, r8: { token: 't' } }), rules, DIGEST);
    expect(!bad.ok && bad.problems.map((p) => `${p.where} ${p.field ?? ''}`)).toEqual([
      'Rule 1 (namespace “payments”) secrets.headers.X-Other',
      'Rule 2 (namespaces matching “orders-*”) secrets.keys.k1',
      'Rule 2 (namespaces matching “orders-*”) secrets.keys.k7',
      'Secrets ',
    ]);
  });
});

describe('an import', () => {
  const read = (s: Settings) => {
    const reading = readSettingsFile(fileText(s));
    if (!reading.ok) throw new Error('unreadable');
    return reading.file;
  };

  it('says what changes, rule by rule, and that a changed endpoint loses the secrets saved for the old one', () => {
    const current = settings([remoteRule, localRule]);
    const moved = { ...remoteRule, remote: { ...remoteRule.remote!, endpoint: 'https://codec.example.net' } };
    const added = { ...localRule, id: 'r5', namespace: 'billing' };
    const plan = planImport(current, read(settings([moved, localRule, added], { origins: ['https://temporal.example.com'] })), { r5: { keys: { k1: 'x' } } }, () => false);
    expect(plan).toEqual({
      rules: [
        { ruleId: 'r1', label: 'Rule 1 (namespace “payments”)', kind: 'changed', fields: ['codec endpoint'], secretsDropped: ['access token', 'ID token', 'value of header X-Tenant'], droppedForNewEndpoint: true, secretsImported: [], secretsReplaced: [], secretsKept: [], moves: {
          from: `namespace “payments” on ${WEB_UI}, through the codec server https://codec.example.com`,
          to: `namespace “payments” on ${WEB_UI}, through the codec server https://codec.example.net`,
        } },
        { ruleId: 'r2', label: 'Rule 2 (namespaces matching “orders-*”)', kind: 'unchanged', fields: [], secretsDropped: [], secretsImported: [], secretsReplaced: [], secretsKept: ['key “k2”', 'key “k1”'] },
        { ruleId: 'r5', label: 'Rule 3 (namespace “billing”)', kind: 'added', fields: [], secretsDropped: [], secretsImported: ['key “k1”'], secretsReplaced: [], secretsKept: [], adds: `namespace “billing” on ${WEB_UI}, with a local key` },
      ],
      addedOrigins: ['https://temporal.example.com'],
      everyAddressRules: [],
      preferencesChanged: false,
      problems: [],
    });
  });

  it('names a codec server as the browser reads it when that differs, its cookies, and one a local-key rule keeps', () => {
    // A Cyrillic “а” in the host: the same to the eye, another server to the browser.
    const lookalike: Rule = { ...remoteRule, id: 'r7', namespace: 'billing', remote: { ...remoteRule.remote!, endpoint: 'https://codec.ex\u0430mple.com', includeCredentials: true } };
    const keeping: Rule = { ...localRule, id: 'r8', namespace: 'audit', remote: { ...remoteRule.remote!, endpoint: 'https://codec.example.com/{namespace}' } };
    const plan = planImport(settings([]), read(settings([lookalike, keeping])), undefined, () => false);
    expect(plan.rules.map((change) => change.adds)).toEqual([
      `namespace “billing” on ${WEB_UI}, through the codec server https://codec.ex\u0430mple.com (https://codec.xn--exmple-4nf.com), with this browser’s cookies for it`,
      `namespace “audit” on ${WEB_UI}, with a local key (keeping the codec server https://codec.example.com/{namespace} for when it decodes with one)`,
    ]);
  });

  it('says which rules on every enabled address will decode on the addresses the file adds, though the file does not change them', () => {
    const everywhere: Rule = { ...localRule, id: 'r3', namespace: 'audit', addresses: 'every' };
    const off: Rule = { ...everywhere, id: 'r4', namespace: 'old', enabled: false };
    const current = settings([remoteRule, everywhere, off]);
    const brought: Rule = { ...remoteRule, id: 'r6', namespace: 'billing', addresses: 'every' };
    const plan = planImport(current, read(settings([remoteRule, brought], { origins: ['https://temporal.example.com'] })), undefined, () => false);
    expect(plan.everyAddressRules).toEqual(['namespace “audit”, with a local key', 'namespace “billing”, through the codec server https://codec.example.com']);
    // No address added: nothing more is reached.
    expect(planImport(current, read(settings([remoteRule, brought])), undefined, () => false).everyAddressRules).toEqual([]);
  });

  it('says where a rule the file changes will decode with the secrets it keeps, and which saved secrets the file replaces', () => {
    const current = settings([remoteRule, localRule]);
    const elsewhere = { ...localRule, namespace: 'sandbox', addresses: ['https://temporal.example.com'] };
    const saved = new Set(['r1:token', 'r2:key:k1', 'r2:key:k2']);
    const isSaved = (ruleId: string, ref: SecretRef) => saved.has(`${ruleId}:${ref.kind}${ref.name ? `:${ref.name}` : ''}`);
    const plan = planImport(current, read(settings([remoteRule, elsewhere], { origins: ['https://temporal.example.com'] })), { r2: { keys: { k1: 'from the file' } } }, () => false, isSaved);
    // Nothing of the first rule changes: nothing is said of where it decodes.
    expect(plan.rules[0]).toMatchObject({ kind: 'unchanged', secretsKept: ['access token'] });
    expect(plan.rules[0]!.moves).toBeUndefined();
    expect(plan.rules[1]).toMatchObject({
      kind: 'changed',
      fields: ['namespace', 'addresses'],
      moves: { from: `namespaces matching “orders-*” on ${describeAddresses(localRule.addresses)}, with a local key`, to: 'namespace “sandbox” on https://temporal.example.com, with a local key' },
      secretsImported: ['key “k1”'],
      secretsReplaced: ['key “k1”'],
      secretsKept: ['key “k2”'],
    });
  });

  it('does not say a token is brought for a rule that has no codec server to send it to', () => {
    const plan = planImport(settings([localRule]), read(settings([localRule])), { r2: { token: 'never saved' } }, () => false);
    expect(plan.rules[0]).toMatchObject({ kind: 'unchanged', secretsImported: [] });
  });

  it('leaves managed rules as the policy set them, and keeps saved rules the file does not have', () => {
    const current = settings([remoteRule, localRule]);
    const file = read(settings([{ ...remoteRule, enabled: false }]));
    const plan = planImport(current, file, undefined, (id) => id === 'r1');
    expect(plan.rules[0]).toMatchObject({ kind: 'managed' });
    expect(applyImport(current, file, plan, []).rules).toEqual([remoteRule, localRule]);
  });

  it('is refused when a rule of the file ties with a saved rule of another id', () => {
    const plan = planImport(settings([remoteRule]), read(settings([{ ...remoteRule, id: 'other' }])), undefined, () => false);
    expect(plan.problems).toEqual([{ where: 'Rule 1 (namespace “payments”)', problem: expect.stringMatching(/just as specific/) }]);
  });
});

describe('what the secrets of a file are sealed with', () => {
  const exported = settings([remoteRule, localRule], { origins: ['https://temporal.example.com'] });

  const sealedWithOf = (text: string) => {
    const reading = readSettingsFile(text);
    if (!reading.ok) throw new Error(JSON.stringify(reading.problems));
    return reading.file.sealedWith;
  };
  const sealed = (file: Settings) => JSON.stringify(settingsFile(file, new Date('2026-12-02T12:00:00Z'), { format: 'payload-lens/passphrase-envelope' } as never));

  it('is what the file holds beside its secrets, as exported, whatever order its keys are written in', () => {
    const reordered = JSON.parse(sealed(exported)) as { rules: Array<Record<string, unknown>> };
    reordered.rules = reordered.rules.map((rule) => Object.fromEntries(Object.entries(rule).reverse()));
    expect(sealedWithOf(sealed(exported))).toBe(settingsSealedWith(exported));
    expect(sealedWithOf(JSON.stringify(reordered))).toBe(settingsSealedWith(exported));
    // A file without secrets is tied to nothing.
    expect(sealedWithOf(fileText(exported))).toBeUndefined();
  });

  it('is as written, not as this version reads it: a field a later version adds, or one an earlier lacked, changes nothing', () => {
    // Exported by a version before private view: its rules have no privateView, which this version reads as false.
    const older = JSON.parse(sealed(exported)) as { rules: Array<Record<string, unknown>> };
    for (const rule of older.rules) delete rule['privateView'];
    expect(sealedWithOf(JSON.stringify(older))).toBe(settingsSealedWith(older as never));
    // Exported by a later version, with a field this one does not know.
    const later = JSON.parse(sealed(exported)) as { rules: Array<Record<string, unknown>> };
    later.rules[0]!['colour'] = 'teal';
    expect(sealedWithOf(JSON.stringify(later))).toBe(settingsSealedWith(later as never));
    expect(sealedWithOf(JSON.stringify(later))).not.toBe(settingsSealedWith(exported));
  });

  it('changes with an endpoint, an address or a preference', async () => {
    const digest = await settingsDigest(settingsSealedWith(exported));
    // A Cyrillic “а” in the host: the same to the eye, another server to the browser.
    const lookalike = { ...remoteRule, remote: { ...remoteRule.remote!, endpoint: 'https://codec.ex\u0430mple.com' } };
    const edited = [
      { ...exported, rules: [lookalike, localRule] },
      { ...exported, rules: [{ ...remoteRule, addresses: [WEB_UI, 'https://evil.example'] }, localRule] },
      { ...exported, origins: [...exported.origins, 'https://evil.example'] },
      { ...exported, preferences: { statusChip: false } },
    ];
    for (const file of edited) expect(await settingsDigest(settingsSealedWith(file))).not.toBe(digest);
  });

  it('of a file nested deeper than any settings file refuses the file, saying so', () => {
    const deep = JSON.parse(sealed(exported)) as { rules: Array<Record<string, unknown>> };
    deep.rules[0]!['extra'] = JSON.parse(`${'['.repeat(200)}${']'.repeat(200)}`);
    expect(readSettingsFile(JSON.stringify(deep))).toEqual({ ok: false, problems: [{ where: 'The file', problem: 'It nests its values deeper than a settings file does.' }] });
  });

  it('must be the file’s settings, or no secret of it is read', () => {
    const byRule = { r1: { token: 't' } };
    const reading = readSecrets(sealedSecretsText(byRule, 'sealed-with-these'), [remoteRule], 'the-file-holds-these');
    expect(reading).toEqual({ ok: false, problems: [{ where: 'Secrets', problem: expect.stringMatching(/^The file’s addresses, rules or preferences were changed after it was exported/) }] });
  });

  it('is missing from secrets sealed by an earlier build, which are refused, saying what to do', () => {
    const reading = readSecrets(JSON.stringify({ r1: { token: 't' } }), [remoteRule], 'any');
    expect(reading).toEqual({ ok: false, problems: [{ where: 'Secrets', problem: expect.stringMatching(/earlier build .*: export them again, or remove the file’s “secrets” to import the rest\.$/) }] });
  });
});
