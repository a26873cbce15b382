/** Adding and removing Web UI addresses beyond the built-in ones. */
import { BUILTIN_UI_ORIGINS, parseOrigin } from '../core/origins';
import { codecOriginsOf } from '../core/remote/codec-url';
import browser from '../shared/browser';
import { originMatchPattern } from '../shared/compat';
import { registerForOrigin, unregisterForOrigin } from './content-scripts';
import { hasOriginAccess } from './host-access';
import { InputError } from './input-error';
import type { PolicySettingsStore } from './storage/policy-settings';

export function createUiOrigins(settings: PolicySettingsStore) {
  const managed = async (origin: string) => (await settings.read()).policy.origins.includes(origin);
  return {
    /** The page asked the browser for access from the click; this only checks it was given. */
    async add(input: string): Promise<string> {
      const parsed = parseOrigin(input);
      if (!parsed.ok) throw new InputError(parsed.reason);
      const { origin } = parsed;
      if (BUILTIN_UI_ORIGINS.includes(origin)) throw new InputError(`${origin} is built in: nothing to add.`);
      if (await managed(origin)) throw new InputError(`${origin} is set by your administrator: nothing to add.`);
      if (!(await hasOriginAccess(origin))) throw new InputError(`The browser did not grant access to ${origin}, so the extension cannot work there.`);
      await settings.update((current) => (current.origins.includes(origin) ? current : { ...current, origins: [...current.origins, origin] }));
      await registerForOrigin(origin);
      return origin;
    },

    /** Rules that name the address keep it (inert) until the user changes them: nothing they hold is lost. */
    async remove(origin: string): Promise<void> {
      if (await managed(origin)) throw new InputError(`${origin} is set by your administrator: it cannot be removed here.`);
      const updated = await settings.update((current) => ({ ...current, origins: current.origins.filter((o) => o !== origin) }));
      await unregisterForOrigin(origin);
      // Give the access back too, unless something else still needs the same pattern (in Firefox,
      // patterns have no port: http://localhost/* also covers the built-in localhost origins).
      const pattern = originMatchPattern(origin);
      const stillNeeded = [...BUILTIN_UI_ORIGINS, ...updated.origins, ...codecOriginsOf(updated.rules)];
      if (!stillNeeded.some((other) => originMatchPattern(other) === pattern)) {
        await browser.permissions.remove({ origins: [pattern] }).catch(() => false);
      }
    },
  };
}

export type UiOrigins = ReturnType<typeof createUiOrigins>;
