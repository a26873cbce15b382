/**
 * Private view: the payloads a Web UI tab loaded, decoded for this page only. The Web UI
 * page itself keeps its encoded answers; nothing here is written anywhere.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import browser from '../shared/browser';
import { tabNamedIn } from '../shared/pages';
import { targetTabId } from '../shared/target-tab';
import { EventList } from '../shared/viewer/EventList';
import type { ViewPayload } from '../shared/viewer/model';
import { PayloadBlocks } from '../shared/viewer/PayloadBlocks';
import { connect, readPrivateView } from './connection';
import { createTabReader, type PanelState } from './tab-reader';
import { organise, type WorkflowView } from './workflow-view';

const DROPPED = 'Payload Lens let go of this tab’s oldest decoded payloads to keep its memory use bounded; close the Web UI tabs you no longer need and reload this one to see them all again.';
const STOPPED = 'The extension’s background was stopped since this tab loaded, and what it had decoded for the tab went with it (it is never written anywhere). Reload the tab to see its payloads here again.';

/**
 * One part of a run, open until closed. A heading holding a button, not `<details>`: a heading inside `<summary>` is
 * not listed as a heading by every screen reader, as the summary's contents count as its name only.
 */
function Section({ title, items, empty }: { title: string; items: ViewPayload[]; empty: string }) {
  const id = useId();
  const [open, setOpen] = useState(true);
  return (
    <section className="workflow-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>
        <button type="button" className="section-toggle" aria-expanded={open} aria-controls={`${id}-body`} onClick={() => setOpen(!open)}>
          {title}
        </button>
      </h3>
      <div id={`${id}-body`} hidden={!open}>
        {items.length === 0 ? <p className="muted">{empty}</p> : <PayloadBlocks items={items} labelOf={(item) => `${title}: ${item.field}`} />}
      </div>
    </section>
  );
}

function Workflow({ run }: { run: WorkflowView }) {
  const title = run.workflowId ?? 'Payloads of this page';
  return (
    <article className="workflow" aria-label={`Workflow ${title}`}>
      <h2>{title}</h2>
      <p className="muted run">
        Namespace {run.namespace}
        {run.runId ? ` · run ${run.runId}` : ''}
      </p>
      <Section title="Input" items={run.input} empty="The page has not loaded this run’s input." />
      <Section title="Result" items={run.result} empty="No result loaded: the run may still be open, or its last events were not loaded." />
      <Section title="Memo" items={run.memo} empty="No encoded memo loaded." />
      <Section title="Summary" items={run.summary} empty="No encoded summary or details loaded." />
      {run.events.length > 0 ? <EventList events={run.events} heading={`Events of ${title}`} level={3} /> : null}
      {run.elsewhere.length > 0 ? <Section title="Elsewhere on the page" items={run.elsewhere} empty="" /> : null}
    </article>
  );
}

export function Panel() {
  const [state, setState] = useState<PanelState>({ kind: 'loading' });
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let closed = false;
    const reader = createTabReader({ connect, read: readPrivateView, setState });
    void targetTabId().then((tabId) => {
      // A tab activated meanwhile is the one in view now.
      if (closed || reader.shownTab() !== undefined) return;
      if (tabId === undefined) setState({ kind: 'no-tab' });
      else reader.show(tabId);
    });
    // Opened from the browser's own side panel or sidebar, which names no tab, the panel shows the tab in view and
    // follows it: else it would go on showing the first tab's payloads beside every other.
    const follows = tabNamedIn(location.search) === undefined;
    const windowId = follows ? browser.windows.getCurrent().then((window) => window.id) : undefined;
    const onActivated = ({ tabId, windowId: inWindow }: { tabId: number; windowId: number }) =>
      void windowId?.then((ours) => !closed && inWindow === ours && tabId !== reader.shownTab() && reader.show(tabId));
    if (follows) browser.tabs.onActivated.addListener(onActivated);
    const onUpdated = (tabId: number, change: { status?: string }) => {
      if (change.status === 'loading') reader.loading(tabId);
    };
    browser.tabs.onUpdated.addListener(onUpdated);
    return () => {
      closed = true;
      reader.close();
      if (follows) browser.tabs.onActivated.removeListener(onActivated);
      browser.tabs.onUpdated.removeListener(onUpdated);
    };
  }, []);

  const entries = state.kind === 'shown' ? state.view.entries : undefined;
  const runs = useMemo(() => (entries ? organise(entries) : []), [entries]);
  return (
    <main className="panel">
      <h1 ref={heading} tabIndex={-1}>
        Payload Lens: private view
      </h1>
      <p className="muted">Decoded here only: the Web UI page keeps its encoded payloads. Closing this panel or the tab forgets them.</p>
      {state.kind === 'stopped' ? (
        <div role="alert" className="stopped">
          <p>{STOPPED}</p>
          <button
            type="button"
            className="primary"
            onClick={() => {
              // The button goes with the notice: the keyboard goes to the top of the panel, which then shows the tab.
              heading.current?.focus();
              const { tabId } = state;
              browser.tabs.reload(tabId).catch(() => setState({ kind: 'error', message: 'That tab could not be reloaded: it was closed meanwhile.' }));
            }}
          >
            Reload the tab
          </button>
        </div>
      ) : null}
      {state.kind === 'error' ? (
        <p role="alert" className="bad">
          {state.message}
        </p>
      ) : null}
      <p role="status" className="summary">
        {state.kind === 'loading'
          ? 'Loading…'
          : state.kind === 'no-tab'
            ? 'No tab to show: open this panel from the toolbar button on a Web UI tab.'
            : state.kind === 'shown'
              ? runs.length === 0
                ? state.view.dropped
                  ? 'No decoded payloads left for this tab.'
                  : 'Nothing decoded for this tab yet. Payloads appear here as the Web UI loads them, for namespaces whose rule shows plaintext only inside Payload Lens.'
                : `${state.view.entries.length} ${state.view.entries.length === 1 ? 'payload' : 'payloads'} decoded on ${state.view.origin ?? 'this tab'}.`
              : ''}
      </p>
      {state.kind === 'shown' && state.view.dropped ? (
        <p role="status" className="dropped">
          {DROPPED}
        </p>
      ) : null}
      {runs.map((run) => (
        <Workflow key={run.key} run={run} />
      ))}
    </main>
  );
}
