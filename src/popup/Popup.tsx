import { useEffect } from 'react';
import browser from '../shared/browser';
import type { PayloadFailure, RuleView } from '../shared/messages';
import { usePopup } from './store';

/** How often the open popup refreshes while the page is still decoding. */
const REFRESH_MS = 1000;

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function NamespaceRow({ namespace, rule }: { namespace: string; rule: RuleView | undefined }) {
  const setEnabled = usePopup((s) => s.setEnabled);
  return (
    <li className="namespace">
      <span className="name">{namespace}</span>
      {rule ? (
        <label className="switch">
          <input type="checkbox" checked={rule.enabled} onChange={(e) => void setEnabled(rule, e.target.checked)} /> Decode
        </label>
      ) : (
        <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>Set up…</button>
      )}
    </li>
  );
}

function Failures({ failures }: { failures: PayloadFailure[] }) {
  if (failures.length === 0) return null;
  return (
    <>
      <h2>Not decoded</h2>
      <ul className="failures">
        {failures.map((failure, index) => (
          <li key={index}>
            <span className="bad">{failure.sentence}</span>
            <div className="muted where">{failure.namespace} · {failure.where}</div>
          </li>
        ))}
      </ul>
    </>
  );
}

export function Popup() {
  const { status, rules, error, load } = usePopup();
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  const namespaces = status?.namespaces ?? [];
  return (
    <main className="popup">
      <h1>Payload Lens</h1>
      {error ? <p role="alert" className="bad">{error}</p> : null}
      <p role="status" className="summary">
        {!status || (status.decoded === 0 && status.failed === 0)
          ? namespaces.length > 0
            ? 'Nothing decoded on this page yet.'
            : 'This page has not shown any Temporal payloads.'
          : `${plural(status.decoded, 'payload', 'payloads')} decoded, ${status.failed} failed.`}
      </p>
      {namespaces.length > 0 ? (
        <>
          <h2>Namespaces on this page</h2>
          <ul className="namespaces">
            {namespaces.map((ns) => (
              <NamespaceRow key={ns} namespace={ns} rule={rules.find((r) => r.namespace === ns)} />
            ))}
          </ul>
        </>
      ) : null}
      <Failures failures={status?.failures ?? []} />
      <p>
        <a href="#" onClick={(e) => { e.preventDefault(); void browser.runtime.openOptionsPage(); }}>Settings</a>
      </p>
    </main>
  );
}
