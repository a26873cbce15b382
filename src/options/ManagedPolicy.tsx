import browser from '../shared/browser';
import { originMatchPattern } from '../shared/compat';
import { focusHeading, HEADINGS } from './focus';
import { useOptions } from './store';

/**
 * What the administrator's policy asks of this browser: access to its addresses (a policy
 * cannot grant it; the user allows it once), and what of the policy could not be used.
 */
export function ManagedPolicy() {
  const { policy, act } = useOptions();
  if (!policy || (policy.needsAccess.length === 0 && policy.problems.length === 0)) return null;

  function allow() {
    // Asked from the click itself: browsers show the prompt only for a user gesture.
    const access = browser.permissions.request({ origins: policy!.needsAccess.map(originMatchPattern) }).catch(() => false);
    // The button goes with the request once access is granted, and the section with it when nothing else is left to
    // say: the keyboard waits at its heading, or at the rules'.
    void act(async () => {
      if (!(await access)) throw new Error('The browser did not grant access to the addresses your administrator set.');
    }, 'Allowed: reload the Web UI tabs of these addresses.').then((done) => done && focusHeading(HEADINGS.policy, HEADINGS.rules));
  }

  return (
    <section aria-labelledby={HEADINGS.policy} className="attention">
      <h2 id={HEADINGS.policy} tabIndex={-1}>
        Set by your administrator
      </h2>
      {policy.needsAccess.length > 0 ? (
        <p>
          Your administrator set up decoding on {policy.needsAccess.join(', ')}; the browser needs your permission before the extension can work there.{' '}
          <button type="button" onClick={allow}>
            Allow access
          </button>
        </p>
      ) : null}
      {policy.problems.length > 0 ? (
        <>
          <p>Part of the policy cannot be used; ask your administrator to correct it:</p>
          <ul>
            {policy.problems.map((problem, index) => (
              <li key={index}>
                <span className="bad">{problem.problem}</span>
                <pre className="excerpt">{problem.excerpt}</pre>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
