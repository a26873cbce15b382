/** What the extension's pages are shown: the settings, and of each secret only its status. */
import { BUILTIN_UI_ORIGINS } from '../core/origins';
import { codecOrigin } from '../core/remote/codec-url';
import type { Rule, Settings } from '../core/settings/schema';
import { DEFAULT_PERMISSIONS_CLAIM, tokenFacts } from '../core/token';
import type { OriginView, RuleView, SetAsideView, StateView, TokenStatus } from '../shared/messages/views';
import { LOCAL_ONLY, secretNames, type SecretStore } from './storage/secret-store';

const EXCERPT_CHARS = 300;

const permissionsClaimOf = (rule: Rule) => rule.remote?.permissionsClaim ?? DEFAULT_PERMISSIONS_CLAIM;

export function createStateView(secrets: SecretStore, hasOriginAccess: (origin: string) => Promise<boolean>) {
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
    const facts = tokenFacts((await secrets.reveal(name, origin)) ?? '', [rule.namespace], { permissionsClaim: permissionsClaimOf(rule) });
    return facts ? { ...found, facts } : found;
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
      permissionsClaim: permissionsClaimOf(rule),
      token: await tokenStatus(rule, origin),
      idToken: await status(secretNames.idToken(rule.id), origin),
      headers: await Promise.all((rule.remote?.headerNames ?? []).map(async (name) => ({ name, value: await status(secretNames.header(rule.id, name), origin) }))),
      keyIds,
      ...(rule.local?.activeKeyId !== undefined ? { activeKeyId: rule.local.activeKeyId } : {}),
      keys: Object.fromEntries(await Promise.all(keyIds.map(async (id) => [id, await status(secretNames.key(rule.id, id), LOCAL_ONLY)] as const))),
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
