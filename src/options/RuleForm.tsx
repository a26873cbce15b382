import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { RuleView } from '../shared/messages/views';
import { AddressPicker, type Addresses } from './AddressPicker';
import { requestOriginAccess } from './host-permission';
import { PrivateViewChoice } from './PrivateViewChoice';
import { RememberChoice } from './RememberChoice';
import { describeRule, useOptions } from './store';

interface Props {
  /** The rule being edited, or undefined for a new one. The parent remounts the form (key) when it changes. */
  editing: RuleView | undefined;
  /** A namespace to start a new rule with (the popup's "Set up…"). */
  suggestedNamespace?: string | undefined;
  onDone(): void;
}

function tokenHint(rule: RuleView | undefined): string | undefined {
  if (!rule?.token.present) return undefined;
  const parts = ['A token is saved; leave this empty to keep it.'];
  if (rule.token.expiresAt) parts.push(`It expires ${new Date(rule.token.expiresAt * 1000).toLocaleString()}.`);
  return parts.join(' ');
}

export function RuleForm({ editing, suggestedNamespace, onDone }: Props) {
  const save = useOptions((s) => s.save);
  const origins = useOptions((s) => s.origins);
  const id = useId();
  const [namespace, setNamespace] = useState(editing?.namespace ?? suggestedNamespace ?? '');
  const [addresses, setAddresses] = useState<Addresses>(editing?.addresses ?? []);
  const [mode, setMode] = useState<'remote' | 'local'>(editing?.mode ?? 'remote');
  const [endpoint, setEndpoint] = useState(editing?.endpoint ?? '');
  // Secrets start empty: saved ones are never sent back to this page.
  const [accessToken, setAccessToken] = useState('');
  const [keyId, setKeyId] = useState(editing?.activeKeyId ?? editing?.keyIds[0] ?? '');
  const [key, setKey] = useState('');
  const [remember, setRemember] = useState(false);
  const [encodeRequests, setEncodeRequests] = useState(editing?.encodeRequests ?? true);
  const [privateView, setPrivateView] = useState(editing?.privateView ?? false);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  // "Change" on a rule brings the keyboard here, to the form it fills.
  useEffect(() => {
    if (editing) heading.current?.focus();
  }, [editing]);

  const savedKey = editing && editing.keyIds.includes(keyId) && editing.keys[keyId]?.present;

  function submit(event: FormEvent) {
    event.preventDefault();
    useOptions.setState({ notice: undefined });
    // The permission prompt needs the click itself, so it is asked before anything is awaited.
    const access = mode === 'remote' ? requestOriginAccess(endpoint) : Promise.resolve(true);
    setBusy(true);
    void access
      .then(async (granted) => {
        if (!granted) {
          useOptions.setState({ notice: { tone: 'bad', text: 'Not saved: the browser did not grant access to the codec server’s address.' } });
          return;
        }
        const saved = await save({
          ...(editing ? { id: editing.id } : {}),
          namespace,
          addresses,
          mode,
          encodeRequests,
          privateView,
          endpoint,
          accessToken,
          keys: mode === 'local' ? [{ keyId, key }, ...(editing?.keyIds ?? []).filter((other) => other !== keyId).map((other) => ({ keyId: other }))] : [],
          activeKeyId: keyId,
          remember,
        });
        if (saved) {
          // The fresh form and the notice appear together: whoever reads the notice finds the new form.
          onDone();
          useOptions.setState({ notice: { tone: 'ok', text: `Saved: ${describeRule(saved)}.` } });
        }
      })
      .finally(() => setBusy(false));
  }

  return (
    <form onSubmit={submit} aria-labelledby={`${id}-title`} className="rule-form">
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
        {editing ? `Change the rule for “${editing.namespace}”` : 'Add a rule'}
      </h2>
      <label htmlFor={`${id}-ns`}>Namespace</label>
      <input id={`${id}-ns`} type="text" required autoComplete="off" spellCheck={false} value={namespace} onChange={(e) => setNamespace(e.target.value)} aria-describedby={`${id}-ns-hint`} />
      <p id={`${id}-ns-hint`} className="hint muted">
        A namespace (<code>payments</code>), a pattern (<code>payments-*</code>), or <code>*</code> for every namespace. The most specific rule wins.
      </p>

      <AddressPicker origins={origins} value={addresses} onChange={setAddresses} />

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
          <label htmlFor={`${id}-endpoint`}>Codec endpoint</label>
          <input id={`${id}-endpoint`} type="url" required placeholder="https://codec.example.com" spellCheck={false} value={endpoint} onChange={(e) => setEndpoint(e.target.value)} aria-describedby={`${id}-endpoint-hint`} />
          <p id={`${id}-endpoint-hint`} className="hint muted">
            The extension sends <code>POST …/decode</code> to this address, as the Web UI does. <code>{'{namespace}'}</code> in its path is replaced by the namespace.
          </p>
          <label htmlFor={`${id}-token`}>Access token</label>
          <input id={`${id}-token`} type="password" autoComplete="off" spellCheck={false} value={accessToken} onChange={(e) => setAccessToken(e.target.value)} aria-describedby={`${id}-token-hint`} placeholder={editing?.token.present ? '•••••• saved' : 'optional'} />
          <p id={`${id}-token-hint`} className="hint muted">{tokenHint(editing) ?? 'Sent as “Authorization: Bearer …”, only to this codec server, and only over https:// or to this computer.'}</p>
        </>
      ) : (
        <>
          <label htmlFor={`${id}-keyid`}>Key ID</label>
          <input id={`${id}-keyid`} type="text" autoComplete="off" spellCheck={false} value={keyId} onChange={(e) => setKeyId(e.target.value)} aria-describedby={`${id}-keyid-hint`} />
          <p id={`${id}-keyid-hint`} className="hint muted">The <code>encryption-key-id</code> your workers write; may be empty.</p>
          <label htmlFor={`${id}-key`}>Key</label>
          <input id={`${id}-key`} type="password" autoComplete="off" spellCheck={false} value={key} onChange={(e) => setKey(e.target.value)} aria-describedby={`${id}-key-hint`} placeholder={savedKey ? '•••••• saved' : 'base64, hex or text; 16 or 32 bytes'} />
          <p id={`${id}-key-hint`} className="hint muted">{savedKey ? 'A key is saved for this ID; leave this empty to keep it.' : 'The key stays in this browser: it is never sent anywhere.'}</p>
        </>
      )}

      <label className="inline">
        <input type="checkbox" checked={encodeRequests} onChange={(e) => setEncodeRequests(e.target.checked)} /> Encode what the Web UI sends (start workflow, signal, update, query arguments)
      </label>
      <PrivateViewChoice checked={privateView} onChange={setPrivateView} />
      <RememberChoice checked={remember} onChange={setRemember} />

      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          Save
        </button>
        {editing ? (
          <button type="button" onClick={onDone}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
