/**
 * Rules and Web UI addresses an administrator sets through the browser's managed storage
 * (Chrome policy, Firefox enterprise policies), and how they join the user's settings.
 *
 * A policy is untrusted input like anything stored: each rule and address is checked on its
 * own, the valid ones work and the rest is set aside and shown. Managed rules carry no
 * secrets (policy files and chrome://policy are readable by anyone on the computer): they
 * are codec-server rules whose server accepts the browser's cookies or no credentials at all.
 *
 * Precedence: a managed rule wins over a user rule that is just as specific for the same
 * namespaces on the same address (managed rules come first, and the first of equals wins,
 * see rule-choice.ts); a more specific user rule still decides its narrower namespaces.
 */
import * as v from 'valibot';
import { BUILTIN_UI_ORIGINS } from '../origins';
import { parseCodecEndpoint } from '../remote/codec-url';
import { withoutTokenShapes } from '../scrub';
import { describeNamespaces, parseNamespacePattern } from './namespace-pattern';
import { describeAddresses, tieWith, type Placed } from './rule-choice';
import { NOT_SHOWN, shownPolicyEntry, shownPolicyText, SECRET_FIELDS } from './policy-shown';
import { OriginSchema, RuleSchema, defaultSettings, type Origin, type Rule, type SetAside, type Settings } from './schema';

/** Managed rules' ids start with this, so they never meet the ids of the user's own rules. */
export const MANAGED_ID_PREFIX = 'managed:';

export const isManagedRuleId = (id: string): boolean => id.startsWith(MANAGED_ID_PREFIX);

export interface ManagedPolicy {
  /** Web UI addresses the policy enables: its `origins` and every address its valid rules name, built-in ones left out. */
  origins: Origin[];
  rules: Rule[];
  /** What the policy holds that could not be used, with one sentence each. */
  problems: SetAside[];
}

export const emptyPolicy = (): ManagedPolicy => ({ origins: [], rules: [], problems: [] });

/** The fields a managed rule may have; anything else is refused, so a misspelt field is noticed, not ignored. */
const POLICY_RULE_FIELDS = ['id', 'addresses', 'namespace', 'endpoint', 'includeCredentials', 'encodeRequests', 'privateView'];

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The first issue in a sentence, without the value received: a policy value refused may be a secret in the wrong place. */
function problemOf(issues: v.BaseIssue<unknown>[]): string {
  const issue = issues[0];
  if (!issue) return 'it is not valid';
  const path = issue.path?.map((item) => String(item.key)).join('.') ?? '';
  const message = issue.message.replace(/ but received [\s\S]*$/, '');
  return path ? `${path}: ${message}` : message;
}

/** A managed rule's switches: shown as they are only when they are switches, since anything else may be a secret put there. */
const POLICY_RULE_SWITCHES = ['includeCredentials', 'encodeRequests', 'privateView'];

function withoutMistypedSwitches(raw: unknown): unknown {
  if (!isObject(raw)) return raw;
  return Object.fromEntries(Object.entries(raw).map(([field, value]) => [field, POLICY_RULE_SWITCHES.includes(field) && typeof value !== 'boolean' ? NOT_SHOWN : value]));
}

/** The rule a managed entry describes, or the sentence that says why it cannot be one. */
function ruleOf(raw: unknown): { rule: Rule } | { problem: string } {
  if (!isObject(raw)) return { problem: 'A managed rule is not an object.' };
  const secrets = Object.keys(raw).filter((field) => SECRET_FIELDS.test(field));
  if (secrets.length > 0) {
    return { problem: `A managed rule may not carry secrets (${secrets.join(', ')}): policy is readable by anyone on the computer. Use a codec server that accepts the browser’s cookies (includeCredentials).` };
  }
  const unknown = Object.keys(raw).filter((field) => !POLICY_RULE_FIELDS.includes(field));
  if (unknown.length > 0) return { problem: `A managed rule has fields Payload Lens does not know (${unknown.join(', ')}); allowed are ${POLICY_RULE_FIELDS.join(', ')}.` };
  if (!Array.isArray(raw['addresses'])) return { problem: 'A managed rule names the Web UI addresses it applies on, as a list (addresses).' };
  const endpointText = typeof raw['endpoint'] === 'string' ? raw['endpoint'] : '';
  const endpoint = parseCodecEndpoint(endpointText);
  // The reason may quote the endpoint: it is quoted as it may be shown.
  if (!endpoint.ok) return { problem: `A managed rule’s endpoint cannot be used: ${endpoint.reason.replace(endpointText.slice(0, 200), shownPolicyText(endpointText.slice(0, 200)))}` };
  const namespace = parseNamespacePattern(typeof raw['namespace'] === 'string' ? raw['namespace'] : '');
  if (!namespace.ok) return { problem: `A managed rule’s namespace cannot be used: ${namespace.reason}` };
  const candidate = {
    id: typeof raw['id'] === 'string' ? `${MANAGED_ID_PREFIX}${raw['id']}` : raw['id'],
    addresses: raw['addresses'],
    namespace: namespace.pattern,
    enabled: true,
    mode: 'remote',
    encodeRequests: raw['encodeRequests'],
    privateView: raw['privateView'],
    remote: { endpoint: endpoint.endpoint, includeCredentials: raw['includeCredentials'] ?? false, headerNames: [] },
  };
  const parsed = v.safeParse(RuleSchema, candidate);
  if (!parsed.success) return { problem: `A managed rule could not be read (${problemOf(parsed.issues)}).` };
  return { rule: parsed.output as Rule };
}

/** Reads what the browser's managed storage holds; `now` dates what is set aside. */
export function readPolicy(stored: unknown, now: Date = new Date()): ManagedPolicy {
  const since = now.toISOString();
  const policy = emptyPolicy();
  // The policy itself stays in the browser: what is set aside is only shown, so only what may be shown is kept.
  // The sentences quote only what may be shown, but a token pasted into a field is caught wherever it went.
  const setAside = (raw: unknown, problem: string, fields?: readonly string[]) => policy.problems.push({ raw: shownPolicyEntry(raw, fields), problem: withoutTokenShapes(problem), since });
  if (stored === undefined || stored === null) return policy;
  if (!isObject(stored)) {
    setAside(stored, 'The managed policy is not an object.');
    return policy;
  }
  const addOrigin = (origin: Origin) => {
    if (!BUILTIN_UI_ORIGINS.includes(origin) && !policy.origins.includes(origin)) policy.origins.push(origin);
  };

  const origins = stored['origins'] ?? [];
  if (!Array.isArray(origins)) setAside(origins, 'The managed Web UI addresses (origins) are not a list.');
  else {
    for (const origin of origins) {
      const parsed = v.safeParse(OriginSchema, origin);
      if (parsed.success) addOrigin(parsed.output);
      else setAside(origin, `A managed Web UI address cannot be used: ${problemOf(parsed.issues)}`);
    }
  }

  const rules = stored['rules'] ?? [];
  if (!Array.isArray(rules)) setAside(rules, 'The managed rules are not a list.');
  else {
    for (const raw of rules) {
      const read = ruleOf(raw);
      if ('problem' in read) {
        setAside(withoutMistypedSwitches(raw), read.problem, POLICY_RULE_FIELDS);
        continue;
      }
      const { rule } = read;
      if (policy.rules.some((other) => other.id === rule.id)) {
        setAside(raw, `Two managed rules have the id “${rule.id.slice(MANAGED_ID_PREFIX.length)}”; the second is not used.`);
        continue;
      }
      // Two managed rules that tie would leave the choice to their order: the administrator decides, not the list.
      const tie = tieWith(policyAsSettings(policy), rule);
      if (tie) {
        setAside(raw, `A managed rule is not used: ${tie}`);
        continue;
      }
      policy.rules.push(rule);
      if (Array.isArray(rule.addresses)) rule.addresses.forEach(addOrigin);
    }
  }

  const known = ['origins', 'rules'];
  const unknown = Object.keys(stored).filter((name) => !known.includes(name));
  if (unknown.length > 0) setAside(Object.fromEntries(unknown.map((name) => [name, stored[name]])), `The managed policy has settings Payload Lens does not know (${unknown.join(', ')}); they are not used.`, []);
  return policy;
}

function policyAsSettings(policy: ManagedPolicy): Settings {
  return { ...defaultSettings(), origins: policy.origins, rules: policy.rules };
}

/**
 * The settings the extension works with: the managed addresses and rules joined to the user's.
 * Managed rules come first so they win ties. A user rule whose id a managed rule already has
 * (none should: one read from storage is set aside) is left out of use, and kept by withoutPolicy.
 */
export function withPolicy(user: Settings, policy: ManagedPolicy): Settings {
  const managedIds = new Set(policy.rules.map((rule) => rule.id));
  return {
    ...user,
    origins: [...user.origins, ...policy.origins.filter((origin) => !user.origins.includes(origin))],
    rules: [...policy.rules, ...user.rules.filter((rule) => !managedIds.has(rule.id))],
  };
}

/**
 * The user's part of settings that were changed as withPolicy joined them: what is stored.
 * Managed rules never are; a managed address is stored only when the user had added it too
 * (the policy may drop it later, and the user's own address must then still be there).
 */
export function withoutPolicy(changed: Settings, user: Settings, policy: ManagedPolicy): Settings {
  const managedIds = new Set(policy.rules.map((rule) => rule.id));
  const hidden = user.rules.filter((rule) => managedIds.has(rule.id));
  return {
    ...changed,
    origins: changed.origins.filter((origin) => !policy.origins.includes(origin) || user.origins.includes(origin)),
    rules: [...changed.rules.filter((rule) => !managedIds.has(rule.id)), ...hidden],
  };
}

/** The managed rule that decides instead of a user rule wherever both would apply, if any. */
export function managedRuleOver<R extends Placed>(managedRules: readonly R[], userRule: Placed): R | undefined {
  return managedRules.find((managed) => tieWith({ rules: [managed] }, userRule) !== undefined);
}

/** Why a user rule cannot be saved beside the managed rules of joined settings, if it cannot. */
export function managedTie(settings: { rules: readonly Placed[] }, candidate: Placed): string | undefined {
  const over = managedRuleOver(settings.rules.filter((rule) => isManagedRuleId(rule.id)), candidate);
  if (!over) return undefined;
  return `Your administrator’s rule for ${describeNamespaces(over.namespace)} on ${describeAddresses(over.addresses)} already decides these namespaces there: choose another namespace or other addresses.`;
}
