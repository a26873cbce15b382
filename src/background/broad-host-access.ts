/**
 * Host access for many sites at once, given back. Version 0.1.0 took `*` in the host of a Web UI or codec address and
 * asked the browser for a match pattern with that `*` in its host: for `https://*.corp.example.com`, or even for
 * `https://*`, which is every site. Such addresses are refused now, and set aside where they are stored, but a grant
 * stays until the extension gives it back: nothing the extension does any more asks for one, so every such grant is
 * access that no setting needs.
 */
import { namesManyHosts } from '../core/origins';

/**
 * The host of a match pattern (`<scheme>://<host><path>`, the host with its port in Chromium's): what comes between
 * `://` and the path. Not read with URL: Firefox's parser refuses any host that holds `*`, so a pattern of exactly
 * the kind wanted here would not be read at all.
 */
const hostOfPattern = (pattern: string): string | undefined => /^[^:/]+:\/\/([^/]*)/.exec(pattern)?.[1];

/**
 * The granted match patterns to give back: those whose host stands for many hosts (`*`, `*.example.com`, or `*` as
 * Chromium escapes it, `%2A`), and `<all_urls>`, which the manifest never asks for but is every host. The manifest's
 * required host permissions each name one host, so they are never among them.
 */
export function patternsNamingManyHosts(granted: readonly string[]): string[] {
  return granted.filter((pattern) => pattern === '<all_urls>' || namesManyHosts(hostOfPattern(pattern) ?? ''));
}

/** The part of the browser's permissions API the sweep uses. */
export interface HostPermissions {
  getAll(): Promise<{ origins?: string[] }>;
  remove(permissions: { origins: string[] }): Promise<boolean>;
}

/**
 * Gives back every granted host permission that names many hosts; returns the patterns the browser took back. A
 * pattern the browser refuses to take back is logged and the rest are still given back.
 */
export async function giveBackBroadHostAccess(permissions: HostPermissions, log: (message: string, error: unknown) => void = console.error): Promise<string[]> {
  const { origins = [] } = await permissions.getAll();
  const givenBack: string[] = [];
  // One pattern at a time: the browser refuses a removal as a whole when it cannot remove any one of its patterns.
  for (const pattern of patternsNamingManyHosts(origins)) {
    try {
      if (await permissions.remove({ origins: [pattern] })) givenBack.push(pattern);
    } catch (error) {
      log(`Payload Lens: could not give back access to ${pattern}`, error);
    }
  }
  return givenBack;
}
