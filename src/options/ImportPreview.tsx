import { problemCount, problemText } from '../core/settings/settings-file';
import { listed } from '../shared/listed';
import type { FileProblemView, ImportPreview as Preview, RuleChangeView } from '../shared/messages/transfer';

const KIND_WORDS: Record<RuleChangeView['kind'], string> = {
  added: 'added',
  changed: 'changed',
  unchanged: 'unchanged',
  managed: 'set by your administrator: left as it is',
};

export function changeText(change: RuleChangeView): string {
  const parts = [`${change.label}: ${KIND_WORDS[change.kind]}`];
  if (change.fields.length) parts.push(`(${change.fields.join(', ')})`);
  let text = parts.join(' ');
  // Where it decodes says whose pages its saved secrets will serve: the file, not the user, matched it to this rule.
  if (change.adds) text += `. It will decode ${change.adds}`;
  if (change.moves) {
    const kept = change.secretsKept.length ? `, keeping its saved ${listed(change.secretsKept)}` : '';
    text += `. It decodes ${change.moves.from}; it will decode ${change.moves.to}${kept}`;
  }
  const dropped = change.secretsDropped;
  if (dropped.length) {
    const one = dropped.length === 1;
    const why = change.droppedForNewEndpoint ? `${one ? 'it was' : 'they were'} saved for the old codec server` : `the imported rule no longer has ${one ? 'it' : 'them'}`;
    text += `. The saved ${listed(dropped)} will be deleted: ${why}`;
  }
  if (change.secretsImported.length) {
    const brought = change.secretsImported.map((secret) => (change.secretsReplaced.includes(secret) ? `${secret} (in place of the saved one)` : secret));
    text += `. From the file: ${brought.join(', ')}`;
  }
  return `${text}.`;
}

/** Rules on every enabled address gain the added ones without a change of their own: said, since they keep their secrets. */
export function everyAddressText(rules: readonly string[], addedCount: number): string {
  const there = addedCount === 1 ? 'the added address' : 'the added addresses';
  return rules.length === 1
    ? `The rule on every enabled address will decode on ${there} too: ${rules[0]}.`
    : `The ${rules.length} rules on every enabled address will decode on ${there} too: ${rules.join('; ')}.`;
}

/** Every problem of a refused file, by rule and field. */
export function ImportProblems({ problems }: { problems: FileProblemView[] }) {
  return (
    <div role="alert" className="import-problems">
      <p className="bad">
        <span aria-hidden="true">✗ </span>This file cannot be imported; nothing was changed. It has {problemCount(problems)}:
      </p>
      <ul>
        {problems.map((problem, index) => (
          <li key={index}>{problemText(problem)}</li>
        ))}
      </ul>
    </div>
  );
}

/** What importing the file will change, before anything is saved. */
export function ImportChanges({ preview }: { preview: Extract<Preview, { ok: true }> }) {
  return (
    <div className="import-changes" aria-live="polite">
      <p>Importing this file will change the following; nothing is saved until you choose to import.</p>
      <ul>
        {preview.rules.map((change) => (
          <li key={change.ruleId}>{changeText(change)}</li>
        ))}
        {preview.rules.length === 0 ? <li>The file has no rules.</li> : null}
        {preview.addedOrigins.map((origin) => (
          <li key={origin}>Web UI address {origin}: added (the browser asks for access to it).</li>
        ))}
        {preview.everyAddressRules.length ? <li>{everyAddressText(preview.everyAddressRules, preview.addedOrigins.length)}</li> : null}
        {preview.preferencesChanged ? <li>Display preferences: changed.</li> : null}
        <li>Saved rules the file does not have stay as they are.</li>
      </ul>
    </div>
  );
}
