/** What the extension's pages are shown: the settings, and of each secret only its status. */
import { readKeyInput } from '../core/key-input';
import { BUILTIN_UI_ORIGINS } from '../core/origins';
import { codecOrigin } from '../core/remote/codec-url';
import type { Rule, Settings } from '../core/settings/schema';
import { permissionsOn, readTokenClaims } from '../core/token';
import type { KeyStatus, OriginView, RuleView, SetAsideView, StateView, TokenStatus } from '../shared/messages/views';
import type { KeyForms } from './decoding/key-forms';
import { LOCAL_ONLY, secretNames, type SecretStore } from './storage/secret-store';

const EXCERPT_CHARS = 300;

export function createStateView(secrets: SecretStore, hasOriginAccess: (origin: string) => Promise<boolean>, keyForms: KeyForms) {
  /** A secret counts as present only where it can be used: for the rule's current address. */
  async function status(name: string, origin: string | undefined) {
    const found = await secrets.status(name);
    const usable = found.present && origin !== undefined && found.origin === origin;
    return { present: usable, remembered: usable && found.remembered };
  }

  async function tokenStatus(rule: Rule, origin: string | undefined): Promise<TokenStatus> {
    const name = secretNames.token(rule.id);
    const found = await status(name, origin);
    if (!found.present || origin === undefined) return found;
    const claims = readTokenClaims((await secrets.reveal(name, origin)) ?? '');
    if (!claims) return found;
    return {
      ...found,
      ...(claims.expiresAt !== undefined ? { expiresAt: claims.expiresAt } : {}),
      // Only a token that follows Temporal's permissions claim says anything about them.
      ...(claims.permissions.size > 0 ? { permissions: permissionsOn(claims, rule.namespace) } : {}),
    };
  }

  /** How a saved key reads, and which reading the payloads confirmed; the key itself stays here. */
  async function keyStatus(rule: Rule, keyId: string): Promise<KeyStatus> {
    const name = secretNames.key(rule.id, keyId);
    const found = await status(name, LOCAL_ONLY);
    const text = found.present ? await secrets.reveal(name, LOCAL_ONLY) : undefined;
    const reading = text === undefined ? undefined : readKeyInput(text);
    if (text === undefined || !reading?.ok) return { ...found, readings: [] };
    const readings = reading.candidates.map((c) => ({ form: c.form, bytes: c.bytes.length }));
    const confirmedForm = readings.length > 1 ? await keyForms.confirmed(rule.id, keyId, text) : undefined;
    return { ...found, readings, ...(confirmedForm ? { confirmedForm } : {}) };
  }

  async function viewRule(rule: Rule): Promise<RuleView> {
    const origin = rule.remote ? (codecOrigin(rule.remote.endpoint) ?? undefined) : undefined;
    const keyIds = rule.local?.keyIds ?? [];
    return {
      id: rule.id,
      namespace: rule.namespace,
      addresses: rule.addresses,
      enabled: rule.enabled,
      mode: rule.mode,
      encodeRequests: rule.encodeRequests,
      privateView: rule.privateView,
      askToNarrow: rule.askToNarrow ?? false,
      ...(rule.remote ? { endpoint: rule.remote.endpoint } : {}),
      includeCredentials: rule.remote?.includeCredentials ?? false,
      token: await tokenStatus(rule, origin),
      idToken: await status(secretNames.idToken(rule.id), origin),
      headers: await Promise.all((rule.remote?.headerNames ?? []).map(async (name) => ({ name, value: await status(secretNames.header(rule.id, name), origin) }))),
      keyIds,
      ...(rule.local?.activeKeyId !== undefined ? { activeKeyId: rule.local.activeKeyId } : {}),
      keys: Object.fromEntries(await Promise.all(keyIds.map(async (id) => [id, await keyStatus(rule, id)] as const))),
    };
  }

  async function viewOrigins(settings: Settings): Promise<OriginView[]> {
    const view = async (origin: string, builtIn: boolean) => ({ origin, builtIn, granted: await hasOriginAccess(origin) });
    return Promise.all([...BUILTIN_UI_ORIGINS.map((origin) => view(origin, true)), ...settings.origins.map((origin) => view(origin, false))]);
  }

  function viewSetAside(settings: Settings): SetAsideView[] {
    return settings.setAside.map((entry, index) => {
      let excerpt: string;
      try {
        excerpt = JSON.stringify(entry.raw) ?? String(entry.raw);
      } catch {
        excerpt = String(entry.raw);
      }
      return { index, problem: entry.problem, since: entry.since, excerpt: excerpt.length > EXCERPT_CHARS ? `${excerpt.slice(0, EXCERPT_CHARS)}…` : excerpt };
    });
  }

  return {
    viewRule,
    async viewState(settings: Settings): Promise<StateView> {
      return {
        rules: await Promise.all(settings.rules.map(viewRule)),
        origins: await viewOrigins(settings),
        setAside: viewSetAside(settings),
        statusChip: settings.preferences.statusChip,
      };
    },
  };
}

export type StateViews = ReturnType<typeof createStateView>;
