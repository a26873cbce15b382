import { useId } from 'react';
import type { KeyEntryProblem } from '../core/settings/rule-keys';
import { MAX_KEY_ID_CHARS } from '../core/settings/schema';
import { FieldProblem, problemAttributes } from '../shared/FieldProblem';
import type { KeyStatus } from '../shared/messages/views';
import { savedKeySentence, typedKeySentence, type KeyRow } from './key-rows';
import { useSettledValue } from './settled-value';

/** How long typing pauses before what the key reads as is said to a screen reader. */
const SAY_KEY_AFTER_MS = 700;

interface Props {
  row: KeyRow;
  /** Position in the list, for the group's name ("Key 1"). */
  position: number;
  /** The saved key's status, for a saved row. */
  saved: KeyStatus | undefined;
  active: boolean;
  /** Several rows: each can be removed and chosen as the active one. */
  several: boolean;
  radioGroup: string;
  onChange(change: Partial<Pick<KeyRow, 'keyId' | 'key'>>): void;
  onActivate(): void;
  onRemove(): void;
  /** Why the row cannot be saved, said beside its Key ID or Key. */
  problem?: KeyEntryProblem | undefined;
}

/** One local key: "Key ID" and "Key", how the key reads as it is typed (or as it was saved), and whether it encodes. */
export function LocalKeyFields({ row, position, saved, active, several, radioGroup, onChange, onActivate, onRemove, problem }: Props) {
  const id = useId();
  const typed = typedKeySentence(row.key);
  // The hint changes with each character (a wrong length says the length): it is read out once typing pauses, and a
  // pasted key a moment after.
  const said = useSettledValue(typed?.sentence ?? '', SAY_KEY_AFTER_MS);
  const keyIdProblem = problem?.field === 'keyId' ? problem.sentence : undefined;
  const keyProblem = problem?.field === 'key' ? problem.sentence : undefined;
  const name = row.keyId ? `“${row.keyId}”` : String(position);
  return (
    <fieldset className="key-row">
      <legend>
        Key {name}
        {active && several ? ' (active)' : ''}
      </legend>
      <label htmlFor={`${id}-keyid`}>Key ID</label>
      <input
        id={`${id}-keyid`}
        type="text"
        autoComplete="off"
        spellCheck={false}
        maxLength={MAX_KEY_ID_CHARS}
        value={row.keyId}
        readOnly={row.saved}
        onChange={(e) => onChange({ keyId: e.target.value })}
        {...problemAttributes(`${id}-keyid-problem`, keyIdProblem, `${id}-keyid-hint`)}
      />
      <FieldProblem id={`${id}-keyid-problem`} problem={keyIdProblem} />
      <p id={`${id}-keyid-hint`} className="hint muted">
        {row.saved ? 'The id of a saved key stays as it is: to rename it, add a key under the new id and remove this one.' : <>The <code>encryption-key-id</code> your workers write; may be empty.</>}
      </p>
      <label htmlFor={`${id}-key`}>Key</label>
      <input
        id={`${id}-key`}
        type="password"
        autoComplete="off"
        spellCheck={false}
        value={row.key}
        onChange={(e) => onChange({ key: e.target.value })}
        // A key that cannot be read says so in its hint as it is typed, and is marked when the form is saved.
        {...problemAttributes(`${id}-key-problem`, keyProblem, `${id}-key-hint`)}
        placeholder={row.saved && saved?.present ? '•••••• saved' : 'base64, hex or text; 16 or 32 bytes'}
      />
      <FieldProblem id={`${id}-key-problem`} problem={keyProblem} />
      <span className="visually-hidden" aria-live="polite">
        {said}
      </span>
      <p id={`${id}-key-hint`} className={`hint ${typed ? (typed.ok ? 'ok' : 'bad') : 'muted'}`}>
        {typed ? (
          <>
            <span className="mark" aria-hidden="true">
              {typed.ok ? '✓ ' : '✗ '}
            </span>
            {typed.sentence}
          </>
        ) : row.saved ? (
          savedKeySentence(saved)
        ) : (
          'The key stays in this browser: it is never sent anywhere. Paste it as the workers have it: base64, hex, or text such as test-key-test-key-test-key-test!'
        )}
      </p>
      {several ? (
        <div className="key-row-actions">
          <label className="inline">
            <input type="radio" name={radioGroup} checked={active} onChange={onActivate} /> Active: encodes what the Web UI sends
          </label>
          <button type="button" onClick={onRemove} aria-label={`Remove key ${name}`}>
            Remove
          </button>
        </div>
      ) : null}
    </fieldset>
  );
}
