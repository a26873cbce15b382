import { describe, expect, it, vi } from 'vitest';
import source from '../../manifest.json' with { type: 'json' };
import { manifestFor } from '../../scripts/browser-manifest';
import { BUILTIN_UI_ORIGINS } from '../core/origins';
import { readPolicy, withPolicy } from '../core/settings/managed-policy';
import { defaultSettings, type Rule } from '../core/settings/schema';
import { broadHostAccessPlan, giveBackBroadHostAccess, originsSettingsNeed, patternCovers, patternsNamingManyHosts, patternsToGiveBack, type HostPermissions, type SettingsForPlan } from './broad-host-access';
import { URL_PARSERS, withUrlParserOf } from '../core/test-support/browser-urls';

/** What version 0.1.0 could have been granted for an address with `*` in its host, in either browser's spelling. */
const BROAD = ['https://*/*', 'http://*/*', 'https://*.corp.example.com/*', 'https://%2A.corp.example.com/*', 'http://%2a:8080/*', 'https://temporal*.example.com/*', '*://*/*', '<all_urls>'];
/** Addresses the user added, and codec servers, as each browser writes their patterns (Firefox without the port). */
const ONE_HOST = ['https://temporal.example.com/*', 'http://127.0.0.2:8234/*', 'http://127.0.0.2/*', 'https://codec.example.com/*', 'http://[::1]:8081/*', 'https://temporal.example.com/namespaces/*'];

describe('which granted host permissions name many hosts', () => {
  it('gives back `*` in any part of a host, as written or as Chromium escapes it, and every host', () => {
    expect(patternsNamingManyHosts(BROAD)).toEqual(BROAD);
  });

  it('keeps every pattern that names one host', () => {
    expect(patternsNamingManyHosts(ONE_HOST)).toEqual([]);
    expect(patternsNamingManyHosts([...ONE_HOST, 'https://*/*'])).toEqual(['https://*/*']);
  });

  it.each(URL_PARSERS)('reads them with %s’s URL parser', (browser) => {
    expect(withUrlParserOf(browser, () => patternsNamingManyHosts([...BROAD, ...ONE_HOST]))).toEqual(BROAD);
  });

  it('never touches the required host permissions of either browser’s manifest', () => {
    for (const browser of ['chrome', 'firefox'] as const) {
      const required = manifestFor(source, browser).host_permissions ?? [];
      expect(required.length).toBeGreaterThan(0);
      expect(patternsNamingManyHosts(required)).toEqual([]);
    }
  });
});

describe('whether a match pattern covers an origin', () => {
  it('reads `*` as a scheme as http and https, and nothing else', () => {
    expect(patternCovers('*://*/*', 'https://temporal.example.com')).toBe(true);
    expect(patternCovers('*://*/*', 'http://127.0.0.2:8234')).toBe(true);
    expect(patternCovers('*://*/*', 'ftp://files.example.com')).toBe(false);
    expect(patternCovers('https://*/*', 'http://temporal.example.com')).toBe(false);
    expect(patternCovers('http://*/*', 'https://temporal.example.com')).toBe(false);
  });

  it('reads `*` as a host as any host, names and addresses', () => {
    for (const origin of ['https://temporal.example.com', 'https://cloud.temporal.io', 'https://127.0.0.2:8443', 'https://[::1]:8081']) {
      expect(patternCovers('https://*/*', origin), origin).toBe(true);
    }
  });

  it('reads `*.x` as x and every host under it, and only those', () => {
    const pattern = 'https://*.corp.example.com/*';
    expect(patternCovers(pattern, 'https://corp.example.com')).toBe(true);
    expect(patternCovers(pattern, 'https://temporal.corp.example.com')).toBe(true);
    expect(patternCovers(pattern, 'https://a.b.corp.example.com:8443')).toBe(true);
    expect(patternCovers(pattern, 'https://othercorp.example.com')).toBe(false);
    expect(patternCovers(pattern, 'https://example.com')).toBe(false);
    expect(patternCovers(pattern, 'https://corp.example.com.evil.test')).toBe(false);
  });

  it('reads `%2A` and any other host as only itself, which no real host is', () => {
    expect(patternCovers('https://%2A.corp.example.com/*', 'https://temporal.corp.example.com')).toBe(false);
    expect(patternCovers('http://%2a:8080/*', 'http://localhost:8080')).toBe(false);
    expect(patternCovers('https://temporal*.example.com/*', 'https://temporal1.example.com')).toBe(false);
    expect(patternCovers('https://temporal.example.com/*', 'https://temporal.example.com')).toBe(true);
  });

  it('holds a port in the pattern to the origin’s, and one without a port to none', () => {
    expect(patternCovers('http://*:8080/*', 'http://temporal.example.com:8080')).toBe(true);
    expect(patternCovers('http://*:8080/*', 'http://temporal.example.com:8081')).toBe(false);
    expect(patternCovers('http://*:80/*', 'http://temporal.example.com')).toBe(true);
    expect(patternCovers('https://*.example.com:443/*', 'https://temporal.example.com')).toBe(true);
    expect(patternCovers('http://[::1]:8081/*', 'http://[::1]:8081')).toBe(true);
    expect(patternCovers('http://[::1]/*', 'http://[::1]:8082')).toBe(true);
    expect(patternCovers('http://*.example.com/*', 'http://temporal.example.com:8233')).toBe(true);
  });

  it('reads `<all_urls>` as every origin, and no other text as any', () => {
    expect(patternCovers('<all_urls>', 'https://temporal.example.com')).toBe(true);
    expect(patternCovers('<all_urls>', 'http://127.0.0.2:8234')).toBe(true);
    expect(patternCovers('https://*', 'https://temporal.example.com')).toBe(false);
    expect(patternCovers('https://*/*', 'not an origin')).toBe(false);
  });
});

const CORP_UI = 'https://temporal.corp.example.com';

/** A rule on the corporate Web UI, through the codec server at `endpoint` or with a local key. */
const rule = (id: string, endpoint?: string): Rule => ({
  id,
  addresses: [CORP_UI],
  namespace: 'default',
  enabled: true,
  mode: endpoint ? 'remote' : 'local',
  encodeRequests: false,
  privateView: false,
  ...(endpoint ? { remote: { endpoint, includeCredentials: false, headerNames: [], permissionsClaim: 'permissions' } } : { local: { keyIds: ['k'], activeKeyId: 'k' } }),
});

/** Settings read whole (or not, `intact` false) that add the Web UI `origins` and have no rule. */
const needing = (origins: string[], intact = true): SettingsForPlan => ({ settings: { origins, rules: [] }, intact });

describe('which broad patterns to give back, given the origins the settings need', () => {
  it('keeps a wildcard that covers a needed address and gives back the rest', () => {
    const granted = [...source.host_permissions, `${CORP_UI}/*`, 'https://*.corp.example.com/*', 'http://*/*', 'https://%2A.corp.example.com/*'];
    expect(patternsToGiveBack(granted, [CORP_UI])).toEqual({
      giveBack: ['http://*/*', 'https://%2A.corp.example.com/*'],
      kept: [{ pattern: 'https://*.corp.example.com/*', covers: [CORP_UI] }],
    });
    expect(patternsToGiveBack(['https://*/*', '<all_urls>'], [CORP_UI, 'https://codec.example.com'])).toEqual({
      giveBack: [],
      kept: [
        { pattern: 'https://*/*', covers: [CORP_UI, 'https://codec.example.com'] },
        { pattern: '<all_urls>', covers: [CORP_UI, 'https://codec.example.com'] },
      ],
    });
  });

  it('gives back a wildcard that covers only the built-in addresses', () => {
    const needed = originsSettingsNeed({ origins: [], rules: [] });
    expect(needed).toEqual([]);
    expect(BUILTIN_UI_ORIGINS.some((origin) => patternCovers('https://*/*', origin))).toBe(true);
    expect(patternsToGiveBack(['https://*/*', 'http://*/*'], needed).giveBack).toEqual(['https://*/*', 'http://*/*']);
  });

  it('gives back `%2A`, which covers no address', () => {
    expect(patternsToGiveBack(['https://%2A.corp.example.com/*', 'http://%2a:8080/*'], [CORP_UI, 'http://localhost:8080']).giveBack).toEqual([
      'https://%2A.corp.example.com/*',
      'http://%2a:8080/*',
    ]);
  });
});

describe('what becomes of the grants for many sites, as the sweep acts on it and the settings page shows it', () => {
  it('keeps a wildcard over an added address or a codec server, with what it covers, and gives back the rest', () => {
    const settings = { origins: [CORP_UI], rules: [rule('codec', 'https://codec.example.com/{namespace}')] };
    expect(broadHostAccessPlan([...source.host_permissions, `${CORP_UI}/*`, 'https://*/*', 'https://*.corp.example.com/*', 'http://*/*'], { settings, intact: true })).toEqual({
      giveBack: ['http://*/*'],
      kept: [
        { pattern: 'https://*/*', covers: [CORP_UI, 'https://codec.example.com'] },
        { pattern: 'https://*.corp.example.com/*', covers: [CORP_UI] },
      ],
    });
  });

  it('keeps none when no granted pattern names many hosts, or none covers what the settings need', () => {
    expect(broadHostAccessPlan([...source.host_permissions, ...ONE_HOST], needing([CORP_UI]))).toEqual({ giveBack: [], kept: [] });
    expect(broadHostAccessPlan(['http://*/*'], needing([CORP_UI])).kept).toEqual([]);
  });

  it('keeps every one, giving nothing back, while the settings are not understood as a whole', () => {
    expect(broadHostAccessPlan(['https://*.corp.example.com/*', 'http://*/*', 'https://%2A.corp.example.com/*'], needing([CORP_UI], false))).toEqual({
      giveBack: [],
      kept: [
        { pattern: 'https://*.corp.example.com/*', covers: [CORP_UI] },
        { pattern: 'http://*/*', covers: [] },
        { pattern: 'https://%2A.corp.example.com/*', covers: [] },
      ],
    });
  });
});

describe('the origins the settings need', () => {
  it('are the added addresses, the administrator’s, and the codec servers of user and managed rules, without the built-in ones', () => {
    const user = {
      ...defaultSettings(),
      origins: [CORP_UI, 'http://127.0.0.2:8234'],
      rules: [rule('local'), rule('codec', 'https://codec.corp.example.com/{namespace}'), rule('builtin-codec', 'http://localhost:8080/codec'), rule('broken', 'not a url')],
    };
    const policy = readPolicy({ origins: ['https://admin.example.com', 'https://cloud.temporal.io'], rules: [{ id: 'p', addresses: [CORP_UI], namespace: 'payments', endpoint: 'https://codec.admin.example.com:8443' }] });
    expect(policy.problems).toEqual([]);
    expect(originsSettingsNeed(withPolicy(user, policy)).sort()).toEqual(
      [CORP_UI, 'http://127.0.0.2:8234', 'https://admin.example.com', 'https://codec.corp.example.com', 'https://codec.admin.example.com:8443'].sort(),
    );
  });
});

/** The browser's permissions, granted `origins`; `refused` patterns cannot be removed (the browser throws). */
function fakePermissions(origins: string[], refused: string[] = []) {
  const granted = new Set(origins);
  const removals: string[][] = [];
  const permissions: HostPermissions = {
    getAll: async () => ({ origins: [...granted] }),
    remove: async ({ origins: removed }) => {
      removals.push(removed);
      if (removed.some((pattern) => refused.includes(pattern))) throw new Error('You cannot remove required permissions.');
      const had = removed.every((pattern) => granted.has(pattern));
      for (const pattern of removed) granted.delete(pattern);
      return had;
    },
  };
  return { permissions, granted, removals };
}

describe('giving back host access for many sites', () => {
  it('removes each broad grant and nothing else', async () => {
    const required = source.host_permissions;
    const browser = fakePermissions([...required, ...ONE_HOST, 'https://*/*', 'https://%2A.corp.example.com/*']);
    expect(await giveBackBroadHostAccess(browser.permissions, needing([]))).toEqual(['https://*/*', 'https://%2A.corp.example.com/*']);
    expect([...browser.granted]).toEqual([...required, ...ONE_HOST]);
    expect(browser.removals).toEqual([['https://*/*'], ['https://%2A.corp.example.com/*']]);
  });

  it('does nothing when no broad access is granted', async () => {
    const browser = fakePermissions([...source.host_permissions, ...ONE_HOST]);
    expect(await giveBackBroadHostAccess(browser.permissions, needing([]))).toEqual([]);
    expect(browser.removals).toEqual([]);
    expect(await giveBackBroadHostAccess({ getAll: async () => ({}), remove: browser.permissions.remove }, needing([]))).toEqual([]);
  });

  it('goes on past a pattern the browser refuses to take back, and says which', async () => {
    const log = vi.fn();
    const browser = fakePermissions(['http://*/*', 'https://*/*'], ['http://*/*']);
    expect(await giveBackBroadHostAccess(browser.permissions, needing([]), log)).toEqual(['https://*/*']);
    expect([...browser.granted]).toEqual(['http://*/*']);
    expect(log).toHaveBeenCalledOnce();
    expect(log.mock.calls[0]?.[0]).toContain('http://*/*');
  });

  it('keeps a wildcard over an address the settings need, which Chrome would take back with it, and says so once', async () => {
    const note = vi.fn();
    const browser = fakePermissions([...source.host_permissions, `${CORP_UI}/*`, 'https://*.corp.example.com/*', 'http://*/*']);
    expect(await giveBackBroadHostAccess(browser.permissions, needing([CORP_UI]), undefined, note)).toEqual(['http://*/*']);
    expect([...browser.granted]).toEqual([...source.host_permissions, `${CORP_UI}/*`, 'https://*.corp.example.com/*']);
    expect(browser.removals).toEqual([['http://*/*']]);
    expect(note).toHaveBeenCalledOnce();
    expect(note.mock.calls[0]?.[0]).toContain('https://*.corp.example.com/*');
    expect(note.mock.calls[0]?.[0]).toContain(CORP_UI);
  });

  it('gives nothing back while the settings are not understood as a whole, and says why each is kept', async () => {
    const note = vi.fn();
    const browser = fakePermissions(['https://*/*', 'http://*/*']);
    expect(await giveBackBroadHostAccess(browser.permissions, needing([], false), undefined, note)).toEqual([]);
    expect(browser.removals).toEqual([]);
    expect(note.mock.calls.map(([message]) => message)).toEqual([
      'Payload Lens: access to https://*/* is kept, as the stored settings cannot all be read and may need any address.',
      'Payload Lens: access to http://*/* is kept, as the stored settings cannot all be read and may need any address.',
    ]);
  });

  it('counts only what the browser says it took back', async () => {
    const browser = fakePermissions(['https://*/*']);
    const permissions: HostPermissions = { getAll: browser.permissions.getAll, remove: async () => false };
    expect(await giveBackBroadHostAccess(permissions, needing([]))).toEqual([]);
  });
});
