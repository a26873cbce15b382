/**
 * Host access the settings stop using, given back: a Web UI address removed, the last rule sending to a codec server
 * removed or pointed elsewhere, or a codec server a refused save named. Only the addresses such a change let go of are
 * looked at, never every grant: the settings page asks for access to an address before it saves it (the browser asks
 * only from a click), and a grant made a moment ago for a save under way must stay. The settings are read once every
 * update already asked for is done, so a save from another window that reached the background counts as a use. One
 * still on its way (sent in the same moment) does not: its access can go, and saving it again asks again.
 */
import { BUILTIN_UI_ORIGINS } from '../core/origins';
import type { Settings } from '../core/settings/schema';
import { originsSettingsNeed } from './broad-host-access';

/**
 * Of the match patterns of the `released` origins, those that no origin the settings still use shares: a pattern may
 * stand for more than one origin (Firefox's have no port, so `http://localhost/*` is also the built-in
 * `http://localhost:8233`'s).
 */
export function patternsNoLongerUsed(released: readonly string[], settings: Pick<Settings, 'origins' | 'rules'>, patternOf: (origin: string) => string): string[] {
  const used = new Set([...BUILTIN_UI_ORIGINS, ...originsSettingsNeed(settings)].map(patternOf));
  return [...new Set(released.map(patternOf))].filter((pattern) => !used.has(pattern));
}

export interface AccessRelease {
  /** Gives back the access of those of `origins` the settings, as they are now, no longer use. Never throws. */
  release(origins: readonly string[]): Promise<void>;
}

export function createAccessRelease(
  settings: { settled(): Promise<{ settings: Pick<Settings, 'origins' | 'rules'> }> },
  permissions: { remove(permissions: { origins: string[] }): Promise<boolean> },
  patternOf: (origin: string) => string,
): AccessRelease {
  return {
    async release(origins) {
      if (origins.length === 0) return;
      const current = await settings.settled().catch(() => undefined);
      if (!current) return;
      // One at a time: the browser refuses a removal as a whole when it cannot remove any one of its patterns.
      for (const pattern of patternsNoLongerUsed(origins, current.settings, patternOf)) await permissions.remove({ origins: [pattern] }).catch(() => false);
    },
  };
}
