import { useId, useRef } from 'react';
import type { KeyEntryProblem } from '../core/settings/rule-keys';
import type { RuleView } from '../shared/messages/views';
import { withNewRow, withoutRow, withRowChanged, type KeyRows } from './key-rows';
import { LocalKeyFields } from './LocalKeyFields';

interface Props {
  keys: KeyRows;
  /** The rule being changed, as saved now: the status of its saved keys. Undefined for a new rule, or one removed meanwhile. */
  editing: RuleView | undefined;
  onChange(keys: KeyRows): void;
  /** Why rows cannot be saved, by row (key-rows.ts). */
  problems?: ReadonlyMap<number, KeyEntryProblem> | undefined;
}

/**
 * A local-key rule's keys. Every key decodes the payloads written with its id; the active one encodes what the
 * Web UI sends. Rotating is adding the new key, marking it active, and removing the old one once no payload needs it.
 */
export function KeyList({ keys, editing, onChange, problems }: Props) {
  const id = useId();
  const section = useRef<HTMLElement>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const several = keys.rows.length > 1;
  function add() {
    onChange(withNewRow(keys));
    // The new key comes first: its ID field is where the keyboard goes next.
    requestAnimationFrame(() => section.current?.querySelector<HTMLInputElement>('.key-row input')?.focus());
  }
  function remove(row: number) {
    onChange(withoutRow(keys, row));
    // The button pressed goes with its row; the one to add stays.
    addButton.current?.focus();
  }
  return (
    <section ref={section} className="key-list" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Keys</h3>
      {keys.rows.map((row, index) => (
        <LocalKeyFields
          key={row.row}
          // A row read from a rule since removed holds nothing saved: its ID may change like any new row's.
          row={editing ? row : { ...row, saved: false }}
          position={index + 1}
          saved={row.saved ? editing?.keys[row.keyId] : undefined}
          active={keys.active === row.row}
          several={several}
          radioGroup={`${id}-active`}
          onChange={(change) => onChange(withRowChanged(keys, row.row, change))}
          onActivate={() => onChange({ ...keys, active: row.row })}
          onRemove={() => remove(row.row)}
          problem={problems?.get(row.row)}
        />
      ))}
      <p className="hint muted">To rotate: add the new key, mark it active, and remove the old one once no workflow you look at needs it.</p>
      <div>
        <button ref={addButton} type="button" onClick={add}>
          Add a key
        </button>
      </div>
    </section>
  );
}
