import { useId } from 'react';
import { FieldProblem, problemAttributes } from '../shared/FieldProblem';
import type { OriginView } from '../shared/messages/views';

export type Addresses = 'every' | string[];

interface Props {
  origins: OriginView[];
  value: Addresses;
  onChange(value: Addresses): void;
  /** Why these addresses cannot be saved: said in the group, whose first checkbox is marked invalid and takes the keyboard. */
  problem?: string | undefined;
}

/** "Applies on": one checkbox per enabled Web UI address, labelled with the address itself, and "Every enabled address". */
export function AddressPicker({ origins, value, onChange, problem }: Props) {
  const id = useId();
  // A group cannot be marked invalid itself; its first checkbox is, and is described by the sentence.
  const firstInvalid = problemAttributes(`${id}-problem`, problem, `${id}-hint`);
  const every = value === 'every';
  const chosen = every ? [] : value;
  const toggle = (origin: string, on: boolean) => onChange(on ? [...chosen, origin] : chosen.filter((o) => o !== origin));
  // A rule may still name an address that was removed since: shown, so the user can let it go.
  const listed = [...origins.map((o) => o.origin), ...chosen.filter((o) => !origins.some((known) => known.origin === o))];
  return (
    <fieldset className="addresses" aria-describedby={`${id}-hint`}>
      <legend>Applies on</legend>
      <p id={`${id}-hint`} className="hint muted">
        The Web UI addresses where this rule decodes. A page at any other address gets nothing from it.
      </p>
      <FieldProblem id={`${id}-problem`} problem={problem} />
      {listed.map((origin, i) => (
        <label key={origin}>
          <input
            type="checkbox"
            disabled={every}
            checked={every || chosen.includes(origin)}
            onChange={(e) => toggle(origin, e.target.checked)}
            {...(i === 0 ? firstInvalid : {})}
          />
          <code>{origin}</code>
          {origins.some((o) => o.origin === origin) ? null : <span className="bad"> (no longer enabled)</span>}
        </label>
      ))}
      <label>
        <input
          type="checkbox"
          checked={every}
          onChange={(e) => onChange(e.target.checked ? 'every' : [])}
          {...(listed.length === 0 ? firstInvalid : {})}
        />{' '}
        Every enabled address
      </label>
    </fieldset>
  );
}
