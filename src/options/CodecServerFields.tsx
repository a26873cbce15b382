import { useId } from 'react';
import { NAMESPACE_PLACEHOLDER, codecRequestUrl } from '../core/remote/codec-url';
import { isPattern } from '../core/settings/namespace-pattern';
import type { HeaderEntryProblem } from '../core/settings/rule-headers';
import { FieldProblem, problemAttributes } from '../shared/FieldProblem';
import type { RuleView, SecretStatus } from '../shared/messages/views';
import { CodecTest } from './CodecTest';
import { isHeld, secretsLeftAt } from '../shared/secrets-kept';
import { savedHeaderNames, type CodecFields } from './codec-fields';
import { HeaderList } from './HeaderList';
import { TokenInspector } from './TokenInspector';
import './codec-fields.css';

interface Props {
  value: CodecFields;
  onChange(patch: Partial<CodecFields>): void;
  /** The rule being changed, as saved now, for what is saved of its secrets: undefined for a new rule or one removed meanwhile. */
  editing: RuleView | undefined;
  /** The rule's namespace as typed in the form. */
  namespace: string;
  /** The form's “Encode what the Web UI sends”, which *Test* checks too. */
  encodes: boolean;
  /** Why the endpoint cannot be saved, said beside it, or undefined. */
  endpointProblem?: string | undefined;
  /** Why header rows cannot be saved, by row, or undefined. */
  headerProblems?: ReadonlyMap<number, HeaderEntryProblem> | undefined;
}

/** What saving does to a saved secret when the endpoint now names another codec server (`leftAt`, its old one). */
const forgottenOnSave = (what: string, leftAt: string) => `The saved ${what} is only ever sent to ${leftAt}: saving with this endpoint forgets it, so enter the one for this codec server.`;

function tokenHint(rule: RuleView | undefined, leftAt: string | undefined): string {
  const sent = 'Sent as “Authorization: Bearer …”, only to this codec server, and only over https:// or to this computer.';
  if (rule && isHeld(rule.token) && leftAt) return `${forgottenOnSave('token', leftAt)} ${sent}`;
  if (rule?.token.present) return `A token is saved; leave this empty to keep it. ${sent}`;
  if (rule?.token.awaitsConfirmation) return `A token from Payload Lens 0.1.0 is saved and waits under “Needs your attention”; leave this empty to keep it. ${sent}`;
  return rule?.token.forgotten ? `The token kept until the browser closed or Payload Lens updated is gone: enter it again. ${sent}` : sent;
}

const idTokenKeptHint = (status: SecretStatus) =>
  status.awaitsConfirmation ? 'One from Payload Lens 0.1.0 is saved and waits under “Needs your attention”; leave this empty to keep it.' : 'One is saved; leave this empty to keep it.';

/** Where a namespace's requests go, when the endpoint names `{namespace}`: the user sees the replacement. */
function endpointExample(endpoint: string, namespace: string): string | undefined {
  if (!endpoint.includes(NAMESPACE_PLACEHOLDER)) return undefined;
  const example = namespace.trim() && !isPattern(namespace.trim()) ? namespace.trim() : 'default';
  const url = codecRequestUrl(endpoint, example, 'decode');
  return url ? `For “${example}”, requests go to ${url.href}.` : undefined;
}

/** "Codec server": endpoint, access token (with what it says of itself), ID token, headers, cookies, and "Test". */
export function CodecServerFields({ value, onChange, editing, namespace, encodes, endpointProblem, headerProblems }: Props) {
  const id = useId();
  const example = endpointExample(value.endpoint, namespace);
  const leftAt = secretsLeftAt(editing, value.endpoint);
  const tokenKept = editing !== undefined && isHeld(editing.token) && !leftAt;
  const idTokenKept = editing !== undefined && isHeld(editing.idToken) && !leftAt;
  return (
    <>
      <label htmlFor={`${id}-endpoint`}>Codec endpoint</label>
      <input
        id={`${id}-endpoint`}
        type="url"
        required
        placeholder="https://codec.example.com"
        spellCheck={false}
        value={value.endpoint}
        onChange={(e) => onChange({ endpoint: e.target.value })}
        {...problemAttributes(`${id}-endpoint-problem`, endpointProblem, `${id}-endpoint-hint`)}
      />
      <FieldProblem id={`${id}-endpoint-problem`} problem={endpointProblem} />
      <p id={`${id}-endpoint-hint`} className="hint muted">
        The extension sends <code>POST …/decode</code> to this address, as the Web UI does. <code>{NAMESPACE_PLACEHOLDER}</code> in its path is replaced by the namespace, as in the Temporal CLI’s and
        the Web UI’s codec settings. {example}
      </p>

      <label htmlFor={`${id}-token`}>Access token</label>
      <input
        id={`${id}-token`}
        type="password"
        autoComplete="off"
        spellCheck={false}
        value={value.accessToken}
        onChange={(e) => onChange({ accessToken: e.target.value })}
        aria-describedby={`${id}-token-hint`}
        placeholder={tokenKept ? '•••••• saved' : 'optional'}
      />
      <p id={`${id}-token-hint`} className="hint muted">
        {tokenHint(editing, leftAt)}
      </p>
      <TokenInspector typed={value.accessToken} saved={tokenKept ? editing?.token.facts : undefined} namespace={namespace} permissionsClaim={value.permissionsClaim} />
      <label htmlFor={`${id}-claim`}>Permissions claim</label>
      <input id={`${id}-claim`} type="text" autoComplete="off" spellCheck={false} value={value.permissionsClaim} onChange={(e) => onChange({ permissionsClaim: e.target.value })} aria-describedby={`${id}-claim-hint`} />
      <p id={`${id}-claim-hint`} className="hint muted">
        The token claim that lists Temporal permissions (<code>payments:read</code>), as your Temporal server’s claim mapper reads it. Only used to show what the token grants.
      </p>

      <label htmlFor={`${id}-idtoken`}>ID token</label>
      <input
        id={`${id}-idtoken`}
        type="password"
        autoComplete="off"
        spellCheck={false}
        value={value.idToken}
        onChange={(e) => onChange({ idToken: e.target.value })}
        aria-describedby={`${id}-idtoken-hint`}
        placeholder={idTokenKept ? '•••••• saved' : 'optional'}
      />
      <p id={`${id}-idtoken-hint`} className="hint muted">
        Sent as “Authorization-Extras”, beside the access token, as the Web UI does.
        {editing && isHeld(editing.idToken) ? ` ${leftAt ? forgottenOnSave('ID token', leftAt) : idTokenKeptHint(editing.idToken)}` : ''}
      </p>

      <HeaderList rows={value.headers} onChange={(headers) => onChange({ headers })} savedValuesAt={leftAt} savedNames={savedHeaderNames(editing)} problems={headerProblems} />

      <label className="inline">
        <input type="checkbox" checked={value.includeCredentials} onChange={(e) => onChange({ includeCredentials: e.target.checked })} aria-describedby={`${id}-cookies-hint`} /> Include browser cookies
      </label>
      <p id={`${id}-cookies-hint`} className="hint muted">
        Sends this browser’s cookies for the codec server’s address, for a server behind a login proxy.
      </p>

      <CodecTest fields={value} namespace={namespace} ruleId={editing?.id} encodes={encodes} />
    </>
  );
}
