/**
 * Whether a rule's saved secrets are kept on this device: a form that edits the rule starts its "Remember on this
 * device" from it, so that a secret entered again (a refreshed token, a new key) is kept as the ones before it were.
 */
import type { RuleView } from './messages/views';

export function keepsSecretsOnDevice(rule: RuleView): boolean {
  if (rule.mode === 'local') return Object.values(rule.keys).some((key) => key.remembered);
  return rule.token.remembered || rule.idToken.remembered || rule.headers.some((header) => header.value.remembered);
}
