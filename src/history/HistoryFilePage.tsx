/**
 * "Open a history file…": a workflow history as the Web UI or the CLI saved it, decoded in
 * the background with a rule the user picks, shown event by event, and saved again with
 * its payloads decoded, in the same shape as the file that was read.
 */
import { useEffect, useEffectEvent, useMemo, useRef, useState } from 'react';
import { checkHistoryFileSize, readHistoryFile, SOURCE_NAMES, writeHistoryFile, HistoryFileError, type HistoryFile } from '../core/history-file';
import { errorText, onStateChanged, request } from '../shared/extension-page-client';
import type { RuleView } from '../shared/messages/views';
import { EventList } from '../shared/viewer/EventList';
import type { ViewEvent } from '../shared/viewer/model';
import { decodeFile, type FileDecoding } from './decode-file';
import { isPattern } from '../core/settings/namespace-pattern';
import { ruleForNamespace } from './rule-for-namespace';
import { RulePicker } from './RulePicker';

interface Opened {
  name: string;
  file: HistoryFile;
}

function eventsOf(file: HistoryFile, decoding: FileDecoding | undefined): ViewEvent[] {
  return file.events.map((event) => ({
    id: event.id,
    type: event.type,
    payloads: event.payloads.map((slot) => {
      const problem = decoding?.problems.get(slot);
      return { field: slot.field, payload: decoding?.decoded.get(slot) ?? slot.payload, ...(problem ? { problem } : {}) };
    }),
  }));
}

const eventCount = (count: number) => `${count} ${count === 1 ? 'event' : 'events'}`;

function save(opened: Opened, decoding: FileDecoding): void {
  const url = URL.createObjectURL(new Blob([writeHistoryFile(opened.file, decoding.decoded)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `${opened.name.replace(/\.json$/i, '')}-decoded.json`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function HistoryFilePage() {
  const [rules, setRules] = useState<RuleView[]>([]);
  const [rulesProblem, setRulesProblem] = useState<string>();
  const [opened, setOpened] = useState<Opened>();
  // Said to screen readers when a file opens: nothing else that changes then is a live region.
  const [announced, setAnnounced] = useState('');
  const [error, setError] = useState<string>();
  // The user's own choices; until a rule is chosen, the rule for the namespace typed (rules may load after the file).
  const [ruleChoice, setRuleId] = useState<string>();
  const [namespaceChoice, setNamespace] = useState<string>();
  const [progress, setProgress] = useState<string>();
  const [decoding, setDecoding] = useState<FileDecoding>();
  const [busy, setBusy] = useState(false);
  // The file open now: a decode that ends after another file was opened has nothing to say about that one.
  const shown = useRef<Opened | undefined>(undefined);

  // The rules as the settings have them now: one added or removed in the settings page while this one is open counts.
  useEffect(() => {
    let loaded = false;
    const load = () =>
      request('get-state', {}).then(
        (state) => {
          loaded = true;
          setRules(state.rules);
          setRulesProblem(undefined);
        },
        // Rules read once already stay offered: a later read that fails takes nothing away (the next change reads again).
        (failure: unknown) => !loaded && setRulesProblem(`The rules could not be read: ${errorText(failure)}`),
      );
    void load();
    return onStateChanged(() => void load());
  }, []);

  const openDropped = useEffectEvent((file: File) => void open(file));
  // A file dropped anywhere on the page is opened here: dropped beside the page's column, the browser would open it in
  // this tab instead, and the page, and a decode under way, would be gone.
  useEffect(() => {
    // Anything else dropped (a link, text) is nobody's but a text field's: dropped elsewhere, the browser would open it.
    const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
    const forField = (event: DragEvent) => !carriesFiles(event) && (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement);
    const over = (event: DragEvent) => forField(event) || event.preventDefault();
    const drop = (event: DragEvent) => {
      if (forField(event)) return;
      event.preventDefault();
      const file = event.dataTransfer?.files[0];
      if (file) openDropped(file);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, []);

  async function open(file: File) {
    // From the moment another file is chosen: a decode under way says nothing more, while this one is read too.
    shown.current = undefined;
    setAnnounced('');
    setError(undefined);
    setDecoding(undefined);
    setProgress(undefined);
    try {
      checkHistoryFileSize(file.size);
      const text = await file.text();
      const history = readHistoryFile(text);
      shown.current = { name: file.name, file: history };
      setOpened(shown.current);
      setAnnounced(`Opened ${file.name}: ${eventCount(history.events.length)}.`);
      setRuleId(undefined);
      setNamespace(undefined);
    } catch (failure) {
      setOpened(undefined);
      // The browser's own words ("The requested file could not be read, typically due to permission problems…") add
      // nothing the user can act on beyond this.
      setError(failure instanceof HistoryFileError ? failure.message : 'The browser could not read the file (moved, changed or removed since it was chosen?): choose it again.');
    }
  }

  async function decode() {
    if (!opened || busy) return;
    const file = opened;
    const stillShown = () => shown.current === file;
    setBusy(true);
    setError(undefined);
    try {
      const result = await decodeFile(
        file.file,
        ruleId,
        namespace.trim() || '*',
        (done, total) => stillShown() && setProgress(`Decoding: ${done} of ${total} payloads…`),
        // Another file opened: the rest of this one is not sent to the codec server for nothing.
        () => !stillShown(),
      );
      if (!stillShown()) return;
      setDecoding(result);
      setProgress(`${result.decoded.size} ${result.decoded.size === 1 ? 'payload' : 'payloads'} decoded, ${result.problems.size} not decoded.`);
    } catch (failure) {
      if (!stillShown()) return;
      setError(errorText(failure));
      setProgress(undefined);
    } finally {
      setBusy(false);
    }
  }

  // A namespace typed chooses its rule again, over one picked by hand for the namespace typed before.
  const typeNamespace = (typed: string) => {
    setNamespace(typed);
    setRuleId(undefined);
  };
  // A rule picked by hand and removed since in the settings is no choice any more.
  const picked = rules.some((candidate) => candidate.id === ruleChoice) ? ruleChoice : undefined;
  const ruleId = picked ?? ruleForNamespace(rules, namespaceChoice?.trim() ?? '')?.id ?? '';
  const rule = rules.find((candidate) => candidate.id === ruleId);
  const namespace = namespaceChoice ?? (rule && !isPattern(rule.namespace) ? rule.namespace : '');
  const events = useMemo(() => (opened ? eventsOf(opened.file, decoding) : []), [opened, decoding]);

  return (
    <main className="history-page">
      <h1>Open a history file</h1>
      <p role="status" className="visually-hidden">
        {announced}
      </p>
      <p className="muted">
        A workflow history saved by the Web UI (“Download”, or its raw history.json) or by <code>temporal workflow show --output json</code>. Drop it
        here or choose it. With a local key nothing leaves this browser; with a codec server the payloads go to that server only.
      </p>
      <div className="drop-zone">
        <label htmlFor="history-file">Choose a history file</label>
        <input id="history-file" type="file" accept=".json,application/json" onChange={(e) => e.target.files?.[0] && void open(e.target.files[0])} />
      </div>
      {error ? (
        <p role="alert" className="bad">
          {error}
        </p>
      ) : null}
      {opened ? (
        <section aria-label="Decoding">
          <p className="file-summary">
            <strong>{opened.name}</strong>: {eventCount(opened.file.events.length)}, from {SOURCE_NAMES[opened.file.source]}.
          </p>
          {rulesProblem !== undefined ? (
            <p className="bad">{rulesProblem}</p>
          ) : rules.length === 0 ? (
            <p className="bad">No rule yet: add one in the settings to decode this file.</p>
          ) : (
            <>
              <RulePicker rules={rules} ruleId={ruleId} namespace={namespace} onRule={setRuleId} onNamespace={typeNamespace} />
              <div className="actions">
                <button type="button" className="primary" disabled={!ruleId} aria-disabled={busy} onClick={() => void decode()}>
                  Decode
                </button>
                <button type="button" disabled={busy || !decoding} onClick={() => decoding && save(opened, decoding)}>
                  Save decoded copy
                </button>
              </div>
            </>
          )}
          <p role="status" aria-live="polite" className="progress">
            {progress}
          </p>
          <EventList events={events} />
        </section>
      ) : null}
    </main>
  );
}
