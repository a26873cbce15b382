/**
 * What the popup's set-up form saves. The popup changes one namespace on one Web UI
 * address: it edits the rule made for exactly that (the namespace by name, the address
 * among its own), and otherwise makes a new one bound to the tab's address, which then
 * wins over broader rules. What the form does not show (headers, ID token, cookies, other
 * keys, encoding) is sent back as it was, so a save from the popup loses nothing set in
 * the settings page; secrets left empty keep the saved ones.
 */
import { isTypedSecret, isTypedToken } from '../core/secret-text';
import { ruleFor } from '../core/settings/rule-choice';
import { keyEntryProblems, typedKeyProblem, type KeyEntryProblem } from '../core/settings/rule-keys';
import type { RuleInput } from '../shared/messages/rule-input';
import type { RuleView } from '../shared/messages/views';
import { isHeld, keepsSavedToken, keepsSecretsOnDevice, secretsLeftAt, seenIn } from '../shared/secrets-kept';

export interface SetupFields {
  mode: 'remote' | 'local';
  endpoint: string;
  accessToken: string;
  keyId: string;
  key: string;
  remember: boolean;
}

interface RulesHere {
  rules: readonly RuleView[];
  /** Web UI addresses the extension works on. */
  origins: readonly string[];
}

/** The rule the form changes: the one for exactly this namespace that names this address; otherwise a new one is made. */
export function ruleToChange(here: RulesHere, origin: string, namespace: string): RuleView | undefined {
  const rule = ruleFor(here, origin, namespace);
  return rule && rule.namespace === namespace && rule.addresses !== 'every' && rule.addresses.includes(origin) ? rule : undefined;
}

/** The form's first values: the rule's own, or those of a new rule. Secrets always start empty: they are never sent back. */
export function initialFields(rule: RuleView | undefined): SetupFields {
  return {
    mode: rule?.mode ?? 'remote',
    endpoint: rule?.endpoint ?? '',
    accessToken: '',
    keyId: rule?.activeKeyId ?? rule?.keyIds[0] ?? '',
    key: '',
    remember: rule ? keepsSecretsOnDevice(rule) : false,
  };
}

/** The keys a save sends: the form's own first, then the rule's others as they were (an entry without a key keeps its saved one). */
function setupKeys(fields: SetupFields, rule: RuleView | undefined): NonNullable<RuleInput['keys']> {
  if (fields.mode !== 'local') return [];
  // Compared as the background compares key IDs, without the spaces around them.
  const otherKeys = (rule?.keyIds ?? []).filter((keyId) => keyId !== fields.keyId.trim()).map((keyId) => ({ keyId }));
  return [{ keyId: fields.keyId, key: fields.key }, ...otherKeys];
}

export function setupInput(fields: SetupFields, origin: string, namespace: string, rule: RuleView | undefined): RuleInput {
  return {
    ...(rule ? { id: rule.id } : {}),
    namespace,
    addresses: rule ? rule.addresses : [origin],
    mode: fields.mode,
    encodeRequests: rule?.encodeRequests ?? true,
    privateView: rule?.privateView ?? false,
    endpoint: fields.mode === 'remote' ? fields.endpoint : (rule?.endpoint ?? ''),
    includeCredentials: rule?.includeCredentials ?? false,
    accessToken: fields.mode === 'remote' ? fields.accessToken : '',
    headers: (rule?.headers ?? []).map(({ name }) => ({ name })),
    keys: setupKeys(fields, rule),
    ...(fields.mode === 'local' ? { activeKeyId: fields.keyId.trim() } : rule?.activeKeyId !== undefined ? { activeKeyId: rule.activeKeyId } : {}),
    ...(rule ? { seen: seenIn(rule) } : {}),
    remember: fields.remember,
  };
}

/**
 * What saving forgets when the endpoint typed names another codec server than the one the rule's secrets are bound to
 * (`leftAt`), said before the save; undefined when nothing saved would go. Header values cannot be entered here: a
 * rule with them is moved in the settings.
 */
export function forgottenOnMove(rule: RuleView, leftAt: string): string | undefined {
  if (rule.headers.some((header) => isHeld(header.value))) return `This rule’s saved header values are only ever sent to ${leftAt}: move it to another codec server in the settings, where they are entered.`;
  const saved = [...(isHeld(rule.token) ? ['access token'] : []), ...(isHeld(rule.idToken) ? ['ID token'] : [])];
  if (saved.length === 0) return undefined;
  const one = saved.length === 1;
  return `This rule’s saved ${saved.join(' and ')} ${one ? 'is' : 'are'} only ever sent to ${leftAt}: saving with this endpoint forgets ${one ? 'it' : 'them'}.`;
}

/**
 * Why the form's key cannot be saved, said beside its Key ID or Key, as the background would refuse it: a key typed
 * that is not one, or none typed under an ID that has none saved. Only the form's own key: the rule's other keys,
 * sent back as they were, are not the form's to change.
 */
export function setupKeyProblem(fields: SetupFields, rule: RuleView | undefined): KeyEntryProblem | undefined {
  if (fields.mode !== 'local') return undefined;
  const [own] = keyEntryProblems(setupKeys(fields, rule).map(({ keyId, key }) => ({ keyId, given: isTypedSecret(key), saved: rule?.keys[keyId.trim()]?.present === true })));
  if (own?.field === 'keyId' || !isTypedSecret(fields.key)) return own;
  return typedKeyProblem(fields.keyId, fields.key);
}

/** Whether a save sends the codec server a token or header value: the token typed now, or secrets of the rule kept as saved. */
export function setupCarriesSecrets(fields: SetupFields, rule: RuleView | undefined): boolean {
  if (fields.mode !== 'remote') return false;
  const keptHeaders = rule !== undefined && secretsLeftAt(rule, fields.endpoint) === undefined && rule.headers.some((header) => isHeld(header.value));
  return isTypedToken(fields.accessToken) || keepsSavedToken(rule, fields.endpoint) || keptHeaders;
}
