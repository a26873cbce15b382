import { useId } from 'react';

/** "Show plaintext only inside Payload Lens", with what it protects against, said plainly. */
export function PrivateViewChoice({ checked, onChange }: { checked: boolean; onChange(value: boolean): void }) {
  const id = useId();
  return (
    <>
      <label className="inline">
        <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} aria-describedby={`${id}-hint`} /> Show plaintext only inside Payload Lens
      </label>
      <p id={`${id}-hint`} className="hint muted">
        The Web UI page keeps its encoded payloads, so its scripts (a hosted or shared Web UI) never see plaintext. Payload Lens decodes them for its own
        panel, opened from its toolbar button, and keeps them only in memory until you close the panel or the tab.
      </p>
    </>
  );
}
