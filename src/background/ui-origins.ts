/** Adding and removing Web UI addresses beyond the built-in ones. */
import { BUILTIN_UI_ORIGINS, parseOrigin } from '../core/origins';
import browser from '../shared/browser';
import { originMatchPattern } from '../shared/compat';
import type { OriginView } from '../shared/messages';
import { hasOriginAccess, registerForOrigin, unregisterForOrigin } from './content-scripts';
import { InputError } from './input-error';
import { loadSettings, updateSettings } from './settings-store';

export async function viewOrigins(): Promise<OriginView[]> {
  const settings = await loadSettings();
  const added = await Promise.all(settings.origins.map(async (origin) => ({ origin, builtIn: false, granted: await hasOriginAccess(origin) })));
  return [...BUILTIN_UI_ORIGINS.map((origin) => ({ origin, builtIn: true, granted: true })), ...added];
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
  // Give the access back too, unless a codec endpoint still needs it.
  const settings = await loadSettings();
  const pattern = originMatchPattern(origin);
  const stillUsed = settings.rules.some((rule) => rule.remote && originMatchPattern(new URL(rule.remote.endpoint).origin) === pattern);
  if (!stillUsed) await browser.permissions.remove({ origins: [pattern] }).catch(() => false);
}
