import { describe, expect, it, vi } from 'vitest';
import source from '../../manifest.json' with { type: 'json' };
import { manifestFor } from '../../scripts/browser-manifest';
import { giveBackBroadHostAccess, patternsNamingManyHosts, type HostPermissions } from './broad-host-access';

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

  it('reads them where the URL parser refuses `*` in a host, as Firefox’s does', () => {
    const Parser = URL;
    vi.stubGlobal(
      'URL',
      class extends Parser {
        constructor(url: string | URL, base?: string | URL) {
          if (/^[^:]+:\/\/[^/]*[*%]/.test(String(url))) throw new TypeError(`URL constructor: ${String(url)} is not a valid URL.`);
          super(url, base);
        }
      },
    );
    try {
      expect(patternsNamingManyHosts([...BROAD, ...ONE_HOST])).toEqual(BROAD);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('never touches the required host permissions of either browser’s manifest', () => {
    for (const browser of ['chrome', 'firefox'] as const) {
      const required = manifestFor(source, browser).host_permissions ?? [];
      expect(required.length).toBeGreaterThan(0);
      expect(patternsNamingManyHosts(required)).toEqual([]);
    }
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
    expect(await giveBackBroadHostAccess(browser.permissions)).toEqual(['https://*/*', 'https://%2A.corp.example.com/*']);
    expect([...browser.granted]).toEqual([...required, ...ONE_HOST]);
    expect(browser.removals).toEqual([['https://*/*'], ['https://%2A.corp.example.com/*']]);
  });

  it('does nothing when no broad access is granted', async () => {
    const browser = fakePermissions([...source.host_permissions, ...ONE_HOST]);
    expect(await giveBackBroadHostAccess(browser.permissions)).toEqual([]);
    expect(browser.removals).toEqual([]);
    expect(await giveBackBroadHostAccess({ getAll: async () => ({}), remove: browser.permissions.remove })).toEqual([]);
  });

  it('goes on past a pattern the browser refuses to take back, and says which', async () => {
    const log = vi.fn();
    const browser = fakePermissions(['http://*/*', 'https://*/*'], ['http://*/*']);
    expect(await giveBackBroadHostAccess(browser.permissions, log)).toEqual(['https://*/*']);
    expect([...browser.granted]).toEqual(['http://*/*']);
    expect(log).toHaveBeenCalledOnce();
    expect(log.mock.calls[0]?.[0]).toContain('http://*/*');
  });

  it('counts only what the browser says it took back', async () => {
    const browser = fakePermissions(['https://*/*']);
    const permissions: HostPermissions = { getAll: browser.permissions.getAll, remove: async () => false };
    expect(await giveBackBroadHostAccess(permissions)).toEqual([]);
  });
});
