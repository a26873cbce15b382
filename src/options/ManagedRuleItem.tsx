import { describeNamespaces } from '../core/settings/namespace-pattern';
import { describeAddresses } from '../core/settings/rule-choice';
import { ManagedBadge } from '../shared/ManagedBadge';
import type { RuleView } from '../shared/messages/views';

/** A rule of the administrator's policy in the rule list: shown like the user's, with nothing to change or remove. */
export function ManagedRuleItem({ rule }: { rule: RuleView }) {
  const name = describeNamespaces(rule.namespace);
  return (
    <li className="rule managed">
      <div>
        <strong>{name}</strong>
        <div>
          on <span className="addresses-list">{describeAddresses(rule.addresses)}</span>
        </div>
        <div className="muted">
          Codec server {rule.endpoint ?? ''} {rule.includeCredentials ? 'with the browser’s cookies' : 'without credentials'}
        </div>
      </div>
      <ManagedBadge what={`The rule for ${name}`} />
    </li>
  );
}
