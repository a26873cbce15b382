/**
 * The rule the history page offers for the namespace the user typed. A history file does not name its own workflow's
 * namespace (the namespaces its events name are a parent's, a child's or a signalled workflow's), and a rule chosen
 * for another namespace would send the file's payloads, with that rule's token, to another team's codec server: so
 * none is offered until the user types a namespace that a rule decodes.
 */
import { describeNamespaces, namespaceMatches, namespaceSpecificity } from '../core/settings/namespace-pattern';
import type { RuleView } from '../shared/messages/views';

/** The rule whose namespaces include `namespace`, the most specific first (an exact name before any pattern). */
export function ruleForNamespace(rules: readonly RuleView[], namespace: string): RuleView | undefined {
  if (namespace === '') return undefined;
  let best: RuleView | undefined;
  for (const rule of rules) {
    if (!namespaceMatches(rule.namespace, namespace)) continue;
    if (!best || compareSpecificity(namespaceSpecificity(rule.namespace), namespaceSpecificity(best.namespace)) > 0) best = rule;
  }
  return best;
}

const compareSpecificity = ([rank, literals]: [number, number], [otherRank, otherLiterals]: [number, number]) => rank - otherRank || literals - otherLiterals;

/**
 * Said when the rule picked by hand is not one for the namespace typed: its codec server gets the payloads all the
 * same, told they come from that namespace, so the user should see that before choosing Decode.
 */
export function ruleMismatch(rule: RuleView, typed: string): string {
  if (typed === '' || namespaceMatches(rule.namespace, typed)) return '';
  const sent = rule.mode === 'remote' ? `Decode sends the payloads to its codec server all the same, saying they come from “${typed}”.` : 'Decode tries its key all the same.';
  return `The rule chosen is for ${describeNamespaces(rule.namespace)}, not “${typed}”: ${sent}`;
}
