/**
 * Derives each browser's manifest from the one source, manifest.json.
 * Browser differences live here and nowhere else in the build.
 */
import { RELAY_PAGE } from '../src/shared/pages.ts';

export type TargetBrowser = 'chrome' | 'firefox';

export const GECKO_ID = 'payload-lens@payloadlens.dev';

/** Firefox 140: MAIN-world content scripts (128+) and data_collection_permissions (140+). */
const FIREFOX_MIN_VERSION = '140.0';
const FIREFOX_ANDROID_MIN_VERSION = '142.0';

type Manifest = Record<string, unknown> & {
  permissions?: string[];
  side_panel?: { default_path: string };
  background?: { service_worker?: string; scripts?: string[]; type?: string };
  host_permissions?: string[];
  content_scripts?: Array<Record<string, unknown> & { matches?: string[] }>;
  web_accessible_resources?: Array<Record<string, unknown> & { resources: string[] }>;
};

/**
 * Firefox ignores ports in match patterns and warns about them, so a pattern like
 * `http://localhost:8233/*` becomes `http://localhost/*` there. The background still
 * checks the exact origin (with port) before it decodes anything.
 */
export function withoutPort(pattern: string): string {
  return pattern.replace(/^([a-z*]+:\/\/[^/:]+):\d+\//, '$1/');
}

function unique(patterns: string[]): string[] {
  return [...new Set(patterns)];
}

export function manifestFor(source: Manifest, browser: TargetBrowser): Manifest {
  const manifest: Manifest = structuredClone(source);
  if (browser === 'chrome') {
    // The relay (src/shared/messages/relay.ts) posts to a service worker, which Firefox's background is not, so only
    // Chrome's tabs frame it. Any page may frame it, at an address that changes each session (use_dynamic_url, read
    // from Chrome 130: hence the manifest's minimum, as a fixed address would tell any site the extension is there);
    // it answers only the bridge the background gave a ticket.
    const relay = { resources: [RELAY_PAGE], matches: ['http://*/*', 'https://*/*'], use_dynamic_url: true };
    manifest.web_accessible_resources = [...(manifest.web_accessible_resources ?? []), relay];
    return manifest;
  }

  const worker = manifest.background?.service_worker;
  if (worker) manifest.background = { scripts: [worker], type: 'module' };
  delete manifest.minimum_chrome_version;
  // Firefox reads managed storage from enterprise policies (3rdparty.Extensions.<id>) and knows no schema key.
  delete manifest.storage;
  manifest.browser_specific_settings = {
    gecko: {
      id: GECKO_ID,
      strict_min_version: FIREFOX_MIN_VERSION,
      // The extension sends nothing to its authors; payloads go only to the codec server the user configures.
      data_collection_permissions: { required: ['none'] },
    },
    // Firefox for Android learned data_collection_permissions in 142.
    gecko_android: { strict_min_version: FIREFOX_ANDROID_MIN_VERSION },
  };
  // Firefox shows the private view in its sidebar rather than Chrome's side panel, closed until the user opens it.
  if (manifest.side_panel) {
    manifest.sidebar_action = { default_panel: manifest.side_panel.default_path, default_title: 'Payload Lens: private view', open_at_install: false };
    delete manifest.side_panel;
  }
  if (manifest.permissions) manifest.permissions = manifest.permissions.filter((permission) => permission !== 'sidePanel');

  if (manifest.host_permissions) manifest.host_permissions = unique(manifest.host_permissions.map(withoutPort));
  for (const script of manifest.content_scripts ?? []) {
    if (script.matches) script.matches = unique(script.matches.map(withoutPort));
  }
  return manifest;
}
