import { useEffect, useState } from 'react';
import { onStateChanged } from '../shared/extension-page-client';
import type { RuleView } from '../shared/messages/views';
import { AttentionList } from './AttentionList';
import { HEADINGS } from './focus';
import { ImportExport } from './ImportExport';
import { ManagedPolicy } from './ManagedPolicy';
import { OriginList } from './OriginList';
import { RuleForm } from './RuleForm';
import { RuleList } from './RuleList';
import { SecretsSection } from './SecretsSection';
import { TryNamespace } from './TryNamespace';
import { useOptions } from './store';

export function Options() {
  const load = useOptions((s) => s.load);
  const notice = useOptions((s) => s.notice);
  const loaded = useOptions((s) => s.loaded);
  const [editing, setEditing] = useState<RuleView | undefined>();
  // A new, empty form after each save or cancel.
  const [forms, setForms] = useState(0);
  useEffect(() => {
    void load();
    return onStateChanged(() => void load());
  }, [load]);

  return (
    <main className="options">
      <h1>Payload Lens</h1>
      <p className="muted">
        Rules say, for the Temporal Web UI addresses you choose and a namespace, how its payloads are decoded: by your
        team’s codec server, or with an AES-GCM key that stays in this browser.
      </p>
      <p>
        <a href="../history/index.html" target="_blank" rel="noopener">
          Open a history file…
        </a>
      </p>
      <AttentionList onEdit={setEditing} />
      <ManagedPolicy />
      <h2 id={HEADINGS.rules} tabIndex={-1}>
        Rules
      </h2>
      <RuleList onEdit={setEditing} />
      <TryNamespace />
      {/* The form waits for the settings: before them it would offer no address to apply on and miss every tie. */}
      {loaded ? (
        <RuleForm
          key={editing?.id ?? `new-${forms}`}
          editing={editing}
          // The popup's "Set up…" opens this page with the namespace it saw; only the first form takes it.
          suggestedNamespace={forms === 0 ? (new URLSearchParams(location.search).get('namespace') ?? undefined) : undefined}
          // After a save or a cancel the keyboard stays with the form, whose new heading it is taken to.
          focusOnMount={forms > 0}
          onDone={() => {
            setEditing(undefined);
            setForms((n) => n + 1);
          }}
        />
      ) : null}
      <OriginList />
      <SecretsSection />
      <ImportExport />
      <p role="status" aria-live="polite" className={notice ? `notice ${notice.tone}` : 'notice'}>
        {notice?.text}
      </p>
    </main>
  );
}
