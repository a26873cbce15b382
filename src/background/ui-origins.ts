/** Adding and removing Web UI addresses beyond the built-in ones. */
import { BUILTIN_UI_ORIGINS, parseOrigin } from '../core/origins';
import browser from '../shared/browser';
import { originMatchPattern } from '../shared/compat';
import type { OriginView } from '../shared/messages';
import { registerForOrigin, unregisterForOrigin } from './content-scripts';
import { hasOriginAccess } from './host-access';
import { InputError } from './input-error';
import { loadSettings, updateSettings } from './settings-store';

export async function viewOrigins(): Promise<OriginView[]> {
  const settings = await loadSettings();
  const view = async (origin: string, builtIn: boolean) => ({ origin, builtIn, granted: await hasOriginAccess(origin) });
  return Promise.all([...BUILTIN_UI_ORIGINS.map((origin) => view(origin, true)), ...settings.origins.map((origin) => view(origin, false))]);
}

/** The options page asked the browser for access from the click; this only checks it was given. */
export async function addOrigin(input: string): Promise<string> {
  const parsed = parseOrigin(input);
  if (!parsed.ok) throw new InputError(parsed.reason);
  const { origin } = parsed;
  if (BUILTIN_UI_ORIGINS.includes(origin)) throw new InputError(`${origin} is built in: nothing to add.`);
  if (!(await hasOriginAccess(origin))) throw new InputError(`The browser did not grant access to ${origin}, so the extension cannot work there.`);
  await updateSettings((settings) => (settings.origins.includes(origin) ? settings : { ...settings, origins: [...settings.origins, origin] }));
  await registerForOrigin(origin);
  return origin;
}

export async function removeOrigin(origin: string): Promise<void> {
  await updateSettings((settings) => ({ ...settings, origins: settings.origins.filter((o) => o !== origin) }));
  await unregisterForOrigin(origin);
  // Give the access back too, unless something else still needs the same pattern (in Firefox,
  // patterns have no port: http://localhost/* also covers the built-in localhost origins).
  const settings = await loadSettings();
  const pattern = originMatchPattern(origin);
  const stillNeeded = [...BUILTIN_UI_ORIGINS, ...settings.origins, ...settings.rules.flatMap((rule) => (rule.remote ? [new URL(rule.remote.endpoint).origin] : []))];
  if (!stillNeeded.some((other) => originMatchPattern(other) === pattern)) {
    await browser.permissions.remove({ origins: [pattern] }).catch(() => false);
  }
}
