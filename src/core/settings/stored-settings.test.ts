import { describe, expect, it } from 'vitest';
import { readSettings, settingsRecord } from './stored-settings';
import { defaultSettings, EVERY_ADDRESS, SETTINGS_VERSION } from './schema';
import { URL_PARSERS, withUrlParserOf } from '../test-support/browser-urls';

const NOW = new Date('2026-12-02T10:00:00Z');

const goodRule = {
  id: 'r1',
  addresses: ['http://localhost:8233'],
  namespace: 'payments',
  enabled: true,
  mode: 'local',
  encodeRequests: true,
  privateView: false,
  local: { keyIds: ['k1'], activeKeyId: 'k1' },
};

const v2 = (extra: Record<string, unknown> = {}) => ({ version: 2, origins: ['https://temporal.example.com'], rules: [goodRule], preferences: { statusChip: true }, setAside: [], ...extra });

describe('reading stored settings', () => {
  it('starts empty when nothing was stored', () => {
    expect(readSettings(undefined, NOW)).toEqual({ settings: defaultSettings(), intact: true, legacyHeaderValues: [] });
  });

  it('reads back what was written', () => {
    const first = readSettings(v2(), NOW);
    expect(first.intact).toBe(true);
    expect(readSettings(JSON.parse(JSON.stringify(settingsRecord(first.settings))), NOW).settings).toEqual(first.settings);
  });

  it('keeps the other rules working when one is damaged, and sets the damaged one aside verbatim', () => {
    const broken = { ...goodRule, id: 'r2', mode: 'telepathy' };
    const { settings, intact } = readSettings(v2({ rules: [goodRule, broken] }), NOW);
    expect(intact).toBe(true);
    expect(settings.rules.map((r) => r.id)).toEqual(['r1']);
    expect(settings.setAside).toEqual([{ raw: broken, problem: expect.stringMatching(/^A rule could not be read \(mode: /), since: NOW.toISOString() }]);
  });

  it.each(URL_PARSERS)('sets aside an address, a rule’s address or a rule with “*” in a host, keeping everything else, and carries it on every write, with %s’s URL parser', (parser) => withUrlParserOf(parser, () => {
    const wildOrigin = 'https://*';
    const onWildAddress = { ...goodRule, id: 'r2', addresses: ['https://*.corp.example.com', 'https://temporal.example.com'] };
    const toWildCodec = { ...goodRule, id: 'r3', mode: 'remote', local: undefined, remote: { endpoint: 'https://*.codec.example.com', includeCredentials: false, headerNames: [] } };
    const stored = v2({ origins: ['https://temporal.example.com', wildOrigin], rules: [goodRule, onWildAddress, toWildCodec] });
    const { settings, intact } = readSettings(stored, NOW);
    expect(intact).toBe(true);
    expect(settings.origins).toEqual(['https://temporal.example.com']);
    expect(settings.rules.map((r) => [r.id, r.addresses])).toEqual([
      ['r1', ['http://localhost:8233']],
      ['r2', ['https://temporal.example.com']],
    ]);
    expect(settings.preferences).toEqual({ statusChip: true });
    const since = NOW.toISOString();
    expect(settings.setAside).toEqual([
      { raw: wildOrigin, problem: 'A Web UI address could not be read: A Web UI address cannot contain “*”: add each address in full, such as temporal.example.com.', since },
      {
        raw: 'https://*.corp.example.com',
        problem: 'An address of the rule for “payments” could not be read (A Web UI address cannot contain “*”: add each address in full, such as temporal.example.com.); the rule still applies on its other addresses.',
        since,
      },
      { raw: toWildCodec, problem: 'A rule could not be read (remote.endpoint: The codec endpoint’s host cannot contain “*”: enter the one host it is at, such as codec.example.com.).', since },
    ]);
    const again = readSettings(JSON.parse(JSON.stringify(settingsRecord(settings))), new Date('2027-01-01T00:00:00Z')).settings;
    expect(again).toEqual(settings);
  }));

  it('sets a rule aside whole when none of its addresses can be read, or when something else in it is wrong too', () => {
    const everyAddressWild = { ...goodRule, id: 'r2', addresses: ['https://*.corp.example.com', 'http://*'] };
    const alsoBroken = { ...goodRule, id: 'r3', addresses: ['https://*.corp.example.com', 'https://temporal.example.com'], mode: 'telepathy' };
    const { settings } = readSettings(v2({ rules: [goodRule, everyAddressWild, alsoBroken] }), NOW);
    expect(settings.rules.map((r) => r.id)).toEqual(['r1']);
    expect(settings.setAside.map((entry) => [entry.raw, entry.problem])).toEqual([
      [everyAddressWild, expect.stringMatching(/^A rule could not be read \(addresses\.0: /)],
      [alsoBroken, expect.stringMatching(/^A rule could not be read \(addresses\.0: /)],
    ]);
  });

  it('never loses what was set aside: it is carried by every later write', () => {
    const broken = { id: 'r2' };
    const once = readSettings(v2({ rules: [goodRule, broken] }), NOW).settings;
    const again = readSettings(JSON.parse(JSON.stringify(settingsRecord(once))), new Date('2027-01-01T00:00:00Z')).settings;
    expect(again.setAside).toEqual(once.setAside);
    expect(again.rules.map((r) => r.id)).toEqual(['r1']);
  });

  it('keeps a record of an unknown version as it was, and still uses what it can read', () => {
    const future = { version: 7, origins: ['https://temporal.example.com'], rules: [goodRule, { id: 'r9', hologram: true }] };
    const { settings, intact } = readSettings(future, NOW);
    expect(intact).toBe(false);
    expect(settings.rules.map((r) => r.id)).toEqual(['r1']);
    expect(settings.origins).toEqual(['https://temporal.example.com']);
    expect(settings.setAside).toEqual([{ raw: future, problem: expect.stringContaining('version 7'), since: NOW.toISOString() }]);
  });

  it('keeps garbage as it was, and is not intact, so nothing is concluded from it', () => {
    for (const garbage of ['{"version":', 42, ['a']]) {
      const { settings, intact } = readSettings(garbage, NOW);
      expect(intact).toBe(false);
      expect(settings.rules).toEqual([]);
      expect(settings.setAside).toEqual([{ raw: garbage, problem: 'The stored settings are not a settings record at all.', since: NOW.toISOString() }]);
    }
  });

  it('sets aside addresses that are not a list and preferences that cannot be read, rather than write over them', () => {
    const { settings } = readSettings(v2({ origins: 'https://temporal.example.com', preferences: { statusChip: 'no' } }), NOW);
    expect(settings.origins).toEqual([]);
    expect(settings.preferences).toEqual(defaultSettings().preferences);
    expect(settings.setAside).toEqual([
      { raw: 'https://temporal.example.com', problem: 'The stored Web UI addresses are not a list.', since: NOW.toISOString() },
      { raw: { statusChip: 'no' }, problem: expect.stringMatching(/^The preferences could not be read \(statusChip: .*\); the defaults apply\.$/), since: NOW.toISOString() },
    ]);
    // Written and read again, they stay set aside, once.
    const again = readSettings(JSON.parse(JSON.stringify(settingsRecord(settings))), NOW).settings;
    expect(again.setAside).toEqual(settings.setAside);
  });

  it('keeps what was set aside earlier even when that has been damaged since', () => {
    const damaged = [{ raw: 'x', problem: 'ok', since: NOW.toISOString() }, { raw: 'y' }, 'z'];
    expect(readSettings(v2({ setAside: damaged }), NOW).settings.setAside.map((entry) => entry.raw)).toEqual(['x', { raw: 'y' }, 'z']);
    expect(readSettings(v2({ setAside: 'not a list' }), NOW).settings.setAside.map((entry) => entry.raw)).toEqual(['not a list']);
  });

  it('says so when a record does not name its version', () => {
    expect(readSettings({ origins: [] }, NOW).settings.setAside[0]!.problem).toBe('The stored settings do not say which version of Payload Lens wrote them; they are kept as they were.');
  });

  it('sets aside an address that is not an address, and a second rule with an id already used', () => {
    const { settings } = readSettings(v2({ origins: ['https://temporal.example.com', 'javascript:alert(1)', 'https://x.example/path'], rules: [goodRule, { ...goodRule, namespace: 'orders' }] }), NOW);
    expect(settings.origins).toEqual(['https://temporal.example.com']);
    expect(settings.setAside.map((entry) => entry.raw)).toEqual(['javascript:alert(1)', 'https://x.example/path', { ...goodRule, namespace: 'orders' }]);
  });
});

describe('settings of version 1', () => {
  const v1 = {
    version: 1,
    origins: ['https://temporal.example.com'],
    rules: [
      { id: 'a', namespace: 'default', enabled: true, mode: 'remote', encodeRequests: true, remote: { endpoint: 'https://codec.example.com', passAccessToken: true, includeCredentials: false, headers: { 'X-Proxy-Auth': 'proxy-secret' } } },
      { id: 'b', namespace: 'payments', enabled: false, mode: 'local', local: { keyIds: ['new', 'old'] } },
    ],
  };

  it('keep every rule working where it worked, on every enabled address, asking the user to narrow them', () => {
    const { settings, migratedFrom, intact } = readSettings(v1, NOW);
    expect(intact).toBe(true);
    expect(migratedFrom).toBe(1);
    expect(settings.version).toBe(SETTINGS_VERSION);
    expect(settings.origins).toEqual(['https://temporal.example.com']);
    expect(settings.rules).toEqual([
      { id: 'a', addresses: EVERY_ADDRESS, askToNarrow: true, namespace: 'default', enabled: true, mode: 'remote', encodeRequests: true, privateView: false, remote: { endpoint: 'https://codec.example.com', includeCredentials: false, headerNames: ['X-Proxy-Auth'], permissionsClaim: 'permissions' } },
      { id: 'b', addresses: EVERY_ADDRESS, askToNarrow: true, namespace: 'payments', enabled: false, mode: 'local', encodeRequests: true, privateView: false, local: { keyIds: ['new', 'old'], activeKeyId: 'new' } },
    ]);
  });

  it('hand over header values kept among the settings, to become secrets bound to their codec server', () => {
    expect(readSettings(v1, NOW).legacyHeaderValues).toEqual([{ ruleId: 'a', name: 'X-Proxy-Auth', value: 'proxy-secret', endpoint: 'https://codec.example.com' }]);
    expect(JSON.stringify(settingsRecord(readSettings(v1, NOW).settings))).not.toContain('proxy-secret');
  });

  it('set aside a version 1 rule whose id only the administrator’s rules have, so it is not shown as theirs', () => {
    const planted = { ...v1.rules[0]!, id: 'managed:fixture', namespace: 'orders' };
    const { settings } = readSettings({ ...v1, rules: [...v1.rules, planted] }, NOW);
    expect(settings.rules.map((r) => r.id)).toEqual(['a', 'b']);
    expect(settings.setAside).toMatchObject([{ problem: expect.stringMatching(/“managed:fixture”, which only your administrator’s rules have/) }]);
  });

  it('set aside a version 1 rule that was damaged, and keep the rest', () => {
    const { settings } = readSettings({ ...v1, rules: [...v1.rules, { id: 'c', namespace: 7 }] }, NOW);
    expect(settings.rules.map((r) => r.id)).toEqual(['a', 'b']);
    expect(settings.setAside).toHaveLength(1);
  });
});
