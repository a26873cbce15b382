/** Which namespace the file comes from, and which rule decodes it (a codec server may want to know the namespace). */
import { useId } from 'react';
import type { RuleView } from '../shared/messages/views';
import { ruleMismatch } from './rule-for-namespace';

const describe = (rule: RuleView) => `${rule.namespace} — ${rule.mode === 'remote' ? `codec server ${rule.endpoint ?? ''}` : 'local key'}${rule.enabled ? '' : ' (switched off)'}`;

interface Props {
  rules: RuleView[];
  /** '' while no rule is chosen: Decode waits for one. */
  ruleId: string;
  namespace: string;
  onRule(ruleId: string): void;
  onNamespace(namespace: string): void;
}

export function RulePicker({ rules, ruleId, namespace, onRule, onNamespace }: Props) {
  const id = useId();
  const typed = namespace.trim();
  const chosen = rules.find((rule) => rule.id === ruleId);
  const hint = chosen ? ruleMismatch(chosen, typed) : typed === '' ? 'Type the namespace to choose the rule that decodes it.' : `No rule decodes the namespace “${typed}”.`;
  return (
    <div className="rule-picker">
      <label htmlFor={`${id}-ns`}>Namespace</label>
      <input id={`${id}-ns`} type="text" spellCheck={false} value={namespace} onChange={(e) => onNamespace(e.target.value)} aria-describedby={`${id}-ns-hint`} />
      <p id={`${id}-ns-hint`} className="hint muted">
        The namespace the history comes from, which the file does not say: a codec server is told it, as the Web UI tells it.
      </p>
      <label htmlFor={`${id}-rule`}>Decode with the rule</label>
      <select id={`${id}-rule`} value={ruleId} onChange={(e) => onRule(e.target.value)} aria-describedby={`${id}-rule-hint`}>
        <option value="">No rule chosen</option>
        {rules.map((rule) => (
          <option key={rule.id} value={rule.id}>
            {describe(rule)}
          </option>
        ))}
      </select>
      <p id={`${id}-rule-hint`} className="hint" aria-live="polite">
        {hint}
      </p>
    </div>
  );
}
