import { useEffect } from 'react';
import browser from '../shared/browser';
import type { PayloadFailure, RuleView } from '../shared/messages';
import { SETTINGS_KEY } from '../shared/storage-keys';
import { usePopup } from './store';

/** How often the open popup refreshes while the page is still decoding. */
const REFRESH_MS = 1000;

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The settings, with the form already holding this namespace. */
function setUp(namespace: string): Promise<unknown> {
  return browser.tabs.create({ url: browser.runtime.getURL(`src/options/index.html?namespace=${encodeURIComponent(namespace)}`) });
}

function NamespaceRow({ namespace, rule }: { namespace: string; rule: RuleView | undefined }) {
  const setEnabled = usePopup((s) => s.setEnabled);
  return (
    <li className="namespace">
      <span className="name">{namespace}</span>
      {rule ? (
        <label className="switch">
          <input type="checkbox" checked={rule.enabled} onChange={(e) => void setEnabled(rule, e.target.checked)} aria-label={`Decode ${namespace}`} /> Decode
        </label>
      ) : (
        <button type="button" onClick={() => void setUp(namespace)} aria-label={`Set up decoding for ${namespace}`}>
          Set up…
        </button>
      )}
    </li>
  );
}

/** Failures with the same reason in the same namespace are one line: the reason, how many, and where. */
function groupFailures(failures: PayloadFailure[]): Array<{ key: string; namespace: string; sentence: string; where: string[] }> {
  const groups = new Map<string, { key: string; namespace: string; sentence: string; where: string[] }>();
  for (const failure of failures) {
    const key = `${failure.namespace}\n${failure.sentence}`;
    const group = groups.get(key) ?? { key, namespace: failure.namespace, sentence: failure.sentence, where: [] };
    group.where.push(failure.where);
    groups.set(key, group);
  }
  return [...groups.values()];
}

function Failures({ failures }: { failures: PayloadFailure[] }) {
  if (failures.length === 0) return null;
  return (
    <>
      <h2>Not decoded</h2>
      <ul className="failures">
        {groupFailures(failures).map((group) => (
          <li key={group.key}>
            <span className="bad">{group.sentence}</span>
            <details>
              <summary className="muted">
                {plural(group.where.length, 'payload', 'payloads')} in {group.namespace}
              </summary>
              <ul className="where">
                {group.where.map((where, index) => (
                  <li key={index}>{where}</li>
                ))}
              </ul>
            </details>
          </li>
        ))}
      </ul>
    </>
  );
}

export function Popup() {
  const { status, rules, error, loaded, load, refreshStatus } = usePopup();
  useEffect(() => {
    void load();
    // The rules change only from a settings page; what the page decodes changes all the time.
    const timer = setInterval(() => void refreshStatus(), REFRESH_MS);
    const onChanged = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && SETTINGS_KEY in changes) void load();
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => {
      clearInterval(timer);
      browser.storage.onChanged.removeListener(onChanged);
    };
  }, [load, refreshStatus]);

  const namespaces = status?.namespaces ?? [];
  return (
    <main className="popup">
      <h1>Payload Lens</h1>
      {error ? <p role="alert" className="bad">{error}</p> : null}
      <p role="status" className="summary">
        {!loaded
          ? 'Loading…'
          : !status || (status.decoded === 0 && status.failed === 0)
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
        <button type="button" className="link" onClick={() => void browser.runtime.openOptionsPage()}>
          Settings
        </button>
      </p>
    </main>
  );
}
