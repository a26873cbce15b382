/**
 * Host access for many sites at once, given back. Version 0.1.0 took `*` in the host of a Web UI or codec address and
 * asked the browser for a match pattern with that `*` in its host: for `https://*.corp.example.com`, or even for
 * `https://*`, which is every site. Such addresses are refused now, and set aside where they are stored, but a grant
 * stays until the extension gives it back: nothing the extension does any more asks for one.
 *
 * Except one that covers an address the settings need. Chrome, when it takes back an optional pattern, takes back with
 * it every granted optional pattern the first contains (pixiebrix/pixiebrix-extension#1931): giving back
 * `https://*.corp.example.com/*` would also take `https://temporal.corp.example.com/*`, the address the user added
 * while the wildcard was granted, and its content scripts and decoding with it. Firefox, asked for that address while
 * the wildcard covered it, may never have stored it apart, to the same end. Such a pattern is kept, and said so each
 * time (in the console, and on the settings page, whose view asks broadHostAccessPlan as the sweep does), until
 * nothing the settings need is under it. The built-in addresses need no such care: they are the manifest's required
 * host permissions, which no removal takes.
 */
import { BUILTIN_UI_ORIGINS, namesManyHosts, writtenHostOf } from '../core/origins';
import { codecOriginsOf } from '../core/remote/codec-url';
import type { Settings } from '../core/settings/schema';
import type { SettingsReading } from '../core/settings/stored-settings';

/**
 * Whether a match pattern covers an origin (`<scheme>://<host>[:<port>]`): its scheme `*` is http and https; its host
 * `*` is any host and `*.x` is x and every host under it, while any other host (one holding `%2A`, say) is only
 * itself; a port in the pattern's host (Chromium's) must be the origin's, and no port means any. `<all_urls>` covers
 * every origin.
 */
export function patternCovers(pattern: string, origin: string): boolean {
  if (pattern === '<all_urls>') return true;
  const patternParts = /^([^:/]+):\/\/([^/]*)\//.exec(pattern);
  const originParts = /^([^:/]+):\/\/([^/:]*|\[[^\]/]*\])(?::(\d+))?$/.exec(origin);
  if (!patternParts || !originParts) return false;
  const [, scheme = '', host = ''] = patternParts;
  const [, originScheme = '', originHost = '', originPort] = originParts;
  if (scheme === '*' ? originScheme !== 'http' && originScheme !== 'https' : scheme !== originScheme) return false;
  const port = /^(.*?)(?::(\d+))?$/.exec(host);
  const [, hostName = '', hostPort] = port ?? [];
  if (hostPort !== undefined && hostPort !== (originPort ?? defaultPort(originScheme))) return false;
  if (hostName === '*') return true;
  if (hostName.startsWith('*.')) return originHost === hostName.slice(2) || originHost.endsWith(hostName.slice(1));
  return originHost === hostName;
}

const defaultPort = (scheme: string): string | undefined => ({ http: '80', https: '443' })[scheme];

/**
 * The origins whose access the settings need and a removal could take: every Web UI address added by the user or the
 * administrator, and the codec server of every rule, the administrator's too. The built-in addresses are left out.
 */
export function originsSettingsNeed(settings: Pick<Settings, 'origins' | 'rules'>): string[] {
  return [...new Set([...settings.origins, ...codecOriginsOf(settings.rules)])].filter((origin) => !BUILTIN_UI_ORIGINS.includes(origin));
}

/**
 * The granted match patterns that name many hosts: those whose host stands for many (`*`, `*.example.com`, or `*` as
 * Chromium escapes it, `%2A`), and `<all_urls>`, which the manifest never asks for but is every host. The manifest's
 * required host permissions each name one host, so they are never among them.
 */
export function patternsNamingManyHosts(granted: readonly string[]): string[] {
  return granted.filter((pattern) => pattern === '<all_urls>' || namesManyHosts(writtenHostOf(pattern) ?? ''));
}

/** A granted pattern naming many hosts that is kept, and the origins the settings need that it covers. */
export interface KeptGrant {
  pattern: string;
  covers: string[];
}

export interface BroadHostAccessPlan {
  giveBack: string[];
  kept: KeptGrant[];
}

/** Of the granted patterns naming many hosts, those to give back, and those kept with the `needed` origins each covers. */
export function patternsToGiveBack(granted: readonly string[], needed: readonly string[]): BroadHostAccessPlan {
  const giveBack: string[] = [];
  const kept: KeptGrant[] = [];
  for (const pattern of patternsNamingManyHosts(granted)) {
    const covers = needed.filter((origin) => patternCovers(pattern, origin));
    if (covers.length > 0) kept.push({ pattern, covers });
    else giveBack.push(pattern);
  }
  return { giveBack, kept };
}

/** The settings as read, as far as the plan needs them. */
export type SettingsForPlan = Pick<SettingsReading, 'intact'> & { settings: Pick<Settings, 'origins' | 'rules'> };

/**
 * What becomes of the granted patterns naming many hosts, given the settings as read: the one decision the sweep acts
 * on and the settings page shows. Settings not understood as a whole may need any address, so then none is given
 * back: each is kept, with what the part that could be read needs under it (nothing, when kept for that alone).
 */
export function broadHostAccessPlan(granted: readonly string[], reading: SettingsForPlan): BroadHostAccessPlan {
  const plan = patternsToGiveBack(granted, originsSettingsNeed(reading.settings));
  if (reading.intact) return plan;
  return { giveBack: [], kept: [...plan.kept, ...plan.giveBack.map((pattern) => ({ pattern, covers: [] }))] };
}

/** The part of the browser's permissions API the sweep uses. */
export interface HostPermissions {
  getAll(): Promise<{ origins?: string[] }>;
  remove(permissions: { origins: string[] }): Promise<boolean>;
}

/**
 * Gives back every granted host permission that names many hosts, but for those broadHostAccessPlan keeps, each said so
 * with `note`; returns the patterns the browser took back. A pattern the browser refuses to take back is logged and the
 * rest are still given back.
 */
export async function giveBackBroadHostAccess(
  permissions: HostPermissions,
  reading: SettingsForPlan,
  log: (message: string, error: unknown) => void = console.error,
  note: (message: string) => void = console.warn,
): Promise<string[]> {
  const { origins = [] } = await permissions.getAll();
  const { giveBack, kept } = broadHostAccessPlan(origins, reading);
  for (const { pattern, covers } of kept) {
    note(
      covers.length > 0
        ? `Payload Lens: access to ${pattern} is kept, as giving it back would take away the access to ${covers.join(', ')} that the settings need.`
        : `Payload Lens: access to ${pattern} is kept, as the stored settings cannot all be read and may need any address.`,
    );
  }
  const givenBack: string[] = [];
  // One pattern at a time: the browser refuses a removal as a whole when it cannot remove any one of its patterns.
  for (const pattern of giveBack) {
    try {
      if (await permissions.remove({ origins: [pattern] })) givenBack.push(pattern);
    } catch (error) {
      log(`Payload Lens: could not give back access to ${pattern}`, error);
    }
  }
  return givenBack;
}
