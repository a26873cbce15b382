/** Adding and removing Web UI addresses beyond the built-in ones. */
import { BUILTIN_UI_ORIGINS, parseOrigin } from '../core/origins';
import { registerForOrigin, unregisterForOrigin } from './content-scripts';
import { hasOriginAccess } from './host-access';
import { InputError } from './input-error';
import type { PolicySettingsStore } from './storage/policy-settings';
import type { AccessRelease } from './unused-access';

export function createUiOrigins(settings: PolicySettingsStore, access: AccessRelease) {
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
      await settings.update((current) => ({ ...current, origins: current.origins.filter((o) => o !== origin) }));
      await unregisterForOrigin(origin);
      // Give the access back too, unless something else still uses the same pattern.
      await access.release([origin]);
    },
  };
}

export type UiOrigins = ReturnType<typeof createUiOrigins>;
