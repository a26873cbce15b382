/**
 * Creating, changing and describing namespace rules for the options page and popup.
 * Secrets come in with a save and go to the secret store; what goes back out is their status.
 */
import { parseKeyInput } from '../core/key-input';
import { mayCarrySecrets } from '../core/origins';
import { ruleForNamespace, upsertRule, removeRule, type NamespaceRule, type Settings } from '../core/settings';
import { permissionsOn, readTokenClaims } from '../core/token';
import type { RuleInput, RuleView, StateView, TokenStatus } from '../shared/messages';
import { InputError } from './input-error';
import { deleteSecrets, getSecret, putSecret, secretNames, secretStatus } from './secret-store';
import { loadSettings, updateSettings } from './settings-store';
import { viewOrigins } from './ui-origins';


function parseEndpoint(text: string | undefined): string {
  if (!text) throw new InputError('Enter the codec endpoint, for example https://codec.example.com.');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(`“${text}” is not a web address; the codec endpoint looks like https://codec.example.com.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InputError('The codec endpoint must start with https://.');
  if (url.search || url.hash) throw new InputError('The codec endpoint must not have a query (?…) or fragment (#…).');
  // Kept as typed (a `{namespace}` template must survive; URL would escape its braces), less
  // trailing slashes: the Web UI appends /decode to the endpoint as given.
  return text.replace(/\/+$/, '');
}

async function tokenStatus(rule: NamespaceRule): Promise<TokenStatus> {
  const name = secretNames.token(rule.id);
  const status = await secretStatus(name);
  if (!status.present) return status;
  const claims = readTokenClaims((await getSecret(name)) ?? '');
  if (!claims) return status;
  return {
    ...status,
    ...(claims.expiresAt !== undefined ? { expiresAt: claims.expiresAt } : {}),
    // Only a token that follows Temporal's permissions claim says anything about them.
    ...(claims.permissions.size > 0 ? { permissions: permissionsOn(claims, rule.namespace) } : {}),
  };
}

export async function viewRule(rule: NamespaceRule): Promise<RuleView> {
  const keyIds = rule.local?.keyIds ?? [];
  const keys = Object.fromEntries(await Promise.all(keyIds.map(async (id) => [id, await secretStatus(secretNames.key(rule.id, id))] as const)));
  return {
    id: rule.id,
    namespace: rule.namespace,
    enabled: rule.enabled,
    mode: rule.mode,
    encodeRequests: rule.encodeRequests,
    ...(rule.remote ? { endpoint: rule.remote.endpoint } : {}),
    keyIds,
    token: await tokenStatus(rule),
    keys,
  };
}

export async function viewState(): Promise<StateView> {
  const settings = await loadSettings();
  return { rules: await Promise.all(settings.rules.map(viewRule)), origins: await viewOrigins() };
}

export async function saveRule(input: RuleInput): Promise<RuleView> {
  let saved: NamespaceRule | undefined;
  await updateSettings(async (settings: Settings) => {
    const existing = ruleForNamespace(settings, input.namespace);
    // Editing a namespace keeps its rule id, so secrets saved earlier stay attached.
    const id = existing?.id ?? crypto.randomUUID();
    const rule: NamespaceRule = { id, namespace: input.namespace, enabled: existing?.enabled ?? true, mode: input.mode, encodeRequests: input.encodeRequests };

    if (input.mode === 'remote') {
      const endpoint = parseEndpoint(input.endpoint);
      const hasToken = Boolean(input.accessToken) || (await secretStatus(secretNames.token(id))).present;
      if (hasToken && !mayCarrySecrets(endpoint)) {
        throw new InputError('Access tokens are only sent to https:// endpoints (or this computer); use an https:// endpoint.');
      }
      rule.remote = { endpoint, passAccessToken: hasToken, includeCredentials: existing?.remote?.includeCredentials ?? false, headers: existing?.remote?.headers ?? {} };
      if (input.accessToken) await putSecret(secretNames.token(id), input.accessToken, input.remember);
      rule.local = existing?.local;
    } else {
      const keyId = (input.keyId ?? '').trim();
      const keyIds = existing?.local?.keyIds ?? [];
      const known = keyIds.includes(keyId) && (await secretStatus(secretNames.key(id, keyId))).present;
      if (input.key) {
        const parsed = parseKeyInput(input.key);
        if (!parsed.ok) throw new InputError(parsed.reason);
        await putSecret(secretNames.key(id, keyId), input.key.trim(), input.remember);
      } else if (!known) {
        throw new InputError(`Paste the key for key ID “${keyId}”.`);
      }
      // The newest key goes first: it is the one used to encode, older ones still decode.
      rule.local = { keyIds: [keyId, ...keyIds.filter((id) => id !== keyId)] };
      rule.remote = existing?.remote;
    }
    saved = rule;
    return upsertRule(settings, rule);
  });
  if (!saved) throw new Error('The rule was not saved.');
  return viewRule(saved);
}

export async function deleteRule(ruleId: string): Promise<void> {
  let removed: NamespaceRule | undefined;
  await updateSettings((settings) => {
    removed = settings.rules.find((rule) => rule.id === ruleId);
    return removeRule(settings, ruleId);
  });
  if (removed) {
    const keyIds = removed.local?.keyIds ?? [];
    await deleteSecrets([secretNames.token(removed.id), ...keyIds.map((keyId) => secretNames.key(removed!.id, keyId))]);
  }
}

export async function setRuleEnabled(ruleId: string, enabled: boolean): Promise<void> {
  await updateSettings((settings) => ({
    ...settings,
    rules: settings.rules.map((rule) => (rule.id === ruleId ? { ...rule, enabled } : rule)),
  }));
}

/** A saved token can be dropped without deleting the rule: the codec server is then called without one. */
export async function forgetToken(ruleId: string): Promise<void> {
  await deleteSecrets([secretNames.token(ruleId)]);
  await updateSettings((settings) => ({
    ...settings,
    rules: settings.rules.map((rule) => (rule.id === ruleId && rule.remote ? { ...rule, remote: { ...rule.remote, passAccessToken: false } } : rule)),
  }));
}
