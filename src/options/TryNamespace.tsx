import { useId, useState } from 'react';
import { tryNamespace, trialSentence } from '../core/settings/rule-trial';
import type { RuleView } from '../shared/messages/views';
import { useOptions } from './store';
import './try-namespace.css';

const how = (rule: RuleView) => (rule.mode === 'remote' ? `through the codec server ${rule.endpoint ?? ''}` : 'with a local key');

/** "Try a namespace": which rule decides for a namespace on a Web UI address, as decoding will choose. */
export function TryNamespace() {
  const id = useId();
  const rules = useOptions((s) => s.rules);
  const origins = useOptions((s) => s.origins);
  const [namespace, setNamespace] = useState('');
  const [chosen, setChosen] = useState<string | undefined>();
  const origin = chosen ?? origins[0]?.origin;
  if (rules.length === 0 || origin === undefined) return null;
  const settings = { origins: origins.map((o) => o.origin), rules };
  return (
    <div className="try-namespace">
      <div className="row">
        <div>
          <label htmlFor={`${id}-ns`}>Try a namespace</label>
          <input id={`${id}-ns`} type="text" autoComplete="off" spellCheck={false} placeholder="payments" value={namespace} onChange={(e) => setNamespace(e.target.value)} aria-describedby={`${id}-result`} />
        </div>
        <div>
          <label htmlFor={`${id}-origin`}>On address</label>
          <select id={`${id}-origin`} value={origin} onChange={(e) => setChosen(e.target.value)}>
            {origins.map((o) => (
              <option key={o.origin} value={o.origin}>
                {o.origin}
              </option>
            ))}
          </select>
        </div>
      </div>
      <output id={`${id}-result`} aria-live="polite" className="hint">
        {namespace.trim() ? trialSentence(tryNamespace(settings, origin, namespace), namespace, origin, how) : 'Type a namespace to see which rule decodes it.'}
      </output>
    </div>
  );
}
