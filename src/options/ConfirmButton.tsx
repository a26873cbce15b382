import { useEffect, useRef, useState } from 'react';

interface Props {
  /** The button's text, and its accessible name when it needs more than its text (which it then starts with). */
  label: string;
  name?: string;
  /** What the action loses, asked in place: "Remove the rule for “payments” and its secrets?" */
  question: string;
  /** The button that does it. */
  confirmLabel: string;
  onConfirm(): void;
}

/**
 * A button whose action cannot be undone (secrets are gone for good): the first press asks, beside it, and takes the
 * keyboard to the answer; "Keep" takes it back.
 */
export function ConfirmButton({ label, name, question, confirmLabel, onConfirm }: Props) {
  const [asking, setAsking] = useState(false);
  // Set once answered: the keyboard goes back to the first button, unless the action took it away.
  const [answered, setAnswered] = useState(false);
  const first = useRef<HTMLButtonElement>(null);
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) yes.current?.focus();
    else if (answered) first.current?.focus();
  }, [asking, answered]);

  const keep = () => {
    setAnswered(true);
    setAsking(false);
  };

  if (!asking) {
    return (
      <button ref={first} type="button" onClick={() => setAsking(true)} {...(name ? { 'aria-label': name } : {})}>
        {label}
      </button>
    );
  }
  return (
    // Escape backs out, as it does of any question.
    <span role="group" aria-label={question} className="confirm" onKeyDown={(event) => event.key === 'Escape' && keep()}>
      <span>{question}</span>{' '}
      <button
        ref={yes}
        type="button"
        className="danger"
        onClick={() => {
          setAnswered(true);
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>{' '}
      <button type="button" onClick={keep}>
        Keep
      </button>
    </span>
  );
}
