/** One payload: where it sits, its encoding, its text (JSON laid out, numbers as written), a copy button. */
import { useMemo, useState } from 'react';
import { payloadText } from '../../core/payload-text';
import type { ViewPayload } from './model';

export function PayloadBlock({ item, label }: { item: ViewPayload; label?: string }) {
  const { encoding, text, readable } = useMemo(() => payloadText(item.payload), [item.payload]);
  const [copied, setCopied] = useState<string>();
  const name = label ?? item.field;

  function copy() {
    // Cleared first: the same sentence again would not be announced again.
    setCopied(undefined);
    navigator.clipboard.writeText(text).then(
      () => setCopied('Copied.'),
      () => setCopied('The browser did not allow copying.'),
    );
  }

  return (
    <div className="payload-block">
      <div className="payload-head">
        <span className="payload-field">{name}</span>
        <span className="muted">{encoding}</span>
        <button type="button" onClick={copy} aria-label={`Copy ${name}`}>
          Copy
        </button>
        <span role="status" className="muted">
          {copied}
        </span>
      </div>
      {item.problem ? <p className="bad payload-problem">Not decoded: {item.problem}</p> : null}
      <pre className="payload-text" role="group" tabIndex={0} aria-label={`${name}${readable ? '' : ', base64'}`} data-field={item.field} data-encoding={encoding}>
        {text}
      </pre>
    </div>
  );
}
