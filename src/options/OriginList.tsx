import { useId, useRef, useState, type FormEvent } from 'react';
import { flushSync } from 'react-dom';
import { parseOrigin } from '../core/origins';
import { request } from '../shared/extension-page-client';
import { FieldProblem, problemAttributes } from '../shared/FieldProblem';
import { ManagedBadge } from '../shared/ManagedBadge';
import { requestOriginAccess } from '../shared/host-permission';
import { focusHeading, HEADINGS, withItemGone } from './focus';
import { KeptGrants } from './KeptGrants';
import { useOptions } from './store';

/** Web UI addresses the extension works on: the built-in ones and those the user added, and grants for many sites kept over them. */
export function OriginList() {
  const { origins, act } = useOptions();
  const id = useId();
  const [address, setAddress] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const field = useRef<HTMLInputElement>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    useOptions.setState({ notice: undefined });
    const parsed = parseOrigin(address);
    // Said beside the field, which takes the keyboard (rendered first, so that it is read out with the field), and in
    // the notice, which is read out when the keyboard was in the field already (Enter pressed there).
    flushSync(() => setProblem(parsed.ok ? undefined : parsed.reason));
    if (!parsed.ok) {
      useOptions.setState({ notice: { tone: 'bad', text: parsed.reason } });
      field.current?.focus();
      return;
    }
    // Asked from the click itself: browsers show the prompt only for a user gesture.
    const access = requestOriginAccess(parsed.origin);
    setBusy(true);
    void access
      .then(async (granted) => {
        if (!granted) {
          useOptions.setState({ notice: { tone: 'bad', text: `Not added: the browser did not grant access to ${parsed.origin}.` } });
          return;
        }
        if (await act(() => request('add-origin', { origin: parsed.origin }), `Added ${parsed.origin}: reload its tabs, and choose it under “Applies on” in the rules that should decode there.`)) setAddress('');
      })
      .finally(() => setBusy(false));
  }

  /**
   * An added address whose access was withdrawn in the browser is asked for again from its own row; once the browser
   * grants it, the background registers the address's scripts again, as for any grant (index.ts, resync).
   */
  function allowAgain(origin: string) {
    useOptions.setState({ notice: undefined });
    // Asked from the click itself: browsers show the prompt only for a user gesture.
    const access = requestOriginAccess(origin);
    // The button goes with the warning once the grant is reported: the keyboard waits at the list's heading.
    void act(async () => {
      if (!(await access)) throw new Error(`The browser did not grant access to ${origin}.`);
    }, `Allowed ${origin} again: reload its tabs.`).then((done) => done && focusHeading(HEADINGS.origins));
  }

  return (
    <section aria-labelledby={HEADINGS.origins}>
      <h2 id={HEADINGS.origins} tabIndex={-1}>
        Web UI addresses
      </h2>
      <ul className="origins">
        {origins.map((o) => (
          <li key={o.origin}>
            <code>{o.origin}</code>
            {o.builtIn ? <span className="muted"> built in</span> : null}
            {o.managed ? <ManagedBadge what={o.origin} /> : null}
            {o.managed && !o.granted ? <span className="bad"> not allowed in the browser yet: see “Set by your administrator”</span> : null}
            {!o.builtIn && !o.managed && !o.granted ? (
              <>
                <span className="bad"> access withdrawn in the browser</span>
                <button type="button" onClick={() => allowAgain(o.origin)} aria-label={`Allow access to ${o.origin} again`}>
                  Allow access again
                </button>
              </>
            ) : null}
            {!o.builtIn && !o.managed ? (
              <button
                type="button"
                onClick={() => void withItemGone(() => act(() => request('remove-origin', { origin: o.origin }), `Removed ${o.origin}: the extension no longer runs there.`, { origins: origins.filter((other) => other.origin !== o.origin) }), HEADINGS.origins)}
                aria-label={`Remove ${o.origin}`}
              >
                Remove
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      <KeptGrants />
      <form onSubmit={submit} className="origin-form">
        <label htmlFor={`${id}-address`}>Temporal UI address</label>
        <div className="row">
          <input
            ref={field}
            id={`${id}-address`}
            type="text"
            inputMode="url"
            placeholder="https://temporal.example.com"
            spellCheck={false}
            value={address}
            onChange={(e) => {
              setAddress(e.target.value);
              setProblem(undefined);
            }}
            {...problemAttributes(`${id}-address-problem`, problem, `${id}-address-hint`)}
          />
          <button type="submit" aria-disabled={busy}>
            Add
          </button>
        </div>
        <FieldProblem id={`${id}-address-problem`} problem={problem} />
        <p id={`${id}-address-hint`} className="hint muted">
          The address you open the Web UI at, such as https://temporal.example.com; the browser asks to allow the extension there.
        </p>
      </form>
    </section>
  );
}
