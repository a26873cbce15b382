/**
 * A rule's tokens and header values moved from Payload Lens 0.1.0, whose settings content scripts could change: they
 * are sent to the rule's codec server only once the user confirms that address. The settings page asks; the popup
 * points there.
 */
import { codecOrigin, endpointMayCarrySecrets } from '../core/remote/codec-url';
import { remoteSecretsWhere } from './forgotten-secrets';
import { listed } from './listed';
import type { RuleView, SecretStatus } from './messages/views';

export interface MovedSecretsQuestion {
  /** The codec server they would go to. */
  origin: string;
  /** How many wait. */
  count: number;
  /** Whether they could go there at all: tokens and header values go only to https:// endpoints or to this computer. */
  sendable: boolean;
  /** What waits and why, in one sentence. */
  sentence: string;
}

/** What waits, in the words of the settings: "the access token", "the X-Tenant header". */
export function movedSecrets(rule: RuleView): string[] {
  return rule.mode === 'remote' ? remoteSecretsWhere(rule, (status) => status.awaitsConfirmation === true) : [];
}

/** The question to ask of the rule, or undefined when nothing of it waits (an administrator's rule holds no secrets). */
export function movedSecretsQuestion(rule: RuleView): MovedSecretsQuestion | undefined {
  const waiting = movedSecrets(rule);
  const origin = rule.endpoint === undefined ? null : codecOrigin(rule.endpoint);
  if (waiting.length === 0 || origin === null || rule.managed || rule.endpoint === undefined) return undefined;
  const list = listed(waiting);
  const one = waiting.length === 1;
  const what = `${list.charAt(0).toUpperCase()}${list.slice(1)} ${one ? 'comes' : 'come'} from Payload Lens 0.1.0, whose settings a web page could change`;
  const sendable = endpointMayCarrySecrets(rule.endpoint);
  return {
    origin,
    count: waiting.length,
    sendable,
    sentence: sendable
      ? `${what}, and ${one ? 'is' : 'are'} sent to ${origin} only once you confirm that it is your codec server.`
      : `${what}, for ${origin}; tokens and header values go only to https:// endpoints or to this computer, so forget ${one ? 'it' : 'them'}, and enter ${one ? 'it' : 'them'} again for an https:// endpoint.`,
  };
}

/** The rule as it reads once what waited was sent to its codec server (`sent`) or forgotten: what a page shows at once. */
export function withNothingWaiting(rule: RuleView, sent: boolean): RuleView {
  const answered = <S extends SecretStatus>(status: S): S => (status.awaitsConfirmation ? { ...status, awaitsConfirmation: undefined, present: sent, remembered: sent && status.remembered } : status);
  return { ...rule, token: answered(rule.token), idToken: answered(rule.idToken), headers: rule.headers.map((header) => ({ ...header, value: answered(header.value) })) };
}
