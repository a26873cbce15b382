import { describeNamespaces } from '../core/settings/namespace-pattern';
import { request } from '../shared/extension-page-client';
import type { RuleView } from '../shared/messages/views';
import { focusHeading, HEADINGS } from './focus';
import { useOptions } from './store';

/**
 * What needs the user: rules carried over from the previous version, which apply on every
 * enabled address until narrowed, and anything stored that could not be read (kept, never dropped).
 */
export function AttentionList({ onEdit }: { onEdit(rule: RuleView): void }) {
  const { rules, setAside, act } = useOptions();
  const toNarrow = rules.filter((rule) => rule.askToNarrow);
  if (toNarrow.length === 0 && setAside.length === 0) return null;
  // The item handled goes away with its buttons, and the section with its last item.
  const handled = (done: boolean) => done && focusHeading(HEADINGS.attention, HEADINGS.rules);
  return (
    <section aria-labelledby={HEADINGS.attention} className="attention">
      <h2 id={HEADINGS.attention} tabIndex={-1}>
        Needs your attention
      </h2>
      <ul>
        {toNarrow.map((rule) => (
          <li key={rule.id}>
            The rule for {describeNamespaces(rule.namespace)} applies on every enabled address, as all rules did before this version. Narrow it to the Web UI addresses where you use it, so no other page there can use its key or token.{' '}
            <button type="button" onClick={() => onEdit(rule)} aria-label={`Choose addresses for the rule for ${describeNamespaces(rule.namespace)}`}>
              Choose addresses
            </button>{' '}
            <button
              type="button"
              onClick={() => void act(() => request('keep-addresses', { ruleId: rule.id }), `The rule for “${rule.namespace}” keeps every enabled address.`).then(handled)}
              aria-label={`Keep every address for the rule for ${describeNamespaces(rule.namespace)}`}
            >
              Keep every address
            </button>
          </li>
        ))}
        {setAside.map((entry, index) => (
          <li key={`${index}:${entry.key}`}>
            <span className="bad">{entry.problem}</span> It was kept aside on {new Date(entry.since).toLocaleString()} and is not used:
            <pre className="excerpt">{entry.excerpt}</pre>
            <button
              type="button"
              onClick={() => void act(() => request('discard-set-aside', { key: entry.key }), 'Discarded what could not be read.').then(handled)}
              aria-label={`Discard it: what was kept aside on ${new Date(entry.since).toLocaleString()}`}
            >
              Discard it
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
