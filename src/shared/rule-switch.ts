/**
 * What a rule's switch does besides decoding. A switched-off rule gives its namespaces a plan that neither decodes nor
 * encodes (background/tab-handlers.ts), so what the Web UI sends there leaves as the page wrote it: the popup and the
 * settings page say so wherever they speak of the switch, not only of decoding.
 */
import type { RuleView } from './messages/views';

/** Said of switching the rule off, for `where` (its namespaces, as shown); undefined for a rule that encodes nothing. */
export function unencodedWhenOff(rule: Pick<RuleView, 'encodeRequests'>, where: string): string | undefined {
  return rule.encodeRequests ? `what the Web UI sends in ${where} goes unencoded` : undefined;
}

