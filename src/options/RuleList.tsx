import { allowsDecode } from '../core/token';
import type { RuleView } from '../shared/messages';
import { useOptions } from './store';

/** What the saved token says about itself that will make the codec server refuse it, if anything. */
function tokenWarning(rule: RuleView): string | undefined {
  const { token } = rule;
  if (rule.mode !== 'remote' || !token.present) return undefined;
  if (token.expiresAt !== undefined && token.expiresAt * 1000 < Date.now()) {
    return `The saved token expired ${new Date(token.expiresAt * 1000).toLocaleString()}.`;
  }
  if (token.permissions && !allowsDecode(token.permissions)) return `The saved token grants no read permission on “${rule.namespace}”.`;
  return undefined;
}

function describe(rule: RuleView): string {
  if (rule.mode === 'local') {
    const ids = rule.keyIds.map((id) => (id ? `“${id}”` : '(empty id)')).join(', ');
    return `Local key ${ids}`;
  }
  const token = rule.token.present ? 'with a saved access token' : 'without an access token';
  return `Codec server ${rule.endpoint ?? ''} ${token}`;
}

export function RuleList({ onEdit }: { onEdit(rule: RuleView): void }) {
  const { rules, loaded, remove, setEnabled, forgetToken } = useOptions();
  if (!loaded) return <p className="muted">Loading…</p>;
  if (rules.length === 0) return <p className="muted">No namespace is decoded yet. Add one below.</p>;
  return (
    <ul className="rules" aria-label="Decoded namespaces">
      {rules.map((rule) => (
        <li key={rule.id} className="rule">
          <div>
            <strong>{rule.namespace}</strong>
            <div className="muted">{describe(rule)}</div>
            {tokenWarning(rule) ? <div className="bad">{tokenWarning(rule)}</div> : null}
          </div>
          <label className="inline">
            <input type="checkbox" checked={rule.enabled} onChange={(e) => void setEnabled(rule, e.target.checked)} aria-label={`Decode ${rule.namespace}`} /> Decode
          </label>
          <button type="button" onClick={() => onEdit(rule)} aria-label={`Change ${rule.namespace}`}>Change</button>
          {rule.token.present ? (
            <button type="button" onClick={() => void forgetToken(rule)} aria-label={`Forget token of ${rule.namespace}`}>
              Forget token
            </button>
          ) : null}
          <button type="button" onClick={() => void remove(rule)} aria-label={`Remove ${rule.namespace}`}>Remove</button>
        </li>
      ))}
    </ul>
  );
}
