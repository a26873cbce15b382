import { useId } from 'react';

/** "Remember on this device", with what it does and does not protect against, said plainly. */
export function RememberChoice({ checked, onChange }: { checked: boolean; onChange(value: boolean): void }) {
  const id = useId();
  return (
    <>
      <label className="inline">
        <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} aria-describedby={`${id}-hint`} /> Remember on this device
      </label>
      <p id={`${id}-hint`} className="hint muted">
        Off: the secrets are kept only until the browser closes (or Payload Lens is updated). On: they are kept encrypted in this browser profile, out of
        reach of web pages, content scripts and other extensions — but not of someone who has a copy of the browser profile,
        because the key that opens them is in that profile too.
      </p>
    </>
  );
}
