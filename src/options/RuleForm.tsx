import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { flushSync } from 'react-dom';
import type { RuleView } from '../shared/messages/views';
import { AddressPicker, type Addresses } from './AddressPicker';
import { carriesSecrets, codecFieldsOf, codecInput, headerRowProblems, savedHeaderNames } from './codec-fields';
import { CodecServerFields } from './CodecServerFields';
import { requestOriginAccess } from '../shared/host-permission';
import { initialKeyRows, keyRowProblems, keysInput } from './key-rows';
import { KeyList } from './KeyList';
import { PrivateViewChoice } from './PrivateViewChoice';
import { RememberChoice } from './RememberChoice';
import type { HeaderEntryProblem } from '../core/settings/rule-headers';
import type { KeyEntryProblem } from '../core/settings/rule-keys';
import { FieldProblem, problemAttributes } from '../shared/FieldProblem';
import { MAX_NAMESPACE_CHARS } from '../core/settings/schema';
import { addressFormProblems, ruleFormProblems, tieFormProblems, type RuleFormProblems } from '../shared/rule-form-problems';
import { keepsSecretsOnDevice, secretsLeftAt, seenIn } from '../shared/secrets-kept';
import { describeRule, useOptions } from './store';

interface Props {
  /** The rule being edited, or undefined for a new one. The parent remounts the form (key) when it changes. */
  editing: RuleView | undefined;
  /** A namespace to start a new rule with (the popup's "Set up…"). */
  suggestedNamespace?: string | undefined;
  /** Take the keyboard to the form's heading when it appears, as "Change" on a rule does. */
  focusOnMount?: boolean;
  onDone(): void;
}

/** Said in the form when the rule it changes is removed, from this page's list or another window. */
const REMOVED_MEANWHILE = 'This rule was removed meanwhile. Save adds what the form holds as a new rule; type again any token, header value or key it had saved.';

export function RuleForm({ editing, suggestedNamespace, focusOnMount = false, onDone }: Props) {
  const save = useOptions((s) => s.save);
  const origins = useOptions((s) => s.origins);
  const rules = useOptions((s) => s.rules);
  // The rule as saved now, which the checks and the save go by: this page's list or another window may have changed
  // it since the form opened, or removed it, and then what was typed is saved as a new rule. The fields were filled
  // from `editing`, so what the form was opened with (`seen`) still comes from it.
  const saved = editing ? rules.find((rule) => rule.id === editing.id) : undefined;
  const removed = editing !== undefined && saved === undefined;
  const id = useId();
  const [namespace, setNamespace] = useState(editing?.namespace ?? suggestedNamespace ?? '');
  const [addresses, setAddresses] = useState<Addresses>(editing?.addresses ?? []);
  const [mode, setMode] = useState<'remote' | 'local'>(editing?.mode ?? 'remote');
  const [codec, setCodec] = useState(() => codecFieldsOf(editing));
  // Secrets start empty: saved ones are never sent back to this page.
  const [keys, setKeys] = useState(() => initialKeyRows(editing));
  const [remember, setRemember] = useState(() => (editing ? keepsSecretsOnDevice(editing) : false));
  const [encodeRequests, setEncodeRequests] = useState(editing?.encodeRequests ?? true);
  const [privateView, setPrivateView] = useState(editing?.privateView ?? false);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const form = useRef<HTMLFormElement>(null);
  const [problems, setProblems] = useState<RuleFormProblems>({});
  const [keyProblems, setKeyProblems] = useState<ReadonlyMap<number, KeyEntryProblem>>(new Map());
  const [headerProblems, setHeaderProblems] = useState<ReadonlyMap<number, HeaderEntryProblem>>(new Map());
  // Why the last save was refused, repeated beside Save for the eye: the page's notice, which announces it, may be
  // far below the form.
  const [refused, setRefused] = useState<string>();
  // A problem said beside a field goes once the field is changed: the next Save checks it again.
  const clearProblem = (field: keyof RuleFormProblems) =>
    setProblems((current) => {
      if (current[field] === undefined) return current;
      const { [field]: _cleared, ...rest } = current;
      return rest;
    });
  const changeCodec = (patch: Partial<typeof codec>) => {
    setCodec((current) => ({ ...current, ...patch }));
    if (patch.endpoint !== undefined) clearProblem('endpoint');
    if (patch.headers !== undefined) setHeaderProblems(new Map());
  };
  // "Change" on a rule brings the keyboard here, to the form it fills.
  useEffect(() => {
    if (editing || focusOnMount) heading.current?.focus();
  }, [editing, focusOnMount]);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    useOptions.setState({ notice: undefined });
    setRefused(undefined);
    // Said beside each field, which takes the keyboard: rendered at once, so the first one marked can be focused.
    const found = {
      ...tieFormProblems(rules, { id: saved?.id, namespace, addresses }),
      ...ruleFormProblems(namespace, mode, codec.endpoint, carriesSecrets(codec, saved)),
      ...addressFormProblems(addresses, origins.map((o) => o.origin)),
    };
    flushSync(() => {
      setProblems(found);
      setKeyProblems(mode === 'local' ? keyRowProblems(keys, saved?.keys) : new Map());
      setHeaderProblems(mode === 'remote' ? headerRowProblems(codec.headers, savedHeaderNames(saved), secretsLeftAt(saved, codec.endpoint)) : new Map());
    });
    const invalid = form.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (invalid) return invalid.focus();
    // The permission prompt needs the click itself, so it is asked before anything is awaited.
    const access = mode === 'remote' ? requestOriginAccess(codec.endpoint) : Promise.resolve(true);
    setBusy(true);
    void access
      .then(async (granted) => {
        if (!granted) {
          const text = 'Not saved: the browser did not grant access to the codec server’s address.';
          useOptions.setState({ notice: { tone: 'bad', text } });
          setRefused(text);
          return;
        }
        const result = await save({
          ...(saved ? { id: saved.id } : {}),
          namespace,
          addresses,
          mode,
          encodeRequests,
          privateView,
          ...codecInput(codec),
          ...(mode === 'local' ? keysInput(keys) : { keys: [] }),
          ...(editing && saved ? { seen: seenIn(editing) } : {}),
          remember,
        });
        if (result) {
          // The fresh form and the notice appear together: whoever reads the notice finds the new form.
          onDone();
          useOptions.setState({ notice: { tone: 'ok', text: `Saved: ${describeRule(result)}.` } });
        } else {
          setRefused(useOptions.getState().notice?.text);
        }
      })
      .finally(() => setBusy(false));
  }

  // noValidate: the form checks its fields itself and says why beside each. The browser's own check of a URL field
  // would stop some addresses (https://*) first, with a bubble that does not say what is wrong.
  return (
    <form ref={form} onSubmit={submit} noValidate aria-labelledby={`${id}-title`} className="rule-form">
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
        {editing ? (removed ? `Add the rule for “${editing.namespace}” again` : `Change the rule for “${editing.namespace}”`) : 'Add a rule'}
      </h2>
      {/* Said where the user is looking, and announced as it appears: the rule went while they were changing it. */}
      {removed ? (
        <p role="alert" className="bad">
          {REMOVED_MEANWHILE}
        </p>
      ) : null}
      <label htmlFor={`${id}-ns`}>Namespace</label>
      <input
        id={`${id}-ns`}
        type="text"
        required
        autoComplete="off"
        spellCheck={false}
        maxLength={MAX_NAMESPACE_CHARS}
        value={namespace}
        onChange={(e) => {
          setNamespace(e.target.value);
          clearProblem('namespace');
        }}
        {...problemAttributes(`${id}-ns-problem`, problems.namespace, `${id}-ns-hint`)}
      />
      <FieldProblem id={`${id}-ns-problem`} problem={problems.namespace} />
      <p id={`${id}-ns-hint`} className="hint muted">
        A namespace (<code>payments</code>), a pattern (<code>payments-*</code>), or <code>*</code> for every namespace. The most specific rule wins.
      </p>

      <AddressPicker
        origins={origins}
        value={addresses}
        onChange={(next) => {
          setAddresses(next);
          clearProblem('addresses');
        }}
        problem={problems.addresses}
      />

      <fieldset>
        <legend>Decode with</legend>
        <label>
          <input type="radio" name={`${id}-mode`} value="remote" checked={mode === 'remote'} onChange={() => setMode('remote')} /> Codec server
        </label>
        <label>
          <input type="radio" name={`${id}-mode`} value="local" checked={mode === 'local'} onChange={() => setMode('local')} /> Local key
        </label>
      </fieldset>

      {mode === 'remote' ? (
        <>
          <CodecServerFields value={codec} onChange={changeCodec} editing={saved} namespace={namespace} encodes={encodeRequests} endpointProblem={problems.endpoint} headerProblems={headerProblems} />
        </>
      ) : (
        <KeyList
          keys={keys}
          editing={saved}
          onChange={(next) => {
            setKeys(next);
            setKeyProblems(new Map());
          }}
          problems={keyProblems}
        />
      )}

      <label className="inline">
        <input type="checkbox" checked={encodeRequests} onChange={(e) => setEncodeRequests(e.target.checked)} /> Encode what the Web UI sends (start workflow, signal, update, query arguments)
      </label>
      <PrivateViewChoice checked={privateView} onChange={setPrivateView} />
      <RememberChoice checked={remember} onChange={setRemember} appliesToSaved={editing !== undefined && !removed} />

      <div className="actions">
        <button type="submit" className="primary" aria-disabled={busy} aria-describedby={refused ? `${id}-refused` : undefined}>
          Save
        </button>
        {editing ? (
          <button type="button" onClick={onDone}>
            Cancel
          </button>
        ) : null}
      </div>
      {refused ? (
        <p id={`${id}-refused`} className="bad">
          {refused}
        </p>
      ) : null}
    </form>
  );
}
