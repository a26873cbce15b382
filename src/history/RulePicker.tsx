/** Which rule decodes the file, and for which namespace (a codec server may want to know). */
import { useId } from 'react';
import { namespaceMatches } from '../core/settings/namespace-pattern';
import type { RuleView } from '../shared/messages/views';

/** The rule for a namespace the file names: an exact namespace first, then the most specific pattern. */
export function ruleForNamespace(rules: RuleView[], namespace: string | undefined): RuleView | undefined {
  if (namespace === undefined) return rules[0];
  const matching = rules.filter((rule) => namespaceMatches(rule.namespace, namespace));
  return matching.find((rule) => rule.namespace === namespace) ?? matching.sort((a, b) => b.namespace.length - a.namespace.length)[0] ?? rules[0];
}

const describe = (rule: RuleView) => `${rule.namespace} — ${rule.mode === 'remote' ? `codec server ${rule.endpoint ?? ''}` : 'local key'}${rule.enabled ? '' : ' (switched off)'}`;

interface Props {
  rules: RuleView[];
  ruleId: string;
  namespace: string;
  onRule(ruleId: string): void;
  onNamespace(namespace: string): void;
}

export function RulePicker({ rules, ruleId, namespace, onRule, onNamespace }: Props) {
  const id = useId();
  return (
    <div className="rule-picker">
      <label htmlFor={`${id}-rule`}>Decode with the rule</label>
      <select id={`${id}-rule`} value={ruleId} onChange={(e) => onRule(e.target.value)}>
        {rules.map((rule) => (
          <option key={rule.id} value={rule.id}>
            {describe(rule)}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-ns`}>Namespace</label>
      <input id={`${id}-ns`} type="text" spellCheck={false} value={namespace} onChange={(e) => onNamespace(e.target.value)} aria-describedby={`${id}-ns-hint`} />
      <p id={`${id}-ns-hint`} className="hint muted">
        The namespace the history comes from: a codec server is told it, as the Web UI tells it.
      </p>
    </div>
  );
}
