import { useId, useRef, useState, type FormEvent } from 'react';
import { flushSync } from 'react-dom';
import { MAX_SETTINGS_FILE_CHARS } from '../core/settings/settings-file';
import browser from '../shared/browser';
import { originMatchPattern } from '../shared/compat';
import { errorText, request } from '../shared/extension-page-client';
import type { ImportPreview } from '../shared/messages/transfer';
import { ImportChanges, ImportProblems } from './ImportPreview';
import { RememberChoice } from './RememberChoice';
import { useOptions } from './store';

interface Chosen {
  name: string;
  text: string;
  preview: ImportPreview;
  /** The user chose to leave out the secrets, which opened only to be refused. */
  leftOut?: boolean;
}

const SECRETS_SAID: Record<'locked' | 'wrong' | 'opened', string> = {
  locked: 'The file holds secrets sealed under a passphrase. Type it to import them too, or import without them.',
  wrong: 'Wrong passphrase or damaged file: the secrets stay sealed.',
  opened: 'The secrets opened: they are imported with the rules.',
};

const SECRETS_LEFT_OUT = 'The file’s secrets are left out, for the problems they had: the rest is imported without them.';

/**
 * "Import settings…": the background reads the chosen file as untrusted input and answers with every problem or
 * with what would change; only "Import" saves, and only all of it.
 */
export function ImportSettings() {
  const id = useId();
  const act = useOptions((s) => s.act);
  const input = useRef<HTMLInputElement>(null);
  const [chosen, setChosen] = useState<Chosen | undefined>();
  const [passphrase, setPassphrase] = useState('');
  const [remember, setRemember] = useState(false);
  // What is under way, said while it runs: opening sealed secrets takes a moment on purpose.
  const [doing, setDoing] = useState<string | undefined>();
  const busy = doing !== undefined;
  const chooseButton = useRef<HTMLButtonElement>(null);
  const shown = useRef<HTMLElement>(null);
  // Focus moves only once the page shows what it moves to: each state change before it is rendered at once.
  /** Back to "Import settings…" once the preview is gone, with the button that was pressed. */
  const backToChooser = () => chooseButton.current?.focus();

  const say = (tone: 'ok' | 'bad', text: string) => useOptions.setState({ notice: { tone, text } });
  const close = () => {
    setChosen(undefined);
    setPassphrase('');
    if (input.current) input.current.value = '';
  };

  async function preview(name: string, text: string, withPassphrase?: string, leftOut = false) {
    setDoing(withPassphrase ? 'Opening the secrets…' : 'Checking the file…');
    try {
      const answer = await request('preview-import', { text, ...(withPassphrase ? { passphrase: withPassphrase } : {}) });
      flushSync(() => setChosen({ name, text, preview: answer, ...(leftOut ? { leftOut } : {}) }));
      // A new preview takes the keyboard to it (its label names the file), unless the passphrase typed was wrong:
      // then the keyboard goes to its field, which stays (from "Open the secrets", disabled meanwhile, too).
      const wrongPassphrase = withPassphrase !== undefined && answer.ok && answer.secrets === 'wrong';
      if (wrongPassphrase) document.getElementById(`${id}-pass`)?.focus();
      else shown.current?.focus();
    } catch (error) {
      say('bad', errorText(error));
    } finally {
      flushSync(() => setDoing(undefined));
      // A button disabled while it had the keyboard drops it: when nothing else took it, it goes back there.
      if (document.activeElement === document.body) backToChooser();
    }
  }

  async function choose(file: File | undefined) {
    useOptions.setState({ notice: undefined });
    setPassphrase('');
    if (!file) return;
    if (file.size > MAX_SETTINGS_FILE_CHARS * 4) {
      flushSync(() => setChosen({ name: file.name, text: '', preview: { ok: false, problems: [{ where: 'The file', problem: 'It is far too large to be a settings file.' }] } }));
      shown.current?.focus();
      return;
    }
    const text = await file.text();
    // Past the cap the background says so in its own sentence; more of the text would be refused unread, unexplained.
    await preview(file.name, text.length > MAX_SETTINGS_FILE_CHARS ? text.slice(0, MAX_SETTINGS_FILE_CHARS + 1) : text);
  }

  function openSecrets(event: FormEvent) {
    event.preventDefault();
    if (chosen && passphrase) void preview(chosen.name, chosen.text, passphrase);
  }

  function importNow() {
    if (!chosen?.preview.ok) return;
    const { preview: plan, text } = chosen;
    // Access to new addresses is asked for in the click itself: browsers prompt only for a user gesture.
    const origins = [...plan.addedOrigins, ...plan.codecOrigins].map(originMatchPattern);
    const access = origins.length ? browser.permissions.request({ origins }).catch(() => false) : Promise.resolve(true);
    const usePassphrase = plan.secrets === 'opened' ? passphrase : undefined;
    setDoing('Importing…');
    let lookAgain = false;
    void access
      .then(async () => {
        useOptions.setState({ notice: undefined });
        const result = await request('import-settings', { text, remember, basis: plan.basis, ...(usePassphrase ? { passphrase: usePassphrase } : {}) });
        if (result.stale) {
          // The settings changed since this preview (in another window, or saved here since): nothing was imported,
          // and what the file would change now is shown in its place.
          lookAgain = true;
          say('bad', result.sentence);
          return;
        }
        close();
        await act(async () => undefined, result.sentence);
      })
      .catch((error: unknown) => say('bad', errorText(error)))
      .finally(() => {
        flushSync(() => setDoing(undefined));
        if (lookAgain) void preview(chosen.name, text, usePassphrase, chosen.leftOut);
        else backToChooser();
      });
  }

  const secrets = chosen?.preview.ok ? chosen.preview.secrets : 'none';
  // Refused for its opened secrets alone (the file was edited since it was exported, say): the rest may be imported
  // without them, as a file whose secrets were not opened is.
  const refusedForSecrets = chosen !== undefined && !chosen.preview.ok && chosen.preview.secretsOnly === true;

  function leaveSecretsOut() {
    if (!chosen) return;
    setPassphrase('');
    void preview(chosen.name, chosen.text, undefined, true);
  }

  return (
    <div className="transfer-form">
      <h3 id={`${id}-title`}>Import</h3>
      <input ref={input} id={`${id}-file`} type="file" accept=".json,application/json" className="visually-hidden" tabIndex={-1} aria-hidden="true" onChange={(e) => void choose(e.target.files?.[0])} />
      <div className="actions">
        <button ref={chooseButton} type="button" onClick={() => input.current?.click()} disabled={busy} aria-describedby={`${id}-hint`}>
          Import settings…
        </button>
      </div>
      <p id={`${id}-hint`} className="hint muted">
        A file from “Export settings…”. It is checked first; you see what it changes before anything is saved.
      </p>
      <p role="status" className="muted">
        {doing}
      </p>
      {chosen ? (
        <section ref={shown} tabIndex={-1} aria-label={`Importing ${chosen.name}`} className="import-preview">
          <p>
            <strong>{chosen.name}</strong>
          </p>
          {chosen.preview.ok ? <ImportChanges preview={chosen.preview} /> : <ImportProblems problems={chosen.preview.problems} />}
          {secrets === 'locked' && chosen.leftOut ? <p>{SECRETS_LEFT_OUT}</p> : null}
          {(secrets === 'locked' && !chosen.leftOut) || secrets === 'wrong' ? (
            <form onSubmit={openSecrets}>
              <p id={`${id}-secrets-said`} className={secrets === 'wrong' ? 'bad' : undefined} role={secrets === 'wrong' ? 'alert' : undefined}>
                {SECRETS_SAID[secrets]}
              </p>
              <label htmlFor={`${id}-pass`}>Passphrase of the file</label>
              <div className="row">
                <input id={`${id}-pass`} type="password" autoComplete="off" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} aria-invalid={secrets === 'wrong' ? true : undefined} aria-describedby={`${id}-secrets-said`} />
                <button type="submit" disabled={busy || !passphrase}>
                  Open the secrets
                </button>
              </div>
            </form>
          ) : null}
          {secrets === 'opened' ? (
            <>
              <p className="ok">{SECRETS_SAID.opened}</p>
              <RememberChoice checked={remember} onChange={setRemember} />
            </>
          ) : null}
          <div className="actions">
            {chosen.preview.ok ? (
              <button type="button" className="primary" onClick={importNow} disabled={busy}>
                {secrets === 'locked' || secrets === 'wrong' ? 'Import without secrets' : 'Import these settings'}
              </button>
            ) : null}
            {refusedForSecrets ? (
              <button type="button" className="primary" onClick={leaveSecretsOut} disabled={busy}>
                Check it without its secrets
              </button>
            ) : null}
            <button
              type="button"
              onClick={() => {
                flushSync(close);
                backToChooser();
              }}
            >
              {chosen.preview.ok ? 'Cancel' : 'Close'}
            </button>
          </div>
        </section>
      ) : null}
    </div>
  );
}
