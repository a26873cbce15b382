/**
 * The settings' "Test" button, in the background: the codec server fields as typed become a rule that is not
 * saved, and its request is built the way decoding builds one. Secrets typed into the form are used as typed;
 * a field left empty means the rule's saved secret, which is released only for the address it was saved for.
 * Nothing of a secret goes back to the page: only one sentence.
 */
import type { DecodeError } from '../core/errors';
import { checkCodec, checkSentence, type CheckOutcome } from '../core/remote/codec-check';
import { codecRequestProblem, codecRequestUrl, parseCodecEndpoint } from '../core/remote/codec-url';
import { isPattern } from '../core/settings/namespace-pattern';
import type { Rule } from '../core/settings/schema';
import type { BackgroundReply } from '../shared/messages/runtime';
import type { ParsedCodecCheck } from '../shared/messages/rule-input';
import { codecTargetFor } from './decoding/codec-target';
import { InputError } from './input-error';
import { filledHeaders } from './rule-editing';
import type { SecretStore } from './storage/secret-store';
import type { SettingsStore } from './storage/settings-store';

interface Deps {
  settings: SettingsStore;
  secrets: SecretStore;
  hasOriginAccess(origin: string): Promise<boolean>;
  fetch: typeof fetch;
  timeoutMs: number;
  /** The server answered the test: decoding need no longer wait for it (a Retry-After it gave). */
  resume?: (origin: string) => void;
}

type CheckReply = BackgroundReply<'test-codec'>;

export function createCodecCheck({ settings, secrets, hasOriginAccess, fetch, timeoutMs, resume }: Deps) {
  return async function testCodec(input: ParsedCodecCheck): Promise<CheckReply> {
    const namespace = input.namespace.trim();
    if (isPattern(namespace) || /\s/.test(namespace)) throw new InputError('Type the namespace to test with: a name, not a pattern.');
    const endpoint = parseCodecEndpoint(input.endpoint);
    if (!endpoint.ok) return { works: false, sentence: endpoint.reason };
    const url = codecRequestUrl(endpoint.endpoint, namespace, 'decode');
    if (!url) return { works: false, sentence: `${codecRequestProblem(endpoint.endpoint, namespace)!}.` };
    const answer = (outcome: CheckOutcome): CheckReply => ({
      works: outcome.kind === 'works' && (outcome.encoding === undefined || outcome.encoding.kind === 'encodes'),
      sentence: checkSentence(outcome, { url: url.href, origin: url.origin, namespace, timeoutMs }),
    });

    const headers = filledHeaders(input.headers);
    const saved = input.ruleId === undefined ? undefined : (await settings.read()).settings.rules.find((rule) => rule.id === input.ruleId);
    const rule: Rule = {
      // Without a saved rule, an id no secret is stored under.
      id: saved?.id ?? `unsaved:${crypto.randomUUID()}`,
      addresses: 'every',
      namespace,
      enabled: true,
      mode: 'remote',
      encodeRequests: false,
      privateView: false,
      remote: { endpoint: endpoint.endpoint, includeCredentials: input.includeCredentials, headerNames: headers.map((header) => header.name), permissionsClaim: 'permissions' },
    };
    const typedHeaders = new Map(headers.flatMap((header) => (header.value ? [[header.name, header.value] as const] : [])));
    const choice = await codecTargetFor(rule, namespace, secrets, { accessToken: input.accessToken, idToken: input.idToken, headers: typedHeaders });
    if (!choice.ok) return answer(checkOutcomeOf(choice.error));
    if (!(await hasOriginAccess(choice.origin))) return answer({ kind: 'no-permission' });
    const outcome = await checkCodec(choice.target, { fetch, timeoutMs, encodes: input.encodeRequests });
    if (outcome.kind === 'works') resume?.(choice.origin);
    return answer(outcome);
  };
}

/** Why no test request was sent. */
function checkOutcomeOf(error: DecodeError): CheckOutcome {
  switch (error.kind) {
    case 'secret-bound-elsewhere':
      return { kind: 'secret-elsewhere' };
    case 'secret-not-saved':
      return { kind: 'secret-forgotten', what: error.detail ?? 'token' };
    case 'secret-unconfirmed':
      return { kind: 'secret-unconfirmed', what: error.detail ?? 'token' };
    default:
      return { kind: 'invalid-endpoint', reason: 'The codec endpoint is not a valid address.' };
  }
}
