import type { RuleView } from '../shared/messages';
import { useOptions } from './store';

function describe(rule: RuleView): string {
  if (rule.mode === 'local') {
    const ids = rule.keyIds.map((id) => (id ? `“${id}”` : '(empty id)')).join(', ');
    return `Local key ${ids}`;
  }
  const token = rule.token.present ? 'with a saved access token' : 'without an access token';
  return `Codec server ${rule.endpoint ?? ''} ${token}`;
}

export function RuleList({ onEdit }: { onEdit(rule: RuleView): void }) {
  const { rules, loaded, remove, setEnabled } = useOptions();
  if (!loaded) return <p className="muted">Loading…</p>;
  if (rules.length === 0) return <p className="muted">No namespace is decoded yet. Add one below.</p>;
  return (
    <ul className="rules" aria-label="Decoded namespaces">
      {rules.map((rule) => (
        <li key={rule.id} className="rule">
          <div>
            <strong>{rule.namespace}</strong>
            <div className="muted">{describe(rule)}</div>
          </div>
          <label className="inline">
            <input type="checkbox" checked={rule.enabled} onChange={(e) => void setEnabled(rule, e.target.checked)} aria-label={`Decode ${rule.namespace}`} /> Decode
          </label>
          <button type="button" onClick={() => onEdit(rule)} aria-label={`Change ${rule.namespace}`}>Change</button>
          <button type="button" onClick={() => void remove(rule)} aria-label={`Remove ${rule.namespace}`}>Remove</button>
        </li>
      ))}
    </ul>
  );
}
