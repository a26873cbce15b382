/**
 * Content scripts for Web UI origins the user added. The built-in origins get them from
 * the manifest; added ones are registered here, with the same two files (page hook in
 * the MAIN world, bridge in the isolated world), at document_start.
 */
import browser from '../shared/browser';
import { originMatchPattern } from '../shared/compat';
import { hasOriginAccess } from './host-access';

const PREFIX = 'ui-origin';
const hookId = (origin: string) => `${PREFIX} hook ${origin}`;
const bridgeId = (origin: string) => `${PREFIX} bridge ${origin}`;

/** Firefox reports manifest script files as full moz-extension:// URLs; registration wants paths. */
function asPath(file: string): string {
  const base = browser.runtime.getURL('');
  return file.startsWith(base) ? file.slice(base.length) : file;
}

/** The built files of the two manifest content scripts, so registered ones run exactly the same code. */
function scriptFiles(): { hook: string[]; bridge: string[] } {
  const declared = (browser.runtime.getManifest().content_scripts ?? []) as Array<{ js?: string[]; world?: string }>;
  const hook = (declared.find((script) => script.world === 'MAIN')?.js ?? []).map(asPath);
  const bridge = (declared.find((script) => script.world !== 'MAIN')?.js ?? []).map(asPath);
  if (hook.length === 0 || bridge.length === 0) throw new Error('The manifest declares no page hook or bridge.');
  return { hook, bridge };
}

async function registeredOrigins(): Promise<Set<string>> {
  const scripts = await browser.scripting.getRegisteredContentScripts();
  const origins = new Set<string>();
  for (const script of scripts) if (script.id.startsWith(`${PREFIX} hook `)) origins.add(script.id.slice(`${PREFIX} hook `.length));
  return origins;
}

export async function registerForOrigin(origin: string): Promise<void> {
  const { hook, bridge } = scriptFiles();
  const matches = [originMatchPattern(origin)];
  await unregisterForOrigin(origin);
  await browser.scripting.registerContentScripts([
    { id: hookId(origin), matches, js: hook, runAt: 'document_start', world: 'MAIN', persistAcrossSessions: true },
    { id: bridgeId(origin), matches, js: bridge, runAt: 'document_start', persistAcrossSessions: true },
  ]);
}

export async function unregisterForOrigin(origin: string): Promise<void> {
  const ids = new Set([hookId(origin), bridgeId(origin)]);
  const existing = (await browser.scripting.getRegisteredContentScripts()).filter((script) => ids.has(script.id));
  if (existing.length > 0) await browser.scripting.unregisterContentScripts({ ids: existing.map((script) => script.id) });
}

/**
 * Makes the registrations match the settings and the permissions the user left granted
 * (Firefox users can revoke host access at any time). Run at startup and after installs.
 * When the settings could not be read as a whole, nothing is unregistered: an address
 * missing from them may only be unreadable, not removed.
 */
export async function syncContentScripts(origins: readonly string[], { mayUnregister }: { mayUnregister: boolean }): Promise<void> {
  const registered = await registeredOrigins();
  for (const origin of origins) {
    const granted = await hasOriginAccess(origin);
    if (granted && !registered.has(origin)) await registerForOrigin(origin);
    if (!granted && registered.has(origin)) await unregisterForOrigin(origin);
  }
  if (!mayUnregister) return;
  for (const origin of registered) if (!origins.includes(origin)) await unregisterForOrigin(origin);
}
