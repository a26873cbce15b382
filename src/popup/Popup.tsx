import { useEffect } from 'react';
import { describeNamespaces } from '../core/settings/namespace-pattern';
import { describeAddresses, ruleFor, rulesOn } from '../core/settings/rule-choice';
import { emptyTally, groupFailures, type FailureGroup } from '../core/tab-tally';
import browser from '../shared/browser';
import { onStateChanged, request } from '../shared/extension-page-client';
import { forgottenSentence } from '../shared/forgotten-secrets';
import { movedSecretsQuestion } from '../shared/moved-secrets';
import { ManagedBadge } from '../shared/ManagedBadge';
import { unencodedWhenOff } from '../shared/rule-switch';
import type { RuleView } from '../shared/messages/views';
import { MorePages } from './MorePages';
import { namespaceOfPage, otherNamespacesOfPage } from './page-namespace';
import { shownFromPage } from './page-text';
import { ruleToChange } from './setup-input';
import { SetupForm } from './SetupForm';
import { usePopup } from './store';

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function describeRule(rule: RuleView): string {
  const how = rule.mode === 'remote' ? `codec server ${rule.endpoint ?? ''}${rule.token.present ? ', with an access token' : ''}` : `local key${rule.keyIds.length === 1 ? '' : 's'}`;
  return `${describeNamespaces(rule.namespace)} on ${describeAddresses(rule.addresses)}: ${how}${rule.enabled ? '' : ' (switched off)'}`;
}

function setEnabled(rule: RuleView, namespace: string, enabled: boolean): void {
  const { rules, act } = usePopup.getState();
  // A broader rule's switch turns it on or off for every namespace it covers: say so, not only the one in view.
  const shown = shownFromPage(namespace);
  const where = rule.namespace === namespace ? shown : `${shown} and the other namespaces of the rule for ${describeNamespaces(rule.namespace)}`;
  const unencoded = unencodedWhenOff(rule, where);
  void act(
    { rules: rules.map((other) => (other.id === rule.id ? { ...other, enabled } : other)) },
    () => request('set-rule-enabled', { ruleId: rule.id, enabled }),
    enabled ? `Payloads in ${where} are decoded from the next load of the page.` : `Payloads in ${where} are left as they are from the next load of the page${unencoded ? `, and ${unencoded}` : ''}.`,
  );
}

/**
 * The switch for the rule that decides a namespace. It says that off, the extension also stops encoding what the Web
 * UI sends there; a broader rule's switch says what else it turns on or off.
 */
function DecodeSwitch({ rule, namespace, label, name }: { rule: RuleView; namespace: string; label: string; name?: string }) {
  const broad = rule.namespace !== namespace;
  const hintId = `switch-hint-${namespace}`;
  const encodingId = `switch-encoding-${namespace}`;
  const unencoded = unencodedWhenOff(rule, shownFromPage(namespace));
  const describedBy = [...(unencoded ? [encodingId] : []), ...(broad ? [hintId] : [])].join(' ');
  if (rule.managed) return <ManagedBadge what={`Decoding ${shownFromPage(namespace)}`} />;
  return (
    <>
      <label className="switch">
        <input type="checkbox" role="switch" checked={rule.enabled} onChange={(e) => setEnabled(rule, namespace, e.target.checked)} {...(name ? { 'aria-label': name } : {})} {...(describedBy ? { 'aria-describedby': describedBy } : {})} /> {label}
      </label>
      {unencoded ? (
        <p id={encodingId} className="hint muted">
          Off: {unencoded} too.
        </p>
      ) : null}
      {broad ? (
        <p id={hintId} className="hint muted">
          The rule for {describeNamespaces(rule.namespace)} decides here: this switch turns it on or off for all of them.
        </p>
      ) : null}
    </>
  );
}

/** What the popup's setup form does with the namespace in view: change the rule in force, make a new one, or nothing (not shown). */
type FormBelow = 'changes-it' | 'makes-another' | 'none';

/**
 * What of the rule in force was forgotten with the session, and what it brought from Payload Lens 0.1.0 that waits for
 * its codec server to be confirmed. The form below changes that rule only when it is the namespace's own; a broader
 * rule's secrets are entered again in the settings, or every other namespace it covers stays without them. The
 * settings alone ask about what came from 0.1.0.
 */
function SecretNotes({ rule, origin, namespace, form }: { rule: RuleView; origin: string; namespace: string; form: FormBelow }) {
  const changedBelow = form === 'changes-it';
  const below = ` (the form below would make a rule for ${describeNamespaces(shownFromPage(namespace))} on ${origin} alone)`;
  const elsewhere = `in the settings, in the rule for ${describeNamespaces(rule.namespace)} on ${describeAddresses(rule.addresses)}${form === 'makes-another' ? below : ''}`;
  const forgotten = forgottenSentence(rule, changedBelow ? undefined : elsewhere);
  const moved = movedSecretsQuestion(rule);
  if (!forgotten && !moved) return null;
  return (
    <>
      {forgotten ? <p className="bad">{forgotten}</p> : null}
      {moved ? <p className="bad">{moved.sentence} The settings ask under “Needs your attention”.</p> : null}
      {moved || !changedBelow ? <OpenSettings /> : null}
    </>
  );
}

/** Where what the popup cannot change is changed. */
function OpenSettings() {
  return (
    <p>
      <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
        Open the settings
      </button>
    </p>
  );
}

function ThisTab({ origin, namespace, rule, form }: { origin: string; namespace: string | undefined; rule: RuleView | undefined; form: FormBelow }) {
  return (
    <section aria-labelledby="this-tab" className="this-tab">
      <h2 id="this-tab">This tab</h2>
      <dl className="facts">
        <dt>Web UI</dt>
        <dd>{origin}</dd>
        <dt>Namespace</dt>
        {namespace !== undefined ? (
          <dd className="name" data-namespace={namespace}>
            {shownFromPage(namespace)}
          </dd>
        ) : (
          <dd className="muted">None in this page’s address: open a namespace’s page, or pick one below.</dd>
        )}
        {namespace !== undefined ? (
          <>
            <dt>Rule</dt>
            <dd>{rule ? describeRule(rule) : 'None: its payloads are left as they are.'}</dd>
          </>
        ) : null}
      </dl>
      {rule && namespace !== undefined ? <SecretNotes rule={rule} origin={origin} namespace={namespace} form={form} /> : null}
      {rule && namespace !== undefined ? <DecodeSwitch rule={rule} namespace={namespace} label={`Decode payloads in ${shownFromPage(namespace)}`} /> : null}
    </section>
  );
}

/** The page's other namespaces: each one's switch, or a button that sets it up here. */
function OtherNamespaces({ namespaces, ruleOf }: { namespaces: string[]; ruleOf(namespace: string): RuleView | undefined }) {
  const choose = usePopup((s) => s.choose);
  if (namespaces.length === 0) return null;
  return (
    <>
      <h2>Other namespaces on this page</h2>
      <ul className="namespaces">
        {namespaces.map((namespace) => {
          const rule = ruleOf(namespace);
          const shown = shownFromPage(namespace);
          return (
            <li key={namespace} className="namespace">
              <span className="name" data-namespace={namespace}>
                {shown}
              </span>
              {rule ? (
                <DecodeSwitch rule={rule} namespace={namespace} label="Decode" name={`Decode payloads in ${shown}`} />
              ) : (
                <button type="button" onClick={() => choose(namespace)} aria-label={`Set up ${shown} here`}>
                  Set up
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}

const howMany = (group: FailureGroup) => `${plural(group.count, 'payload', 'payloads')} in ${shownFromPage(group.namespace)}`;

function Failures({ groups }: { groups: FailureGroup[] }) {
  if (groups.length === 0) return null;
  return (
    <>
      <h2>Not decoded</h2>
      <ul className="failures">
        {groups.map((group) => (
          <li key={`${group.namespace}\n${group.sentence}`}>
            <span className="bad">{group.sentence}</span>
            {/* No place to list (a batch the extension could not read, or failures older than those listed): nothing to open. */}
            {group.where.length > 0 ? (
              <details>
                <summary className="muted">{howMany(group)}</summary>
                <ul className="where">
                  {group.where.map((where, index) => (
                    <li key={index}>{where}</li>
                  ))}
                </ul>
              </details>
            ) : (
              <p className="muted unplaced">{howMany(group)}</p>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

function ChipPreference() {
  const { statusChip, act } = usePopup();
  return (
    <label className="inline">
      <input
        type="checkbox"
        checked={statusChip}
        onChange={(e) => {
          const enabled = e.target.checked;
          void act({ statusChip: enabled }, () => request('set-status-chip', { enabled }), enabled ? 'The status chip shows on Web UI pages.' : 'The status chip no longer shows on Web UI pages.');
        }}
      />{' '}
      Show the status chip on Web UI pages
    </label>
  );
}

function summaryOf(loaded: boolean, onWebUi: boolean, tally: { decoded: number; failed: number; namespaces: string[] } | undefined, rulesHere: boolean): string {
  if (!loaded) return 'Loading…';
  if (!onWebUi) return 'Payload Lens does not work on this page.';
  // Without a rule on the address the page is not read at all, so it cannot have shown anything to count.
  if (!rulesHere && (!tally || tally.decoded + tally.failed === 0)) return 'Nothing is decoded on this page: no rule applies here yet.';
  if (!tally || (tally.decoded === 0 && tally.failed === 0)) return tally && tally.namespaces.length > 0 ? 'Nothing decoded on this page yet.' : 'This page has not shown any Temporal payloads.';
  return `${plural(tally.decoded, 'payload', 'payloads')} decoded, ${tally.failed} failed.`;
}

export function Popup() {
  const { tabId, status, rules, origins, pageUrl, webUiEndpoint, chosenNamespace, error, notice, loaded, load } = usePopup();
  useEffect(() => {
    void load();
    return onStateChanged(() => void load());
  }, [load]);

  const tally = status?.tally;
  const origin = status?.origin;
  const here = { origins: origins.map((o) => o.origin), rules };
  const onWebUi = origin !== undefined && here.origins.includes(origin);
  const pageNamespace = namespaceOfPage(pageUrl);
  const namespace = chosenNamespace ?? pageNamespace;
  const ruleOf = (ns: string) => (onWebUi ? ruleFor(here, origin, ns) : undefined);
  const inForce = namespace !== undefined ? ruleOf(namespace) : undefined;
  const toChange = onWebUi && namespace !== undefined ? ruleToChange(here, origin, namespace) : undefined;
  const formShown = onWebUi && tabId !== undefined && namespace !== undefined && !inForce?.managed;
  const form: FormBelow = !formShown ? 'none' : inForce !== undefined && inForce === toChange ? 'changes-it' : 'makes-another';
  return (
    <main className="popup">
      <h1>Payload Lens</h1>
      {error ? (
        <p role="alert" className="bad">
          {error}
        </p>
      ) : null}
      <p role="status" className="summary">
        {summaryOf(loaded, onWebUi, tally, onWebUi && rulesOn(here, origin).length > 0)}
      </p>
      {loaded && !onWebUi ? <p className="muted">To use it on another Temporal Web UI, add that address in the settings.</p> : null}
      {onWebUi ? <ThisTab origin={origin} namespace={namespace} rule={inForce} form={form} /> : null}
      <Failures groups={groupFailures(tally ?? emptyTally(), 'extension')} />
      {formShown ? (
        <SetupForm key={`${namespace}\n${toChange?.id ?? ''}`} tabId={tabId} origin={origin} namespace={namespace} rule={toChange} broader={inForce !== toChange ? inForce : undefined} suggestion={webUiEndpoint} focus={chosenNamespace !== undefined} />
      ) : null}
      <p role="status" className={`notice ${notice?.tone ?? ''}`}>
        {notice?.text}
      </p>
      {onWebUi ? <OtherNamespaces namespaces={otherNamespacesOfPage(tally?.namespaces ?? [], namespace)} ruleOf={ruleOf} /> : null}
      <MorePages tabId={tabId} />
      <h2>Preferences</h2>
      <ChipPreference />
      <p>
        <button type="button" className="link" onClick={() => void browser.runtime.openOptionsPage()}>
          Settings
        </button>
      </p>
    </main>
  );
}
