import { flushSync } from 'react-dom';
import { describeNamespaces } from '../core/settings/namespace-pattern';
import { describeAddresses } from '../core/settings/rule-choice';
import { tokenWarnings } from '../core/token';
import { request } from '../shared/extension-page-client';
import { forgottenSentence } from '../shared/forgotten-secrets';
import { listed } from '../shared/listed';
import type { RuleView } from '../shared/messages/views';
import { unencodedWhenOff } from '../shared/rule-switch';
import { isHeld } from '../shared/secrets-kept';
import { ConfirmButton } from './ConfirmButton';
import { HEADINGS, withItemGone } from './focus';
import { ManagedRuleItem } from './ManagedRuleItem';
import { privateViewExposedBy } from './private-view-exposure';
import { useOptions } from './store';

/** What the saved token says about itself that will make the codec server refuse it, if anything. */
function tokenWarning(rule: RuleView): string | undefined {
  const facts = rule.mode === 'remote' ? rule.token.facts : undefined;
  const warnings = facts ? tokenWarnings(facts, Date.now()) : [];
  return warnings.length > 0 ? `The saved token: ${warnings.map((w) => w.sentence).join(' ')}` : undefined;
}

function describe(rule: RuleView): string {
  if (rule.mode === 'local') {
    const ids = rule.keyIds.map((id) => `${id ? `“${id}”` : '(empty id)'}${rule.keys[id]?.present ? '' : rule.keys[id]?.forgotten ? ' (key forgotten)' : ' (key not saved)'}`).join(', ');
    return `Local key ${ids}`;
  }
  const kept = (remembered: boolean) => (remembered ? 'remembered' : 'until the browser closes');
  const waits = ' (waiting under “Needs your attention”)';
  const token = rule.token.present
    ? `with a saved access token (${kept(rule.token.remembered)})`
    : rule.token.awaitsConfirmation
      ? `with an access token from Payload Lens 0.1.0${waits}`
      : rule.token.forgotten
        ? 'whose access token was forgotten'
        : 'without an access token';
  const extras = [
    ...(rule.idToken.present ? ['an ID token'] : rule.idToken.awaitsConfirmation ? [`an ID token${waits}`] : rule.idToken.forgotten ? ['an ID token (forgotten)'] : []),
    ...rule.headers.map((header) => `header ${header.name}${header.value.present ? '' : header.value.awaitsConfirmation ? waits : header.value.forgotten ? ' (value forgotten)' : ' (value not saved)'}`),
    ...(rule.includeCredentials ? ['browser cookies'] : []),
  ];
  return `Codec server ${rule.endpoint ?? ''} ${token}${extras.length > 0 ? `, ${extras.join(', ')}` : ''}`;
}

/** What moving a rule's switch did; off, a rule that encodes stops encoding too. */
function switchNotice(rule: RuleView, enabled: boolean): string {
  const where = describeNamespaces(rule.namespace);
  if (enabled) return `Decoding ${where}.`;
  const unencoded = unencodedWhenOff(rule, where);
  return `Not decoding ${where}${unencoded ? `: ${unencoded}` : ''}.`;
}

/** Whether removing the rule loses anything that cannot be typed in again from the settings alone. */
const hasSecrets = (rule: RuleView): boolean =>
  isHeld(rule.token) || isHeld(rule.idToken) || rule.headers.some((header) => isHeld(header.value)) || Object.values(rule.keys).some((key) => key.present);

/** When a page could have another rule decode what this one keeps from it, which rule and how to close the gap. */
function privateViewWarning(rule: RuleView, rules: readonly RuleView[]): string | undefined {
  const others = privateViewExposedBy(rule, rules).map((other) => describeNamespaces(other.namespace));
  if (others.length === 0) return undefined;
  const one = others.length === 1;
  const which = `${one ? 'the rule' : 'the rules'} for ${listed(others)}`;
  const how = rule.mode === 'remote' ? 'through the same codec server' : 'with a key of the same ID';
  return `A page there can still see these payloads decoded, by asking for them under another namespace: ${which} ${one ? 'decodes' : 'decode'} them ${how} and ${one ? 'shows' : 'show'} the page the plaintext. Show plaintext only inside Payload Lens for ${one ? 'that rule' : 'those rules'} too, or give ${one ? 'it' : 'them'} a codec server or key of ${one ? 'its' : 'their'} own.`;
}

export function RuleList({ onEdit }: { onEdit(rule: RuleView): void }) {
  const { rules, loaded, act } = useOptions();

  /** The switch moves at once; the rule is switched when the background has stored it. */
  function switchRule(rule: RuleView, enabled: boolean) {
    void act(() => request('set-rule-enabled', { ruleId: rule.id, enabled }), switchNotice(rule, enabled), { rules: rules.map((r) => (r.id === rule.id ? { ...r, enabled } : r)) });
  }

  /** The button goes with the token, at once; its row stays, and the keyboard goes to the row's Change. */
  function forgetToken(button: HTMLButtonElement, rule: RuleView, name: string) {
    const row = button.closest('li');
    const forgotten = rules.map((r) => (r.id === rule.id ? { ...r, token: { present: false, remembered: false } } : r));
    flushSync(() => void act(() => request('forget-token', { ruleId: rule.id }), `Forgot the access token of “${name}”.`, { rules: forgotten }));
    row?.querySelector<HTMLButtonElement>(`button[aria-label="${CSS.escape(`Change ${name}`)}"]`)?.focus();
  }
  if (!loaded) return <p className="muted">Loading…</p>;
  if (rules.length === 0) return <p className="muted">No namespace is decoded yet. Add a rule below.</p>;
  return (
    <ul className="rules" aria-label="Rules">
      {rules.map((rule) => {
        if (rule.managed) return <ManagedRuleItem key={rule.id} rule={rule} />;
        const name = rule.namespace;
        const warning = tokenWarning(rule);
        const forgotten = forgottenSentence(rule);
        const exposed = privateViewWarning(rule, rules);
        return (
          <li key={rule.id} className="rule">
            <div>
              <strong>{describeNamespaces(name)}</strong>
              <div>
                on <span className="addresses-list">{describeAddresses(rule.addresses)}</span>
              </div>
              <div className="muted">{describe(rule)}</div>
              {warning ? <div className="bad">{warning}</div> : null}
              {forgotten ? <div className="bad">{forgotten} Change the rule to do so.</div> : null}
              {exposed ? <div className="bad">{exposed}</div> : null}
              {rule.overriddenBy ? <div className="bad">Not used where your administrator’s rule for {rule.overriddenBy} decides.</div> : null}
            </div>
            <label className="inline">
              <input type="checkbox" checked={rule.enabled} onChange={(e) => switchRule(rule, e.target.checked)} aria-label={`Decode ${name}`} /> Decode
            </label>
            <button type="button" onClick={() => onEdit(rule)} aria-label={`Change ${name}`}>
              Change
            </button>
            {rule.token.present ? (
              <button type="button" onClick={(event) => forgetToken(event.currentTarget, rule, name)} aria-label={`Forget token of ${name}`}>
                Forget token
              </button>
            ) : null}
            <ConfirmButton
              label="Remove"
              name={`Remove ${name}`}
              question={`Remove the rule for ${describeNamespaces(name)}${hasSecrets(rule) ? ' and its saved secrets' : ''}?`}
              confirmLabel="Remove it"
              onConfirm={() =>
                void withItemGone(() => act(() => request('delete-rule', { ruleId: rule.id }), `Removed the rule for “${name}” and its secrets.`, { rules: rules.filter((r) => r.id !== rule.id) }), HEADINGS.rules)
              }
            />
          </li>
        );
      })}
    </ul>
  );
}
