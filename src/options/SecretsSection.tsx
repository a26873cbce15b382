import { request } from '../shared/extension-page-client';
import { ConfirmButton } from './ConfirmButton';
import { useOptions } from './store';

/** Forgetting every token, header value and key at once; and whether the in-page status chip shows. */
export function SecretsSection() {
  const { act, statusChip } = useOptions();
  // The switch moves at once; the chip follows when the background has stored it.
  const switchChip = (enabled: boolean) =>
    void act(() => request('set-status-chip', { enabled }), enabled ? 'The status chip shows on Web UI pages.' : 'The status chip no longer shows on Web UI pages.', { statusChip: enabled });
  return (
    <section aria-labelledby="secrets-title">
      <h2 id="secrets-title">Secrets and display</h2>
      <p className="muted">
        Tokens and keys are write-only: this page shows whether one is saved, never the secret itself.
      </p>
      <ConfirmButton
        label="Forget all secrets"
        question="Forget every saved token, header value and key? They cannot be brought back."
        confirmLabel="Forget them all"
        onConfirm={() => void act(() => request('forget-all-secrets', {}), 'Forgot every saved token, header value and key. The rules stay.')}
      />
      <label className="inline block">
        <input type="checkbox" checked={statusChip} onChange={(e) => switchChip(e.target.checked)} /> Show the status chip on Web UI pages
      </label>
    </section>
  );
}
