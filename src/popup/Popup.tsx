import { useEffect } from 'react';
import { ruleFor } from '../core/settings/rule-choice';
import { groupFailures, type FailureGroup } from '../core/tab-tally';
import browser from '../shared/browser';
import { onStateChanged } from '../shared/extension-page-client';
import type { RuleView } from '../shared/messages/views';
import { MorePages } from './MorePages';
import { usePopup } from './store';

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

function Failures({ groups }: { groups: FailureGroup[] }) {
  if (groups.length === 0) return null;
  return (
    <>
      <h2>Not decoded</h2>
      <ul className="failures">
        {groups.map((group) => (
          <li key={`${group.namespace}\n${group.sentence}`}>
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
  const { tabId, status, rules, origins, error, loaded, load } = usePopup();
  useEffect(() => {
    void load();
    return onStateChanged(() => void load());
  }, [load]);

  const tally = status?.tally;
  const namespaces = tally?.namespaces ?? [];
  const settings = { origins: origins.filter((o) => !o.builtIn).map((o) => o.origin), rules };
  return (
    <main className="popup">
      <h1>Payload Lens</h1>
      {error ? (
        <p role="alert" className="bad">
          {error}
        </p>
      ) : null}
      <p role="status" className="summary">
        {!loaded
          ? 'Loading…'
          : !tally || (tally.decoded === 0 && tally.failed === 0)
            ? namespaces.length > 0
              ? 'Nothing decoded on this page yet.'
              : 'This page has not shown any Temporal payloads.'
            : `${plural(tally.decoded, 'payload', 'payloads')} decoded, ${tally.failed} failed.`}
      </p>
      {namespaces.length > 0 ? (
        <>
          <h2>Namespaces on this page</h2>
          <ul className="namespaces">
            {namespaces.map((ns) => (
              <NamespaceRow key={ns} namespace={ns} rule={status?.origin ? ruleFor(settings, status.origin, ns) : undefined} />
            ))}
          </ul>
        </>
      ) : null}
      <Failures groups={groupFailures(tally?.failures ?? [], 'extension')} />
      <MorePages tabId={tabId} />
      <p>
        <button type="button" className="link" onClick={() => void browser.runtime.openOptionsPage()}>
          Settings
        </button>
      </p>
    </main>
  );
}
