import { useId, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { flushSync } from 'react-dom';
import { codecOrigin } from '../core/remote/codec-url';
import { describeNamespaces } from '../core/settings/namespace-pattern';
import { MAX_KEY_ID_CHARS } from '../core/settings/schema';
import { requestOriginAccess } from '../shared/host-permission';
import { errorText, request } from '../shared/extension-page-client';
import type { RuleView } from '../shared/messages/views';
import { FieldProblem, problemAttributes } from '../shared/FieldProblem';
import { ruleFormProblems } from '../shared/rule-form-problems';
import { isHeld, REMEMBER_APPLIES_TO_SAVED, secretsLeftAt } from '../shared/secrets-kept';
import type { KeyEntryProblem } from '../core/settings/rule-keys';
import { forgottenOnMove, initialFields, setupCarriesSecrets, setupInput, setupKeyProblem, type SetupFields } from './setup-input';
import { shownFromPage } from './page-text';
import { usePopup } from './store';

interface Props {
  tabId: number;
  /** The tab's Web UI address: the rule is bound to it. */
  origin: string;
  namespace: string;
  /** The rule this form changes, or undefined to make one (the parent remounts the form when it changes). */
  rule: RuleView | undefined;
  /** The broader rule that decides the namespace now, when there is one and it is not `rule`. */
  broader: RuleView | undefined;
  /** The codec endpoint the Web UI itself uses, as its page or server says: offered, never filled in unasked. */
  suggestion: string | undefined;
  /** The user picked this namespace from the list: the keyboard comes here, to the form it fills. */
  focus: boolean;
}

/**
 * Whether the keyboard was in the form that just went. Saving a new rule replaces this form with the one that changes
 * that rule (Popup keys the form by its rule); the keyboard, on Save, then comes to the new form's heading instead of
 * being dropped on the page.
 */
let keyboardInFormGone = false;

function savedSentence(namespace: string, origin: string, fields: SetupFields): string {
  const how = fields.mode === 'remote' ? `the codec server ${fields.endpoint.trim()}` : 'a local key';
  return `Saved: ${shownFromPage(namespace)} on ${origin} is decoded with ${how}.`;
}

export function SetupForm({ tabId, origin, namespace, rule, broader, suggestion, focus }: Props) {
  const id = useId();
  const shown = shownFromPage(namespace);
  const heading = useRef<HTMLHeadingElement>(null);
  const form = useRef<HTMLFormElement>(null);
  // Layout effects: the cleanup runs while the form is still in the document, before the next form's mount.
  useLayoutEffect(() => {
    if (focus || keyboardInFormGone) heading.current?.focus();
    keyboardInFormGone = false;
  }, [focus]);
  useLayoutEffect(() => {
    const element = form.current;
    return () => {
      keyboardInFormGone = element?.contains(document.activeElement) ?? false;
      // Only for a form mounted in the same render: one shown later, after none was, does not take the keyboard.
      queueMicrotask(() => (keyboardInFormGone = false));
    };
  }, []);
  // The Web UI's endpoint is never the field's value by itself: the page or its server chose it, and a token typed
  // here goes wherever the field points. It fills the field only when the user presses "Use this endpoint".
  const [fields, setFields] = useState<SetupFields>(() => initialFields(rule));
  const [busy, setBusy] = useState(false);
  const [endpointProblem, setEndpointProblem] = useState<string | undefined>();
  const [keyProblem, setKeyProblem] = useState<KeyEntryProblem | undefined>();
  const change = (part: Partial<SetupFields>) => {
    setFields({ ...fields, ...part });
    // A problem said beside a field goes once the field is changed: the next Save checks it again.
    if (part.endpoint !== undefined || part.mode !== undefined) setEndpointProblem(undefined);
    if (part.key !== undefined || part.keyId !== undefined || part.mode !== undefined) setKeyProblem(undefined);
  };
  // The button goes once the field holds the suggestion: the keyboard moves to the field it filled.
  const takeSuggestion = () => {
    if (suggestion === undefined) return;
    change({ endpoint: suggestion });
    document.getElementById(`${id}-endpoint`)?.focus();
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    usePopup.setState({ notice: undefined });
    // The namespace is the page's: only the endpoint or the key can be typed wrong. Said beside the field, which takes
    // the keyboard: rendered at once, so the field marked can be focused.
    flushSync(() => {
      setEndpointProblem(ruleFormProblems(namespace, fields.mode, fields.endpoint, setupCarriesSecrets(fields, rule)).endpoint);
      setKeyProblem(setupKeyProblem(fields, rule));
    });
    const invalid = form.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (invalid) return invalid.focus();
    // Sent first, within the click: the background saves the rule and reloads the tab even if
    // the permission prompt below closes this popup.
    const saving = request('save-rule-for-tab', { rule: setupInput(fields, origin, namespace, rule), tabId });
    // Asked in the click itself, before any await: browsers show the prompt only for a user action.
    const access = fields.mode === 'remote' ? requestOriginAccess(fields.endpoint) : Promise.resolve(true);
    setBusy(true);
    void Promise.all([saving, access])
      .then(([saved, granted]) => {
        const text = savedSentence(namespace, origin, fields);
        if (saved.reload === 'waiting' && !granted) {
          const target = codecOrigin(fields.endpoint) ?? fields.endpoint;
          return { tone: 'bad' as const, text: `${text} But the browser did not grant access to ${target}, so nothing is decoded through it: Save again and allow it.` };
        }
        return { tone: 'ok' as const, text: `${text} The tab reloads to show its payloads decoded.` };
      })
      .catch((error: unknown) => ({ tone: 'bad' as const, text: errorText(error) }))
      .then(async (notice) => {
        await usePopup.getState().load();
        usePopup.setState({ notice });
      })
      .finally(() => setBusy(false));
  }

  const leftAt = fields.mode === 'remote' && rule?.mode === 'remote' ? secretsLeftAt(rule, fields.endpoint) : undefined;
  const forgotten = rule && leftAt ? forgottenOnMove(rule, leftAt) : undefined;
  const tokenSaved = fields.mode === 'remote' && rule?.mode === 'remote' && isHeld(rule.token) && leftAt === undefined;
  const keySaved = fields.mode === 'local' && rule !== undefined && rule.keyIds.includes(fields.keyId.trim()) && rule.keys[fields.keyId.trim()]?.present === true;
  const keyIdSaysWhy = keyProblem?.field === 'keyId' ? keyProblem.sentence : undefined;
  const keySaysWhy = keyProblem?.field === 'key' ? keyProblem.sentence : undefined;

  // noValidate: the form checks its fields itself and says why beside each. The browser's own check of a URL field
  // would stop some addresses (https://*) first, with a bubble that does not say what is wrong.
  return (
    <form ref={form} onSubmit={submit} noValidate aria-labelledby={`${id}-title`} className="setup">
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>{rule ? `Change how ${shown} is decoded` : `Set up ${shown}`}</h2>
      {broader ? (
        <p className="hint muted">
          Saving makes a rule for {shown} on {origin}; it wins over the rule for {describeNamespaces(broader.namespace)}.
        </p>
      ) : null}
      <fieldset>
        <legend>Decode with</legend>
        <label>
          <input type="radio" name={`${id}-mode`} value="remote" checked={fields.mode === 'remote'} onChange={() => change({ mode: 'remote' })} /> Codec server
        </label>
        <label>
          <input type="radio" name={`${id}-mode`} value="local" checked={fields.mode === 'local'} onChange={() => change({ mode: 'local' })} /> Local key
        </label>
      </fieldset>

      {fields.mode === 'remote' ? (
        <>
          {suggestion !== undefined && rule?.endpoint !== suggestion ? (
            <div className="suggestion">
              <p id={`${id}-suggestion`}>
                This Web UI uses <code>{shownFromPage(suggestion)}</code>; decode through it, batched.
              </p>
              {fields.endpoint.trim() !== suggestion ? (
                <button type="button" onClick={takeSuggestion} aria-describedby={`${id}-suggestion`}>
                  Use this endpoint
                </button>
              ) : null}
            </div>
          ) : null}
          <label htmlFor={`${id}-endpoint`}>Codec endpoint</label>
          <input
            id={`${id}-endpoint`}
            type="url"
            required
            placeholder="https://codec.example.com"
            spellCheck={false}
            autoComplete="off"
            value={fields.endpoint}
            onChange={(e) => change({ endpoint: e.target.value })}
            {...problemAttributes(`${id}-endpoint-problem`, endpointProblem, `${id}-endpoint-hint`)}
          />
          <FieldProblem id={`${id}-endpoint-problem`} problem={endpointProblem} />
          <p id={`${id}-endpoint-hint`} className="hint muted">
            Payloads go to <code>…/decode</code> there, many in one request. <code>{'{namespace}'}</code> is replaced by the namespace.
          </p>
          {forgotten ? (
            <p className="hint bad" role="status">
              {forgotten}
            </p>
          ) : null}
          <label htmlFor={`${id}-token`}>Access token</label>
          <input id={`${id}-token`} type="password" autoComplete="off" spellCheck={false} value={fields.accessToken} onChange={(e) => change({ accessToken: e.target.value })} aria-describedby={`${id}-token-hint`} placeholder={tokenSaved ? '•••••• saved' : 'optional'} />
          <p id={`${id}-token-hint`} className="hint muted">
            {tokenSaved
              ? rule?.token.awaitsConfirmation
                ? 'A token from Payload Lens 0.1.0 is saved and waits under “Needs your attention” in the settings; leave this empty to keep it.'
                : 'A token is saved; leave this empty to keep it.'
              : 'Sent as “Authorization: Bearer …”, only to this codec server.'}
          </p>
        </>
      ) : (
        <>
          <label htmlFor={`${id}-keyid`}>Key ID</label>
          <input id={`${id}-keyid`} type="text" autoComplete="off" spellCheck={false} maxLength={MAX_KEY_ID_CHARS} value={fields.keyId} onChange={(e) => change({ keyId: e.target.value })} {...problemAttributes(`${id}-keyid-problem`, keyIdSaysWhy, `${id}-keyid-hint`)} />
          <FieldProblem id={`${id}-keyid-problem`} problem={keyIdSaysWhy} />
          <p id={`${id}-keyid-hint`} className="hint muted">
            The <code>encryption-key-id</code> your workers write; may be empty.
          </p>
          <label htmlFor={`${id}-key`}>Key</label>
          <input id={`${id}-key`} type="password" autoComplete="off" spellCheck={false} value={fields.key} onChange={(e) => change({ key: e.target.value })} {...problemAttributes(`${id}-key-problem`, keySaysWhy, `${id}-key-hint`)} placeholder={keySaved ? '•••••• saved' : 'base64, hex or text'} />
          <FieldProblem id={`${id}-key-problem`} problem={keySaysWhy} />
          <p id={`${id}-key-hint`} className="hint muted">
            {keySaved ? 'A key is saved for this ID; leave this empty to keep it.' : 'The key stays in this browser.'}
          </p>
        </>
      )}

      <label className="inline">
        <input type="checkbox" checked={fields.remember} onChange={(e) => change({ remember: e.target.checked })} aria-describedby={`${id}-remember-hint`} /> Remember on this device
      </label>
      <p id={`${id}-remember-hint`} className="hint muted">
        Off: secrets are kept until the browser closes (or Payload Lens is updated). On: kept encrypted in this browser profile.{rule ? ` ${REMEMBER_APPLIES_TO_SAVED}` : ''}
      </p>
      <div className="actions">
        <button type="submit" className="primary" aria-disabled={busy}>
          Save
        </button>
      </div>
    </form>
  );
}
