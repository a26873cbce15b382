/**
 * What a rule form (the settings page's, the popup's) can tell at once about its namespace, addresses and endpoint,
 * with the background's own checks (the background checks again, and names anything else in the page's notice): said
 * beside the field, which is marked invalid and takes the keyboard, instead of only in the notice.
 */
import { parseCodecEndpoint } from '../core/remote/codec-url';
import { parseNamespacePattern } from '../core/settings/namespace-pattern';
import { addressesProblem } from '../core/settings/rule-choice';
import { EVERY_ADDRESS, type RuleAddresses } from '../core/settings/schema';

export interface RuleFormProblems {
  namespace?: string;
  addresses?: string;
  endpoint?: string;
}

export function ruleFormProblems(namespace: string, mode: 'remote' | 'local', endpoint: string): RuleFormProblems {
  const pattern = parseNamespacePattern(namespace);
  const codec = mode === 'remote' ? parseCodecEndpoint(endpoint) : undefined;
  return { ...(pattern.ok ? {} : { namespace: pattern.reason }), ...(codec && !codec.ok ? { endpoint: codec.reason } : {}) };
}

/** The settings page's "Applies on": at least one address, each of them enabled (`enabled`, as the page lists them). */
export function addressFormProblems(addresses: RuleAddresses, enabled: readonly string[]): RuleFormProblems {
  const problem = addresses === EVERY_ADDRESS ? undefined : addressesProblem(addresses, enabled);
  return problem === undefined ? {} : { addresses: problem };
}
