/** Reads, in a Web UI tab, what the Web UI keeps about its own codec endpoint (see web-ui-codec.ts). */
import browser from '../shared/browser';
import { WEB_UI_STORAGE_KEYS, webUiCodecEndpoint, type WebUiCodecSources } from './web-ui-codec';

/** A settings answer longer than this is not the Web UI's. */
const MAX_SETTINGS_CHARS = 100_000;

/**
 * Runs in the tab, in the extension's isolated world (serialised: it uses nothing from
 * around it). The same origin's localStorage and settings answer the Web UI itself reads.
 */
async function readSources(keys: typeof WEB_UI_STORAGE_KEYS, maxChars: number): Promise<WebUiCodecSources> {
  const item = (key: string): string | null => {
    try {
      const value = localStorage.getItem(key);
      return value !== null && value.length <= maxChars ? value : null;
    } catch {
      return null;
    }
  };
  let settings: unknown = null;
  try {
    const response = await fetch(new URL('/api/v1/settings', location.origin), { credentials: 'same-origin' });
    const text = response.ok ? await response.text() : '';
    if (text.length <= maxChars) settings = JSON.parse(text) as unknown;
  } catch {
    settings = null;
  }
  return { override: item(keys.override), endpoint: item(keys.endpoint), settings };
}

/** The Web UI's codec endpoint in that tab, or undefined (none, unreadable, or not a codec endpoint). */
export async function readWebUiCodecEndpoint(tabId: number): Promise<string | undefined> {
  try {
    const [frame] = await browser.scripting.executeScript({ target: { tabId }, func: readSources, args: [WEB_UI_STORAGE_KEYS, MAX_SETTINGS_CHARS] });
    const sources = frame?.result as Partial<WebUiCodecSources> | undefined;
    if (!sources) return undefined;
    const text = (value: unknown) => (typeof value === 'string' ? value : null);
    return webUiCodecEndpoint({ override: text(sources.override), endpoint: text(sources.endpoint), settings: sources.settings ?? null });
  } catch {
    return undefined;
  }
}
