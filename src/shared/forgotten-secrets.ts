/**
 * A rule's secrets that were kept only until the browser closed (or Payload Lens updated) and are gone since. Nothing is sent without them, and
 * the payloads they open say so; the popup and the options page name them too, where the user enters them again.
 */
import { listed } from './listed';
import type { RuleView, SecretStatus } from './messages/views';

/** A codec server rule's secrets whose status `which` picks, in the words of the settings: "the access token", "the X-Tenant header". */
export function remoteSecretsWhere(rule: RuleView, which: (status: SecretStatus) => boolean): string[] {
  return [
    ...(which(rule.token) ? ['the access token'] : []),
    ...(which(rule.idToken) ? ['the ID token'] : []),
    ...rule.headers.filter((header) => which(header.value)).map((header) => `the ${header.name} header`),
  ];
}

/** What is gone, in the words of the settings: "the access token", "the X-Tenant header", "the key “k1”". */
export function forgottenSecrets(rule: RuleView): string[] {
  if (rule.mode === 'local') return rule.keyIds.filter((id) => rule.keys[id]?.forgotten).map((id) => `the key ${id ? `“${id}”` : 'with the empty ID'}`);
  return remoteSecretsWhere(rule, (status) => status.forgotten === true);
}

/** One sentence naming what is gone, or undefined when nothing is; `where` says where to enter it, when not right there. */
export function forgottenSentence(rule: RuleView, where?: string): string | undefined {
  const gone = forgottenSecrets(rule);
  if (gone.length === 0) return undefined;
  const list = listed(gone);
  const one = gone.length === 1;
  return `${list.charAt(0).toUpperCase()}${list.slice(1)} ${one ? 'was' : 'were'} kept only until the browser closed or Payload Lens updated, and ${one ? 'is' : 'are'} gone: enter ${one ? 'it' : 'them'} again${where ? ` ${where}` : ''}.`;
}
