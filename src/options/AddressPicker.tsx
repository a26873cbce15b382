import { useId } from 'react';
import type { OriginView } from '../shared/messages/views';

export type Addresses = 'every' | string[];

interface Props {
  origins: OriginView[];
  value: Addresses;
  onChange(value: Addresses): void;
}

/** "Applies on": one checkbox per enabled Web UI address, labelled with the address itself, and "Every enabled address". */
export function AddressPicker({ origins, value, onChange }: Props) {
  const id = useId();
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
      {listed.map((origin) => (
        <label key={origin}>
          <input type="checkbox" disabled={every} checked={every || chosen.includes(origin)} onChange={(e) => toggle(origin, e.target.checked)} />
          <code>{origin}</code>
          {origins.some((o) => o.origin === origin) ? null : <span className="bad"> (no longer enabled)</span>}
        </label>
      ))}
      <label>
        <input type="checkbox" checked={every} onChange={(e) => onChange(e.target.checked ? 'every' : [])} /> Every enabled address
      </label>
    </fieldset>
  );
}
