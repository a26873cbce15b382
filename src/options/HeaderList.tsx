import { useId, useRef } from 'react';
import type { HeaderEntryProblem } from '../core/settings/rule-headers';
import { MAX_HEADER_NAME_CHARS } from '../core/settings/schema';
import { FieldProblem, problemAttributes } from '../shared/FieldProblem';
import { headerRow, keepsSavedValue, type HeaderRow } from './codec-fields';

interface Props {
  rows: HeaderRow[];
  onChange(rows: HeaderRow[]): void;
  /** The codec server the saved values are bound to, when the endpoint now names another: none of them is kept. */
  savedValuesAt?: string | undefined;
  /** The names the rule has a value saved under. */
  savedNames: readonly string[];
  /** Why rows cannot be saved, by row (codec-fields.ts), each said under its row and tied to its name or value. */
  problems?: ReadonlyMap<number, HeaderEntryProblem> | undefined;
}

/** "Headers": name/value pairs for access proxies in front of the codec server. Values are secrets, written only. */
export function HeaderList({ rows, onChange, savedValuesAt, savedNames, problems }: Props) {
  const id = useId();
  const list = useRef<HTMLDivElement>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const change = (key: number, patch: Partial<HeaderRow>) => onChange(rows.map((row) => (row.key === key ? { ...row, ...patch } : row)));

  function add() {
    onChange([...rows, headerRow()]);
    // The new row's name field is where the keyboard goes next.
    requestAnimationFrame(() => list.current?.querySelector<HTMLInputElement>('.header-row:last-of-type input')?.focus());
  }

  function remove(key: number) {
    onChange(rows.filter((other) => other.key !== key));
    // The button pressed goes with its row; the one to add stays.
    addButton.current?.focus();
  }

  return (
    <fieldset className="headers" aria-describedby={`${id}-hint`}>
      <legend>Headers</legend>
      <p id={`${id}-hint`} className="hint muted">
        Extra request headers, for an access proxy in front of the codec server. Values are kept like tokens: sent only to this codec server, never shown again.
        {savedValuesAt ? ` The saved values are only ever sent to ${savedValuesAt}: enter them again for this codec server.` : ''}
      </p>
      <div ref={list} className="header-rows">
        {rows.map((row, index) => {
          const n = index + 1;
          const kept = keepsSavedValue(row, savedNames) && !savedValuesAt;
          const problem = problems?.get(row.key);
          const problemId = `${id}-${row.key}-problem`;
          const about = (field: HeaderEntryProblem['field']) => problemAttributes(problemId, problem?.field === field ? problem.sentence : undefined, `${id}-hint`);
          return (
            <div key={row.key} className="header-row">
              <label htmlFor={`${id}-${row.key}-name`}>Header {n} name</label>
              <input id={`${id}-${row.key}-name`} type="text" autoComplete="off" spellCheck={false} placeholder="X-Proxy-Authorization" maxLength={MAX_HEADER_NAME_CHARS} value={row.name} onChange={(e) => change(row.key, { name: e.target.value })} {...about('name')} />
              <label htmlFor={`${id}-${row.key}-value`}>Header {n} value</label>
              <input
                id={`${id}-${row.key}-value`}
                type="password"
                autoComplete="off"
                spellCheck={false}
                placeholder={kept ? '•••••• saved' : ''}
                value={row.value}
                onChange={(e) => change(row.key, { value: e.target.value })}
                {...about('value')}
              />
              <button type="button" onClick={() => remove(row.key)} aria-label={`Remove header ${n}${row.name ? ` (${row.name})` : ''}`}>
                Remove
              </button>
              <FieldProblem id={problemId} problem={problem?.sentence} />
            </div>
          );
        })}
      </div>
      <button ref={addButton} type="button" onClick={add}>
        Add header
      </button>
    </fieldset>
  );
}
