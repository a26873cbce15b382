/**
 * A rule's tokens and header values moved from Payload Lens 0.1.0, whose settings content scripts could change: they
 * are sent to the rule's codec server only once the user confirms that address. The settings page asks; the popup
 * points there.
 */
import { codecOrigin } from '../core/remote/codec-url';
import { listed } from './listed';
import type { RuleView } from './messages/views';

/** What waits, in the words of the settings: "the access token", "the X-Tenant header". */
export function movedSecrets(rule: RuleView): string[] {
  if (rule.mode !== 'remote') return [];
  return [
    ...(rule.token.awaitsConfirmation ? ['the access token'] : []),
    ...(rule.idToken.awaitsConfirmation ? ['the ID token'] : []),
    ...rule.headers.filter((header) => header.value.awaitsConfirmation).map((header) => `the ${header.name} header`),
  ];
}

/** The address they would go to, and one sentence naming them; undefined when nothing waits. */
export function movedSecretsQuestion(rule: RuleView): { origin: string; sentence: string; count: number } | undefined {
  const waiting = movedSecrets(rule);
  const origin = rule.endpoint === undefined ? null : codecOrigin(rule.endpoint);
  if (waiting.length === 0 || origin === null) return undefined;
  const list = listed(waiting);
  const one = waiting.length === 1;
  return {
    origin,
    count: waiting.length,
    sentence: `${list.charAt(0).toUpperCase()}${list.slice(1)} ${one ? 'comes' : 'come'} from Payload Lens 0.1.0, whose settings a web page could change, and ${one ? 'is' : 'are'} sent to ${origin} only once you confirm that it is your codec server.`,
  };
}
