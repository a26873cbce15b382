import { useId } from 'react';
import { REMEMBER_APPLIES_TO_SAVED } from '../shared/secrets-kept';

/**
 * "Remember on this device", with what it does and does not protect against, said plainly. `appliesToSaved`: the form
 * changes a rule that may have secrets saved already.
 */
export function RememberChoice({ checked, onChange, appliesToSaved = false }: { checked: boolean; onChange(value: boolean): void; appliesToSaved?: boolean }) {
  const id = useId();
  return (
    <>
      <label className="inline">
        <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} aria-describedby={`${id}-hint`} /> Remember on this device
      </label>
      <p id={`${id}-hint`} className="hint muted">
        Off: the secrets are kept only until the browser closes (or Payload Lens is updated). On: they are kept encrypted in this browser profile, out of
        reach of web pages, content scripts and other extensions — but not of someone who has a copy of the browser profile,
        because the key that opens them is in that profile too.{appliesToSaved ? ` ${REMEMBER_APPLIES_TO_SAVED}` : ''}
      </p>
    </>
  );
}
