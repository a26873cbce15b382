/**
 * What a rule form (the settings page's, the popup's) can tell at once about its namespace and endpoint, with the
 * background's own checks (the background checks again, and names anything else in the page's notice): said beside
 * the field, which is marked invalid and takes the keyboard, instead of only in the notice.
 */
import { parseCodecEndpoint } from '../core/remote/codec-url';
import { parseNamespacePattern } from '../core/settings/namespace-pattern';

export interface RuleFormProblems {
  namespace?: string;
  endpoint?: string;
}

export function ruleFormProblems(namespace: string, mode: 'remote' | 'local', endpoint: string): RuleFormProblems {
  const pattern = parseNamespacePattern(namespace);
  const codec = mode === 'remote' ? parseCodecEndpoint(endpoint) : undefined;
  return { ...(pattern.ok ? {} : { namespace: pattern.reason }), ...(codec && !codec.ok ? { endpoint: codec.reason } : {}) };
}
