/** How a rule's saved secrets are kept, as the forms that change the rule tell the user before a save. */
import { codecOrigin } from '../core/remote/codec-url';
import type { RuleView, SecretStatus } from './messages/views';

/**
 * Whether the rule holds the secret for its codec server: usable now, or moved from Payload Lens 0.1.0 and waiting for
 * that address to be confirmed. A save to the same codec server keeps either; a save to another forgets either.
 */
export const isHeld = (status: SecretStatus): boolean => status.present || status.awaitsConfirmation === true;

/**
 * Whether they are kept on this device: a form that edits the rule starts its "Remember on this device" from it, so
 * that a secret entered again (a refreshed token, a new key) is kept as the ones before it were.
 */
export function keepsSecretsOnDevice(rule: RuleView): boolean {
  if (rule.mode === 'local') return Object.values(rule.keys).some((key) => key.remembered);
  return rule.token.remembered || rule.idToken.remembered || rule.headers.some((header) => header.value.remembered);
}

/** What a form that changes the rule was opened with, for the save to keep what was added elsewhere meanwhile. */
export function seenIn(rule: RuleView): { keyIds: string[]; headerNames: string[] } {
  return { keyIds: rule.keyIds, headerNames: rule.headers.map((header) => header.name) };
}

/** Whether a save with `endpoint` keeps the rule's saved access or ID token: one is saved, for this same codec server. */
export function keepsSavedToken(rule: RuleView | undefined, endpoint: string): boolean {
  return rule !== undefined && (isHeld(rule.token) || isHeld(rule.idToken)) && secretsLeftAt(rule, endpoint) === undefined;
}

/**
 * The codec server the rule's saved secrets are bound to, when the endpoint typed now is another one's: they are never
 * sent there, and saving forgets them. Undefined while the endpoint is the same server's, or not an address yet.
 */
export function secretsLeftAt(rule: RuleView | undefined, endpoint: string): string | undefined {
  const saved = rule?.endpoint === undefined ? null : codecOrigin(rule.endpoint);
  const typed = codecOrigin(endpoint.trim());
  return saved !== null && typed !== null && typed !== saved ? saved : undefined;
}

/** Said beside "Remember on this device" where a save applies the choice to secrets saved before (rule-editing.ts moves them). */
export const REMEMBER_APPLIES_TO_SAVED = 'Saving applies it to the secrets already saved for the rule too.';
