import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import source from '../manifest.json' with { type: 'json' };
import { BUILTIN_UI_ORIGINS } from '../src/core/origins';
import { RELAY_PAGE } from '../src/shared/pages';
import { GECKO_ID, manifestFor, withoutPort } from './browser-manifest';

describe('the source manifest', () => {
  it('grants and injects into exactly the built-in Web UI origins the background enables', () => {
    const patterns = BUILTIN_UI_ORIGINS.map((origin) => `${origin}/*`);
    expect(source.host_permissions).toEqual(patterns);
    for (const script of source.content_scripts) expect(script.matches).toEqual(patterns);
  });
});

describe('the managed storage schema', () => {
  it('is the file the Chrome manifest names, and describes the policy keys the background reads', () => {
    expect(source.storage.managed_schema).toBe('managed-schema.json');
    const schema = JSON.parse(readFileSync(new URL(`../public/${source.storage.managed_schema}`, import.meta.url), 'utf8')) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(['origins', 'rules']);
  });
});

describe('the Chrome manifest', () => {
  it('is the source manifest with a service worker, and the relay page any page may frame at an address of the session', () => {
    const { web_accessible_resources: exposed, ...chrome } = manifestFor(source, 'chrome');
    expect(chrome).toEqual(source);
    expect(chrome.background).toEqual({ service_worker: 'src/background/index.ts', type: 'module' });
    expect(exposed).toEqual([{ resources: [RELAY_PAGE], matches: ['http://*/*', 'https://*/*'], use_dynamic_url: true }]);
  });
});

describe('the Firefox manifest', () => {
  const firefox = manifestFor(source, 'firefox');

  it('exposes no page to the web: Firefox’s tabs have no relay', () => {
    expect(firefox).not.toHaveProperty('web_accessible_resources');
  });

  it('runs the background as an event page with scripts', () => {
    expect(firefox.background).toEqual({ scripts: ['src/background/index.ts'], type: 'module' });
  });

  it('shows the private view in a sidebar that stays closed until the user opens it, instead of Chrome’s side panel', () => {
    expect(firefox.sidebar_action).toEqual({ default_panel: 'src/panel/index.html', default_title: 'Payload Lens: private view', open_at_install: false });
    expect(firefox).not.toHaveProperty('side_panel');
    expect(firefox.permissions).toEqual(['storage', 'scripting']);
  });

  it('has a gecko id, Firefox 140 as minimum, and declares that it collects no data', () => {
    expect(firefox.browser_specific_settings).toMatchObject({
      gecko: { id: GECKO_ID, strict_min_version: '140.0', data_collection_permissions: { required: ['none'] } },
    });
    expect(firefox).not.toHaveProperty('minimum_chrome_version');
  });

  it('names no managed storage schema, which Firefox does not read (its policy is policies.json)', () => {
    expect(firefox).not.toHaveProperty('storage');
  });

  it('drops ports from match patterns, which Firefox does not support, without duplicates', () => {
    expect(firefox.host_permissions).toEqual(['http://localhost/*', 'http://127.0.0.1/*', 'https://cloud.temporal.io/*']);
    for (const script of firefox.content_scripts ?? []) expect(script.matches).toEqual(firefox.host_permissions);
  });

  it('keeps the MAIN-world page hook at document_start', () => {
    const hook = firefox.content_scripts?.find((s) => s.world === 'MAIN');
    expect(hook).toMatchObject({ js: ['src/content/page-hook.iife.ts'], run_at: 'document_start' });
  });

  it('does not change the source manifest', () => {
    expect(source.background).toEqual({ service_worker: 'src/background/index.ts', type: 'module' });
  });
});

describe('withoutPort', () => {
  it('removes only the port', () => {
    expect(withoutPort('http://localhost:8233/*')).toBe('http://localhost/*');
    expect(withoutPort('https://cloud.temporal.io/*')).toBe('https://cloud.temporal.io/*');
    expect(withoutPort('https://*.example.com:8443/api/*')).toBe('https://*.example.com/api/*');
  });
});
