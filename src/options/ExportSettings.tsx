import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { flushSync } from 'react-dom';
import { MIN_SEALING_PASSPHRASE_CHARS, sealingPassphraseProblem } from '../core/passphrase-envelope';
import { describeNamespaces } from '../core/settings/namespace-pattern';
import { errorText, request } from '../shared/extension-page-client';
import { FieldProblem, problemAttributes } from '../shared/FieldProblem';
import { listed } from '../shared/listed';
import { movedSecrets } from '../shared/moved-secrets';
import { useOptions } from './store';

/** The exported file's name, dated so that several exports can sit side by side. */
const fileName = () => `payload-lens-settings-${new Date().toISOString().slice(0, 10)}.json`;

/**
 * "Export settings…": the background writes the file (and seals the secrets, when included), so this page never
 * holds a secret in the clear; it only turns the file into a download.
 */
export function ExportSettings() {
  const id = useId();
  const [includeSecrets, setIncludeSecrets] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [file, setFile] = useState<{ url: string; name: string } | undefined>();
  // Said beside the passphrase once Export is pressed, and cleared as the user types.
  const [weak, setWeak] = useState<string>();
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => () => (file ? URL.revokeObjectURL(file.url) : undefined), [file]);

  const mismatch = includeSecrets && again !== '' && again !== passphrase;
  // The file holds only what a rule may send: what waits for its codec server to be confirmed is left out.
  const rules = useOptions((s) => s.rules);
  const waiting = rules.filter((rule) => movedSecrets(rule).length > 0).map((rule) => `the rule for ${describeNamespaces(rule.namespace)}`);
  const one = waiting.length === 1;
  const leftOut =
    waiting.length > 0 ? `What ${listed(waiting)} brought from Payload Lens 0.1.0 waits under “Needs your attention” for ${one ? 'its codec server' : 'their codec servers'} to be confirmed, and is not in the file.` : undefined;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    if (includeSecrets) {
      const problem = sealingPassphraseProblem(passphrase);
      flushSync(() => setWeak(problem));
      if (problem !== undefined || passphrase !== again) {
        form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
        useOptions.setState({ notice: { tone: 'bad', text: problem ?? 'The two passphrases differ.' } });
        return;
      }
    }
    useOptions.setState({ notice: undefined });
    setBusy(true);
    void request('export-settings', includeSecrets ? { passphrase } : {})
      .then((text) => {
        const exported = { url: URL.createObjectURL(new Blob([text], { type: 'application/json' })), name: fileName() };
        setFile(exported);
        setPassphrase('');
        setAgain('');
        const link = document.createElement('a');
        link.href = exported.url;
        link.download = exported.name;
        link.click();
        const sealed = `Exported the settings, with the secrets sealed under your passphrase.${leftOut ? ` ${leftOut}` : ''}`;
        useOptions.setState({ notice: { tone: 'ok', text: includeSecrets ? sealed : 'Exported the settings, without secrets.' } });
      })
      .catch((error: unknown) => useOptions.setState({ notice: { tone: 'bad', text: errorText(error) } }))
      .finally(() => setBusy(false));
  }

  return (
    <form ref={form} onSubmit={submit} className="transfer-form" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Export</h3>
      <label className="inline">
        <input type="checkbox" checked={includeSecrets} onChange={(e) => setIncludeSecrets(e.target.checked)} aria-describedby={`${id}-secrets-hint`} /> Include secrets
      </label>
      <p id={`${id}-secrets-hint`} className="hint muted">
        Off: the file has the rules and addresses, no token, header value or key. On: those are sealed under a passphrase you choose (PBKDF2-SHA-256,
        600,000 iterations, then AES-GCM); whoever has the file and the passphrase has the secrets.{leftOut ? ` ${leftOut}` : ''}
      </p>
      {includeSecrets ? (
        <>
          <label htmlFor={`${id}-pass`}>Passphrase</label>
          <input
            id={`${id}-pass`}
            type="password"
            autoComplete="new-password"
            value={passphrase}
            onChange={(e) => {
              setPassphrase(e.target.value);
              setWeak(undefined);
            }}
            required
            {...problemAttributes(`${id}-pass-problem`, weak, `${id}-pass-hint`)}
          />
          <FieldProblem id={`${id}-pass-problem`} problem={weak} />
          <p id={`${id}-pass-hint`} className="hint muted">
            At least {MIN_SEALING_PASSPHRASE_CHARS} characters; a few unrelated words are long and easy to remember.
          </p>
          <label htmlFor={`${id}-again`}>Passphrase again</label>
          <input
            id={`${id}-again`}
            type="password"
            autoComplete="new-password"
            value={again}
            onChange={(e) => setAgain(e.target.value)}
            required
            aria-invalid={mismatch ? true : undefined}
            aria-describedby={`${id}-again-hint`}
          />
          <p id={`${id}-again-hint`} className={`hint ${mismatch ? 'bad' : 'muted'}`} aria-live="polite">
            {mismatch ? 'The two passphrases differ.' : 'Nobody can open the secrets without it, not even you: keep it somewhere safe.'}
          </p>
        </>
      ) : null}
      <div className="actions">
        <button type="submit" aria-disabled={busy}>
          Export settings…
        </button>
      </div>
      {file ? (
        <p className="hint">
          If the download did not start: <a href={file.url} download={file.name} className="export-link">save {file.name}</a>
        </p>
      ) : null}
    </form>
  );
}
