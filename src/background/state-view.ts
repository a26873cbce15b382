/** What the extension's pages are shown: the settings, and of each secret only its status. */
import { readKeyInput } from '../core/key-input';
import { BUILTIN_UI_ORIGINS } from '../core/origins';
import { codecOrigin, codecOriginsOf } from '../core/remote/codec-url';
import { emptyPolicy, managedRuleOver, type ManagedPolicy } from '../core/settings/managed-policy';
import { describeNamespaces } from '../core/settings/namespace-pattern';
import { describeAddresses } from '../core/settings/rule-choice';
import type { Rule, SetAside, Settings } from '../core/settings/schema';
import { setAsideKey } from '../core/settings/stored-settings';
import { DEFAULT_PERMISSIONS_CLAIM, tokenFacts } from '../core/token';
import type { KeptGrantView, KeyStatus, OriginView, PolicyView, RuleView, SetAsideView, StateView, TokenStatus } from '../shared/messages/views';
import { broadHostAccessPlan, type HostPermissions, type SettingsForPlan } from './broad-host-access';
import type { KeyForms } from './decoding/key-forms';
import { LOCAL_ONLY, secretNames, unconfirmed, type SecretStore } from './storage/secret-store';

const EXCERPT_CHARS = 300;

/** What could not be used, as the user is shown it: the sentence, and the start of the thing as JSON. */
function viewProblem(entry: SetAside): Omit<SetAsideView, 'key'> {
  let excerpt: string;
  try {
    excerpt = JSON.stringify(entry.raw) ?? String(entry.raw);
  } catch {
    excerpt = String(entry.raw);
  }
  return { problem: entry.problem, since: entry.since, excerpt: excerpt.length > EXCERPT_CHARS ? `${excerpt.slice(0, EXCERPT_CHARS)}…` : excerpt };
}

const permissionsClaimOf = (rule: Rule) => rule.remote?.permissionsClaim ?? DEFAULT_PERMISSIONS_CLAIM;

export function createStateView(secrets: SecretStore, hasOriginAccess: (origin: string) => Promise<boolean>, keyForms: KeyForms, permissions: Pick<HostPermissions, 'getAll'>) {
  /** A secret counts as present only where it can be used: for the rule's current address. */
  async function status(name: string, origin: string | undefined) {
    const found = await secrets.status(name);
    const usable = found.present && origin !== undefined && found.origin === origin;
    const held = found.present && origin !== undefined && found.origin === unconfirmed(origin);
    return { present: usable, remembered: (usable || held) && found.remembered, ...(found.forgotten ? { forgotten: true } : {}), ...(held ? { awaitsConfirmation: true } : {}) };
  }

  async function tokenStatus(rule: Rule, origin: string | undefined): Promise<TokenStatus> {
    const name = secretNames.token(rule.id);
    const found = await status(name, origin);
    if (!found.present || origin === undefined) return found;
    const facts = tokenFacts((await secrets.reveal(name, origin)) ?? '', [rule.namespace], { permissionsClaim: permissionsClaimOf(rule) });
    return facts ? { ...found, facts } : found;
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
      permissionsClaim: permissionsClaimOf(rule),
      token: await tokenStatus(rule, origin),
      idToken: await status(secretNames.idToken(rule.id), origin),
      headers: await Promise.all((rule.remote?.headerNames ?? []).map(async (name) => ({ name, value: await status(secretNames.header(rule.id, name), origin) }))),
      keyIds,
      ...(rule.local?.activeKeyId !== undefined ? { activeKeyId: rule.local.activeKeyId } : {}),
      keys: Object.fromEntries(await Promise.all(keyIds.map(async (id) => [id, await keyStatus(rule, id)] as const))),
    };
  }

  async function viewOrigins(settings: Settings, policy: ManagedPolicy): Promise<OriginView[]> {
    const view = async (origin: string, builtIn: boolean) => ({ origin, builtIn, granted: await hasOriginAccess(origin), ...(policy.origins.includes(origin) ? { managed: true } : {}) });
    return Promise.all([...BUILTIN_UI_ORIGINS.map((origin) => view(origin, true)), ...settings.origins.map((origin) => view(origin, false))]);
  }

  function viewSetAside(settings: Settings): SetAsideView[] {
    return settings.setAside.map((entry) => ({ key: setAsideKey(entry), ...viewProblem(entry) }));
  }

  /** A managed rule is marked; a user rule a managed rule overrides says which. */
  async function viewRuleUnder(rule: Rule, policy: ManagedPolicy): Promise<RuleView> {
    const view = await viewRule(rule);
    if (policy.rules.some((managed) => managed.id === rule.id)) return { ...view, managed: true };
    const over = managedRuleOver(policy.rules, rule);
    return over ? { ...view, overriddenBy: `${describeNamespaces(over.namespace)} on ${describeAddresses(over.addresses)}` } : view;
  }

  /** What the policy could not give, and the addresses its rules need that the browser has not granted. */
  async function viewPolicy(policy: ManagedPolicy): Promise<PolicyView> {
    const wanted = [...new Set([...policy.origins, ...codecOriginsOf(policy.rules)])];
    const granted = await Promise.all(wanted.map(hasOriginAccess));
    return { problems: policy.problems.map(viewProblem), needsAccess: wanted.filter((_, i) => !granted[i]) };
  }

  /** The grants for many sites the sweep keeps, as it decides it (broadHostAccessPlan). */
  async function viewKeptGrants(reading: SettingsForPlan): Promise<KeptGrantView[]> {
    // The settings are worth more than this notice: a browser that cannot list its grants shows none.
    const { origins = [] } = await permissions.getAll().catch(() => ({ origins: [] }));
    return broadHostAccessPlan(origins, reading).kept;
  }

  return {
    viewRule,
    /** The settings as read (`intact` too: while they are not understood as a whole, every grant for many sites is kept). */
    async viewState({ settings, policy = emptyPolicy(), intact }: SettingsForPlan & { settings: Settings; policy?: ManagedPolicy }): Promise<StateView> {
      const managed = policy.rules.length > 0 || policy.origins.length > 0 || policy.problems.length > 0;
      return {
        rules: await Promise.all(settings.rules.map((rule) => viewRuleUnder(rule, policy))),
        origins: await viewOrigins(settings, policy),
        setAside: viewSetAside(settings),
        statusChip: settings.preferences.statusChip,
        ...(managed ? { policy: await viewPolicy(policy) } : {}),
        keptGrants: await viewKeptGrants({ settings, intact }),
      };
    },
  };
}

export type StateViews = ReturnType<typeof createStateView>;
