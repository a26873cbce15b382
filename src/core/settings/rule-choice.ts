/**
 * Which rule applies where. For a Web UI address and a namespace, the most specific rule
 * wins: first by namespace (an exact name, then patterns by how many literal characters
 * they have, then "every namespace"), then by address (a rule naming the address beats
 * one for every enabled address). Two rules that would tie somewhere are refused at save.
 */
import { BUILTIN_UI_ORIGINS } from '../origins';
import { describeNamespaces, namespaceMatches, namespaceSpecificity, patternsOverlap } from './namespace-pattern';
import { EVERY_ADDRESS, type Origin, type Rule, type RuleAddresses, type Settings } from './schema';

/** What rule choice reads of the settings; the extension's pages hold views of the same shape. */
type Choosable = Pick<Rule, 'namespace' | 'addresses'>;
/** What a tie check reads of a rule: where it applies, and which rule it is. */
export type Placed = Choosable & Pick<Rule, 'id'>;
interface RulesAndOrigins<R extends Choosable> {
  origins: readonly Origin[];
  rules: readonly R[];
}

/** The built-in Web UI addresses and the ones the user added. */
export function enabledOrigins(settings: { origins: readonly Origin[] }): Origin[] {
  return [...new Set([...BUILTIN_UI_ORIGINS, ...settings.origins])];
}

export function isOriginEnabled(settings: { origins: readonly Origin[] }, origin: Origin): boolean {
  return enabledOrigins(settings).includes(origin);
}

/**
 * Why a rule cannot apply on the addresses chosen for it, in one sentence; undefined when it can. The background
 * refuses such a save, and the rule form says so beside the addresses before anything is sent.
 */
export function addressesProblem(chosen: readonly Origin[], enabled: readonly Origin[]): string | undefined {
  if (chosen.length === 0) return 'Choose at least one Web UI address the rule applies on, or “Every enabled address”.';
  const unknown = chosen.find((origin) => !enabled.includes(origin));
  return unknown === undefined ? undefined : `${unknown.slice(0, 200)} is not an enabled Web UI address; add it under “Web UI addresses” first.`;
}

function appliesOn(addresses: RuleAddresses, origin: Origin): boolean {
  return addresses === EVERY_ADDRESS || addresses.includes(origin);
}

const addressSpecificity = (addresses: RuleAddresses): number => (addresses === EVERY_ADDRESS ? 0 : 1);

/** Compares two rules' specificity: positive when `a` is more specific. */
function compareSpecificity(a: Choosable, b: Choosable): number {
  const [rankA, literalsA] = namespaceSpecificity(a.namespace);
  const [rankB, literalsB] = namespaceSpecificity(b.namespace);
  return rankA - rankB || literalsA - literalsB || addressSpecificity(a.addresses) - addressSpecificity(b.addresses);
}

/**
 * The rule for a namespace on an address, switched on or not (a switched-off rule still
 * shadows broader ones: that is how decoding is turned off for one namespace), or
 * undefined. Only rules of that address are considered, and only on an enabled address.
 */
export function ruleFor<R extends Choosable>(settings: RulesAndOrigins<R>, origin: Origin, namespace: string): R | undefined {
  if (!isOriginEnabled(settings, origin)) return undefined;
  let best: R | undefined;
  for (const rule of settings.rules) {
    if (!appliesOn(rule.addresses, origin) || !namespaceMatches(rule.namespace, namespace)) continue;
    // Ties cannot be saved; should stored settings hold one anyway, the first rule stays the choice.
    if (best === undefined || compareSpecificity(rule, best) > 0) best = rule;
  }
  return best;
}

/** Switched-on rules that apply on an address: what the page there may ask to be decoded. */
export function rulesOn<R extends Choosable & Pick<Rule, 'enabled'>>(settings: RulesAndOrigins<R>, origin: Origin): R[] {
  if (!isOriginEnabled(settings, origin)) return [];
  return settings.rules.filter((rule) => rule.enabled && appliesOn(rule.addresses, origin));
}

/** An address both cover; rules of equal specificity either both cover every address or both list theirs. */
function sharedAddress(a: RuleAddresses, b: RuleAddresses): string | undefined {
  if (a === EVERY_ADDRESS || b === EVERY_ADDRESS) return a === b ? 'every enabled address' : undefined;
  return a.find((origin) => b.includes(origin));
}

export function describeAddresses(addresses: RuleAddresses): string {
  return addresses === EVERY_ADDRESS ? 'every enabled address' : addresses.join(', ');
}

/**
 * Why `candidate` cannot be saved beside the other rules: an equally specific rule that
 * covers some namespace on some address it covers too, so neither could win there.
 */
export function tieWith(settings: { rules: readonly Placed[] }, candidate: Placed): string | undefined {
  for (const other of settings.rules) {
    if (other.id === candidate.id || compareSpecificity(candidate, other) !== 0) continue;
    const where = sharedAddress(candidate.addresses, other.addresses);
    if (where === undefined || !patternsOverlap(candidate.namespace, other.namespace)) continue;
    return `Another rule (${describeNamespaces(other.namespace)} on ${describeAddresses(other.addresses)}) is just as specific for the same namespaces on ${where}, so neither could win there: change the namespace or the addresses of one of them.`;
  }
  return undefined;
}

/** Adds the rule, or replaces the one with its id. */
export function withRule(settings: Settings, rule: Rule): Settings {
  const index = settings.rules.findIndex((existing) => existing.id === rule.id);
  const rules = index < 0 ? [...settings.rules, rule] : settings.rules.map((existing, i) => (i === index ? rule : existing));
  return { ...settings, rules };
}

export function withoutRule(settings: Settings, ruleId: string): Settings {
  return { ...settings, rules: settings.rules.filter((rule) => rule.id !== ruleId) };
}
