/**
 * Version 1 kept its settings and remembered secrets in storage.local, which content
 * scripts can read and write in Firefox and in Chrome before 140. On an update from it they
 * move, once, to where no content script reaches, and storage.local is emptied. The codec
 * addresses those settings name may have been written by a content script, so the tokens and
 * header values moved are held for them unconfirmed: none is sent until the user confirms
 * the address on the settings page.
 *
 * Only ever run for an update: a fresh install writes its own settings record first, so
 * whatever a content script may later write into storage.local is never read as settings.
 */
import type { Storage } from 'webextension-polyfill';
import { decodeBase64 } from '../../core/base64';
import { codecOrigin } from '../../core/remote/codec-url';
import { LOCAL_ONLY, secretNames, unconfirmed, type SecretStore } from './secret-store';
import type { SettingsStore } from './settings-store';
import { isManagedRuleId } from '../../core/settings/managed-policy';
import { readSettings } from '../../core/settings/stored-settings';

const LEGACY_SETTINGS = 'settings';
const LEGACY_SECRET = 'secret:';

interface LegacyDeps {
  local: Storage.StorageArea;
  session: Storage.StorageArea;
  settings: SettingsStore;
  secrets: SecretStore;
  atRestKey: () => Promise<CryptoKey>;
}

/** Version 1 sealed without additional data, under the same at-rest key. */
async function unsealLegacy(value: unknown, atRestKey: () => Promise<CryptoKey>): Promise<string | undefined> {
  const { iv, sealed } = (value ?? {}) as { iv?: unknown; sealed?: unknown };
  if (typeof iv !== 'string' || typeof sealed !== 'string') return undefined;
  const ivBytes = decodeBase64(iv);
  const sealedBytes = decodeBase64(sealed);
  if (!ivBytes || !sealedBytes) return undefined;
  try {
    return new TextDecoder().decode(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: ivBytes }, await atRestKey(), sealedBytes));
  } catch {
    return undefined;
  }
}

const originOf = (endpoint: unknown): string | undefined => (typeof endpoint === 'string' && endpoint ? (codecOrigin(endpoint) ?? undefined) : undefined);

/** What a moved token or header value is bound to: the address version 1's settings name, held until confirmed. */
const heldFor = (endpoint: unknown): string | undefined => {
  const origin = originOf(endpoint);
  return origin === undefined ? undefined : unconfirmed(origin);
};

/**
 * A rule's token and keys, each with the address it is bound to. Read as leniently from a rule this version sets
 * aside as from one it reads: the rule is kept to be mended, and its secrets must not go with storage.local.
 */
function secretsOfRule(rule: unknown, moved: Set<string>): Array<[name: string, origin: string | undefined]> {
  if (typeof rule !== 'object' || rule === null) return [];
  const { id, remote, local } = rule as { id?: unknown; remote?: { endpoint?: unknown }; local?: { keyIds?: unknown } };
  // A second rule with the same id is set aside: the first one's secrets keep the address they are bound to. An id
  // of the administrator's (a version 1 record that a content script wrote) would put them under a managed rule's name.
  if (typeof id !== 'string' || !id || moved.has(id) || isManagedRuleId(id)) return [];
  moved.add(id);
  const keyIds = Array.isArray(local?.keyIds) ? local.keyIds.filter((keyId): keyId is string => typeof keyId === 'string') : [];
  return [[secretNames.token(id), heldFor(remote?.endpoint)], ...keyIds.map((keyId): [string, string] => [secretNames.key(id, keyId), LOCAL_ONLY])];
}

/**
 * The ids of version 1 rules that may have kept a token without sending it: version 1 sent one only while the rule's
 * *Pass access token* was on. This version sends a rule's token whenever one is saved, so theirs is not moved, and goes
 * with storage.local. An id counts as sending only if every rule stored under it did: which of two is kept depends on
 * which can be read, and a token wrongly left behind only has to be typed again.
 */
function rulesKeepingTokenUnsent(legacy: unknown): Set<string> {
  const rules = typeof legacy === 'object' && legacy !== null ? (legacy as { rules?: unknown }).rules : undefined;
  const unsent = new Set<string>();
  for (const rule of Array.isArray(rules) ? (rules as unknown[]) : []) {
    if (typeof rule !== 'object' || rule === null) continue;
    const { id, remote } = rule as { id?: unknown; remote?: unknown };
    const sent = typeof remote === 'object' && remote !== null && Boolean((remote as { passAccessToken?: unknown }).passAccessToken);
    if (typeof id === 'string' && !sent) unsent.add(id);
  }
  return unsent;
}

export async function moveLegacyStorage({ local, session, settings, secrets, atRestKey }: LegacyDeps): Promise<'moved' | 'nothing'> {
  const stored = await local.get(null);
  const legacySecretKeys = Object.keys(stored).filter((key) => key.startsWith(LEGACY_SECRET));
  const sessionStored = await session.get(null);
  const legacySessionKeys = Object.keys(sessionStored).filter((key) => key.startsWith(LEGACY_SECRET) && typeof sessionStored[key] === 'string');
  if (!(LEGACY_SETTINGS in stored) && legacySecretKeys.length === 0 && legacySessionKeys.length === 0) return 'nothing';

  // Settings already here mean the move was done (a crash may have left the old copy behind).
  if (!(await settings.hasRecord()) && LEGACY_SETTINGS in stored) {
    const reading = readSettings(stored[LEGACY_SETTINGS]);
    // Secrets first: if this is interrupted, the next update finds no settings here and starts over.
    const moved = new Set<string>();
    const unsent = new Set([...rulesKeepingTokenUnsent(stored[LEGACY_SETTINGS])].map((id) => secretNames.token(id)));
    for (const rule of [...reading.settings.rules, ...reading.settings.setAside.map((entry) => entry.raw)]) {
      for (const [name, origin] of secretsOfRule(rule, moved)) {
        if (origin === undefined || unsent.has(name)) continue;
        const sessionValue = sessionStored[LEGACY_SECRET + name];
        const value = typeof sessionValue === 'string' ? sessionValue : await unsealLegacy(stored[LEGACY_SECRET + name], atRestKey);
        if (value !== undefined) await secrets.put(name, value, { origin, remember: typeof sessionValue !== 'string' });
      }
    }
    for (const header of reading.legacyHeaderValues) {
      if (isManagedRuleId(header.ruleId)) continue;
      const origin = heldFor(header.endpoint);
      if (origin) await secrets.put(secretNames.header(header.ruleId, header.name), header.value, { origin, remember: true });
    }
    await settings.write(reading.settings);
  }
  await local.remove([LEGACY_SETTINGS, ...legacySecretKeys]);
  // This version keeps its own session secrets under the same keys: one just moved holds this
  // version's form now and stays; only what is still in version 1's form goes.
  const leftInSession = await session.get(legacySessionKeys);
  await session.remove(legacySessionKeys.filter((key) => typeof leftInSession[key] === 'string'));
  return 'moved';
}
