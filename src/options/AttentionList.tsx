import { describeNamespaces } from '../core/settings/namespace-pattern';
import { request } from '../shared/extension-page-client';
import { movedSecretsQuestion, withNothingWaiting } from '../shared/moved-secrets';
import type { RuleView } from '../shared/messages/views';
import { ConfirmButton } from './ConfirmButton';
import { HEADINGS, withItemGone } from './focus';
import { useOptions } from './store';

/**
 * What needs the user: rules carried over from the previous version, which apply on every
 * enabled address until narrowed and whose tokens wait until their codec server is confirmed,
 * and anything stored that could not be read (kept, never dropped).
 */
export function AttentionList({ onEdit }: { onEdit(rule: RuleView): void }) {
  const { rules, setAside, act } = useOptions();
  /** An item that goes at once with what answered it, and the keyboard to the section, or past it once it is empty. */
  const answered = (run: () => Promise<boolean>) => void withItemGone(run, HEADINGS.attention, HEADINGS.rules);
  const toNarrow = rules.filter((rule) => rule.askToNarrow);
  const toConfirm = rules.flatMap((rule) => {
    const question = movedSecretsQuestion(rule);
    return question ? [{ rule, question }] : [];
  });
  if (toNarrow.length === 0 && toConfirm.length === 0 && setAside.length === 0) return null;
  const discarded = (secrets: number) =>
    secrets === 0 ? 'Discarded what could not be read.' : `Discarded what could not be read, and ${secrets === 1 ? 'the secret' : `the ${secrets} secrets`} saved for it.`;
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
              onClick={() =>
                answered(() =>
                  act(() => request('keep-addresses', { ruleId: rule.id }), `The rule for “${rule.namespace}” keeps every enabled address.`, {
                    rules: rules.map((r) => (r.id === rule.id ? { ...r, askToNarrow: false } : r)),
                  }),
                )
              }
              aria-label={`Keep every address for the rule for ${describeNamespaces(rule.namespace)}`}
            >
              Keep every address
            </button>
          </li>
        ))}
        {toConfirm.map(({ rule, question: { origin, sentence, count, sendable } }) => {
          const name = `the rule for ${describeNamespaces(rule.namespace)}`;
          const them = count === 1 ? 'it' : 'them';
          const confirmed = (bound: number) => (bound > 0 ? `The rule for “${rule.namespace}” sends ${them} to ${origin} now.` : `Nothing of the rule for “${rule.namespace}” was waiting any more.`);
          return (
            <li key={`confirm:${rule.id}`}>
              {`In ${name}, ${sentence.charAt(0).toLowerCase()}${sentence.slice(1)}`}{' '}
              {sendable ? (
                <>
                  <button
                    type="button"
                    onClick={() => answered(() => act(() => request('confirm-moved-secrets', { ruleId: rule.id, origin }), confirmed, { rules: rules.map((r) => (r.id === rule.id ? withNothingWaiting(r, true) : r)) }))}
                    aria-label={`Send ${them} to ${origin}: what ${name} brought from Payload Lens 0.1.0`}
                  >
                    Send {them} to {origin}
                  </button>{' '}
                </>
              ) : null}
              <ConfirmButton
                label={`Forget ${them}`}
                name={`Forget ${them}: what ${name} brought from Payload Lens 0.1.0`}
                question={`Forget what ${name} brought from Payload Lens 0.1.0? You would have to type ${them} again.`}
                confirmLabel={`Forget ${them}`}
                onConfirm={() =>
                  answered(() =>
                    act(() => request('forget-moved-secrets', { ruleId: rule.id }), `Forgot what the rule for “${rule.namespace}” brought from Payload Lens 0.1.0.`, {
                      rules: rules.map((r) => (r.id === rule.id ? withNothingWaiting(r, false) : r)),
                    }),
                  )
                }
              />
            </li>
          );
        })}
        {setAside.map((entry, index) => (
          <li key={`${index}:${entry.key}`}>
            <span className="bad">{entry.problem}</span> It was kept aside on {new Date(entry.since).toLocaleString()} and is not used:
            <pre className="excerpt">{entry.excerpt}</pre>
            <button
              type="button"
              onClick={() => answered(() => act(() => request('discard-set-aside', { key: entry.key }), discarded, { setAside: setAside.filter((_, other) => other !== index) }))}
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
