import { useId, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { isPattern } from '../core/settings/namespace-pattern';
import { MAX_NAMESPACE_CHARS } from '../core/settings/schema';
import { FieldProblem, problemAttributes } from '../shared/FieldProblem';
import { errorText, request } from '../shared/extension-page-client';
import { codecInput, type CodecFields } from './codec-fields';
import { useOptions } from './store';

interface Props {
  fields: CodecFields;
  /** The rule's namespace as typed: a name is tested as it is; for a pattern the user names one. */
  namespace: string;
  /** The saved rule, whose saved secrets fill the fields left empty. */
  ruleId: string | undefined;
  /** The form's “Encode what the Web UI sends”: `/encode` is tested too. */
  encodes: boolean;
}

/**
 * "Test": the background sends one harmless payload to the codec server as these fields describe it (secrets
 * never come back to this page) and answers with one sentence, shown here and announced.
 */
export function CodecTest({ fields, namespace, ruleId, encodes }: Props) {
  const id = useId();
  const [testNamespace, setTestNamespace] = useState('');
  const [result, setResult] = useState<{ works: boolean; sentence: string } | undefined>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const nameInput = useRef<HTMLInputElement>(null);
  const typed = namespace.trim();
  const needsName = typed === '' || isPattern(typed);

  async function test() {
    if (busy) return;
    if (needsName && !testNamespace.trim()) {
      // Said beside the field, which takes the keyboard: rendered first, so that it is read out with the field.
      flushSync(() => setProblem('Name one namespace the rule covers, to test with.'));
      nameInput.current?.focus();
      return;
    }
    setProblem(undefined);
    setBusy(true);
    setResult(undefined);
    useOptions.setState({ notice: undefined });
    let outcome: { works: boolean; sentence: string };
    try {
      const { endpoint, accessToken, idToken, headers, includeCredentials } = codecInput(fields);
      outcome = await request('test-codec', {
        ...(ruleId !== undefined ? { ruleId } : {}),
        namespace: needsName ? testNamespace.trim() : typed,
        endpoint,
        accessToken,
        idToken,
        headers,
        includeCredentials,
        encodeRequests: encodes,
      });
    } catch (error) {
      outcome = { works: false, sentence: errorText(error) };
    }
    setBusy(false);
    setResult(outcome);
    useOptions.setState({ notice: { tone: outcome.works ? 'ok' : 'bad', text: outcome.sentence } });
  }

  return (
    <div className="codec-test">
      {needsName ? (
        <>
          <label htmlFor={`${id}-ns`}>Namespace to test with</label>
          <input
            ref={nameInput}
            id={`${id}-ns`}
            type="text"
            autoComplete="off"
            spellCheck={false}
            maxLength={MAX_NAMESPACE_CHARS}
            value={testNamespace}
            onChange={(e) => setTestNamespace(e.target.value)}
            {...problemAttributes(`${id}-ns-problem`, problem, `${id}-ns-hint`)}
          />
          <FieldProblem id={`${id}-ns-problem`} problem={problem} />
          <p id={`${id}-ns-hint`} className="hint muted">
            The rule covers a pattern: name one namespace it covers for the test.
          </p>
        </>
      ) : null}
      <div className="actions">
        <button type="button" onClick={() => void test()} aria-disabled={busy} aria-describedby={`${id}-what`}>
          Test
        </button>
        <span id={`${id}-what`} className="hint muted">
          {busy ? 'Testing…' : `Sends one harmless payload to /decode${encodes ? ' and /encode' : ''}, with the token and headers above, to see what the codec server says.`}
        </span>
      </div>
      {/* Announced through the page's notice; repeated here, beside the button, for the eye. */}
      {result ? <p className={result.works ? 'ok' : 'bad'}>{result.works ? '✓ ' : '✗ '}{result.sentence}</p> : null}
    </div>
  );
}
