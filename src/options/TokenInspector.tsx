import { useEffect, useState } from 'react';
import { describeNamespaces } from '../core/settings/namespace-pattern';
import { OPAQUE_SENTENCE, claimDate, countdown, tokenFacts, tokenWarnings, type TokenFacts } from '../core/token';

interface Props {
  /** The token typed into "Access token", if any: read here, in the page, and sent nowhere. */
  typed: string;
  /** What the background read from the saved token, when nothing is typed. */
  saved: TokenFacts | undefined;
  /** The rule's namespace, name or pattern, as typed. */
  namespace: string;
  permissionsClaim: string;
}

/** The clock, once a second while something counts down. */
function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}

const listed = (items: readonly string[]) => (items.length > 0 ? items.join(', ') : 'none');

/** What a JWT access token says of itself: who issued it, for whom, until when, and what it lets the rule decode. */
export function TokenInspector({ typed, saved, namespace, permissionsClaim }: Props) {
  const token = typed.trim();
  const namespaces = namespace.trim() ? [namespace.trim()] : [];
  const facts = token ? tokenFacts(token, namespaces, { permissionsClaim: permissionsClaim.trim() || undefined }) : saved;
  const now = useNow(facts?.expiresAt !== undefined);
  if (token && !facts) return <p className="hint muted token-inspector">{OPAQUE_SENTENCE}</p>;
  if (!facts) return null;
  const warnings = tokenWarnings(facts, now);
  const expiresAt = facts.expiresAt;
  const expiry = expiresAt === undefined ? undefined : claimDate(expiresAt);
  return (
    <section className="token-inspector" aria-label={token ? 'What the access token says' : 'What the saved access token says'}>
      <h3>{token ? 'What this token says' : 'What the saved token says'}</h3>
      <dl>
        <dt>Issuer</dt>
        <dd>{facts.issuer ?? 'not named'}</dd>
        <dt>Subject</dt>
        <dd>{facts.subject ?? 'not named'}</dd>
        <dt>Audience</dt>
        <dd>{listed(facts.audience)}</dd>
        <dt>Expires</dt>
        <dd>
          {expiresAt === undefined ? (
            'never (no expiry in the token)'
          ) : (
            <>
              {expiry ? <time dateTime={expiry.toISOString()}>{expiry.toLocaleString()}</time> : 'later than any calendar date'} ({now / 1000 >= expiresAt ? `expired ${countdown(expiresAt, now)}` : countdown(expiresAt, now)})
            </>
          )}
        </dd>
        <dt>Temporal permissions</dt>
        <dd>
          {!facts.hasPermissions ? (
            `The token has no “${permissionsClaim || 'permissions'}” claim, so it says nothing about Temporal permissions.`
          ) : (
            <ul className="grants">
              {facts.systemWide.length > 0 ? <li>every namespace (system-wide): {listed(facts.systemWide)}</li> : null}
              {facts.grants.flatMap((grant) =>
                grant.matches.length > 0
                  ? grant.matches.map((match) => (
                      <li key={`${grant.rule}:${match.namespace}`}>
                        “{match.namespace}”: {listed(match.permissions)}
                      </li>
                    ))
                  : [<li key={grant.rule}>{describeNamespaces(grant.rule)}: none of its own</li>],
              )}
            </ul>
          )}
        </dd>
      </dl>
      {/* Announced when a pasted token brings them; each one says "Warning", not only its colour. */}
      <ul className="token-warnings" aria-live="polite">
        {warnings.map((warning) => (
          <li key={warning.kind + ('rule' in warning ? warning.rule : '')} className="bad">
            <strong>Warning:</strong> {warning.sentence}
          </li>
        ))}
      </ul>
    </section>
  );
}
