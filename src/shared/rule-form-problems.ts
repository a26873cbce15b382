/**
 * What a rule form (the settings page's, the popup's) can tell at once about its namespace, addresses and endpoint,
 * with the background's own checks (the background checks again, and names anything else in the page's notice): said
 * beside the field, which is marked invalid and takes the keyboard, instead of only in the notice.
 */
import { parseCodecEndpoint, SECRETS_ENDPOINT_REFUSAL, secretsRefusedAt } from '../core/remote/codec-url';
import { managedTie } from '../core/settings/managed-policy';
import { parseNamespacePattern } from '../core/settings/namespace-pattern';
import { addressesProblem, tieWith, type Placed } from '../core/settings/rule-choice';
import { EVERY_ADDRESS, type RuleAddresses } from '../core/settings/schema';

export interface RuleFormProblems {
  namespace?: string;
  addresses?: string;
  endpoint?: string;
}

/**
 * `carriesSecrets`: the save would send the codec server a token or header value, typed now or kept as saved, which
 * only an endpoint that may carry them takes. Said before the browser is asked for access to an address that would
 * only be refused.
 */
export function ruleFormProblems(namespace: string, mode: 'remote' | 'local', endpoint: string, carriesSecrets = false): RuleFormProblems {
  const pattern = parseNamespacePattern(namespace);
  const codec = mode === 'remote' ? parseCodecEndpoint(endpoint) : undefined;
  const codecProblem = codec && !codec.ok ? codec.reason : codec && secretsRefusedAt(codec.endpoint, carriesSecrets) ? SECRETS_ENDPOINT_REFUSAL : undefined;
  return { ...(pattern.ok ? {} : { namespace: pattern.reason }), ...(codecProblem !== undefined ? { endpoint: codecProblem } : {}) };
}

/** The settings page's "Applies on": at least one address, each of them enabled (`enabled`, as the page lists them). */
export function addressFormProblems(addresses: RuleAddresses, enabled: readonly string[]): RuleFormProblems {
  const problem = addresses === EVERY_ADDRESS ? undefined : addressesProblem(addresses, enabled);
  return problem === undefined ? {} : { addresses: problem };
}

/**
 * A rule just as specific as another for the same namespaces on an address both cover, so neither could win there, or
 * one an administrator's rule already decides (rule-choice.ts, managed-policy.ts): said beside the namespace. `rules`
 * are the rules as the page last heard of them; the background checks again against the saved ones.
 */
export function tieFormProblems(rules: readonly Placed[], candidate: { id: string | undefined; namespace: string; addresses: RuleAddresses }): RuleFormProblems {
  const pattern = parseNamespacePattern(candidate.namespace);
  if (!pattern.ok) return {};
  const placed: Placed = { id: candidate.id ?? '', namespace: pattern.pattern, addresses: candidate.addresses };
  const tie = managedTie({ rules }, placed) ?? tieWith({ rules }, placed);
  return tie === undefined ? {} : { namespace: tie };
}
