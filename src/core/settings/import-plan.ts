/**
 * What importing a settings file changes, said before anything is saved, and the settings that result.
 *
 * Rules are matched by id: a rule of the file replaces the saved rule with its id, or is added; saved rules the
 * file does not have stay. Web UI addresses are added; preferences are taken from the file. A rule whose codec
 * endpoint changes loses the secrets saved for the old endpoint (token, ID token, header values): they were
 * given for that server only. Keys stay with their key id, since they never leave the browser. Rules set by the
 * administrator's policy (`isManaged`) are never overwritten.
 *
 * A file can change where a saved rule decodes (its namespace and addresses) while the rule keeps its saved secrets,
 * and can bring a secret in place of a saved one: the plan says both, with the old and new places, since the ids
 * that match a file's rules to saved ones come from the file.
 */
import { codecOrigin } from '../remote/codec-url';
import { describeNamespaces, isPattern } from './namespace-pattern';
import { describeAddresses, enabledOrigins, tieWith, withRule } from './rule-choice';
import { EVERY_ADDRESS, type Origin, type Rule, type Settings } from './schema';
import { ruleLabel, type FileProblem, type ReadFile, type RuleSecrets, type SecretsByRule } from './settings-file';

export type RuleChangeKind = 'added' | 'changed' | 'unchanged' | 'managed';

export interface RuleChange {
  ruleId: string;
  /** "Rule 2 (namespace payments)". */
  label: string;
  kind: RuleChangeKind;
  /** The fields that change, in words ("codec endpoint", "namespace"). */
  fields: string[];
  /** Saved secrets the import deletes ("access token", "header X-Tenant"). */
  secretsDropped: string[];
  /** Set when they go because the codec endpoint changes (else the rule no longer has them). */
  droppedForNewEndpoint?: true;
  /** Secrets the file brings ("access token", "key k1"). */
  secretsImported: string[];
  /** Those of them that replace a secret saved under the same name. */
  secretsReplaced: string[];
  /** What and where the saved rule decodes, and what and where it will, when the import changes either. */
  moves?: { from: string; to: string };
  /** What and where an added rule will decode. */
  adds?: string;
  /** Saved secrets the rule keeps, and so uses where it will decode. */
  secretsKept: string[];
}

export interface ImportPlan {
  rules: RuleChange[];
  addedOrigins: Origin[];
  /**
   * What each rule on every enabled address decodes once the file is imported, when the file adds addresses: those
   * rules decode on the added addresses too, with their saved secrets, though nothing of theirs changes.
   */
  everyAddressRules: string[];
  preferencesChanged: boolean;
  /** Why the file cannot be imported into these settings (a tie with a saved rule); empty when it can. */
  problems: FileProblem[];
}

/** Secret names a rule uses, in words, for the plan; the store's names are the background's business. */
export interface SecretRef {
  kind: 'token' | 'idToken' | 'header' | 'key';
  /** The header name or key id. */
  name?: string;
}

export const describeSecret = (ref: SecretRef): string =>
  ref.kind === 'token' ? 'access token' : ref.kind === 'idToken' ? 'ID token' : ref.kind === 'header' ? `value of header ${ref.name}` : `key “${ref.name}”`;

const FIELDS: ReadonlyArray<[string, (rule: Rule) => unknown]> = [
  ['namespace', (r) => r.namespace],
  ['addresses', (r) => r.addresses],
  ['on/off', (r) => r.enabled],
  ['decode with', (r) => r.mode],
  ['encoding what the Web UI sends', (r) => r.encodeRequests],
  ['private view', (r) => r.privateView],
  ['codec endpoint', (r) => r.remote?.endpoint],
  ['browser cookies', (r) => r.remote?.includeCredentials],
  ['headers', (r) => r.remote?.headerNames],
  ['permissions claim', (r) => r.remote?.permissionsClaim],
  ['key ids', (r) => r.local?.keyIds],
  ['active key', (r) => r.local?.activeKeyId],
];

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** A secret is bound to its codec server: one saved for the old endpoint is of no use at the new one. */
const endpointChanged = (saved: Rule, imported: Rule): boolean => saved.remote !== undefined && saved.remote.endpoint !== imported.remote?.endpoint;

/** Every secret a rule may have saved. */
export function secretRefsOfRule(rule: Rule): SecretRef[] {
  return [
    ...(rule.remote ? [{ kind: 'token' as const }, { kind: 'idToken' as const }, ...rule.remote.headerNames.map((name) => ({ kind: 'header' as const, name }))] : []),
    ...(rule.local?.keyIds ?? []).map((name) => ({ kind: 'key' as const, name })),
  ];
}

/**
 * A codec server as the preview names it: as written, and, when the browser reads its host otherwise (a letter from
 * another alphabet that looks like a Latin one), as the browser reads it, where its secrets will go.
 */
function codecServer(remote: NonNullable<Rule['remote']>): string {
  const origin = codecOrigin(remote.endpoint);
  const named = origin !== null && !remote.endpoint.startsWith(origin) ? `${remote.endpoint} (${origin})` : remote.endpoint;
  return `${named}${remote.includeCredentials ? ', with this browser’s cookies for it' : ''}`;
}

/**
 * "namespace “payments”" and "through the codec server https://codec.example.com": what a rule decodes, and how. A
 * local-key rule's codec server, kept for when it decodes with one again, is named too: what the file brings for it
 * is saved for that server.
 */
function whatAndHow(rule: Rule): [string, string] {
  const how =
    rule.mode === 'remote'
      ? `through the codec server ${rule.remote ? codecServer(rule.remote) : ''}`
      : `with a local key${rule.remote ? ` (keeping the codec server ${codecServer(rule.remote)} for when it decodes with one)` : ''}`;
  return [`${isPattern(rule.namespace) ? '' : 'namespace '}${describeNamespaces(rule.namespace)}`, how];
}

/** "namespace “payments” on http://localhost:8233, through the codec server https://codec.example.com". */
function decodingOf(rule: Rule): string {
  const [what, how] = whatAndHow(rule);
  return `${what} on ${describeAddresses(rule.addresses)}, ${how}`;
}

const sameRef = (a: SecretRef, b: SecretRef): boolean => a.kind === b.kind && (a.kind === 'header' ? a.name?.toLowerCase() === b.name?.toLowerCase() : a.name === b.name);

/** The secrets of `saved` that `imported` no longer has a use for. */
export function secretsToDrop(saved: Rule, imported: Rule): SecretRef[] {
  const refs: SecretRef[] = [];
  if (saved.remote) {
    const newEndpoint = endpointChanged(saved, imported);
    const kept = (imported.remote?.headerNames ?? []).map((name) => name.toLowerCase());
    if (newEndpoint) refs.push({ kind: 'token' }, { kind: 'idToken' });
    for (const name of saved.remote.headerNames) if (newEndpoint || !kept.includes(name.toLowerCase())) refs.push({ kind: 'header', name });
  }
  for (const keyId of saved.local?.keyIds ?? []) if (!imported.local?.keyIds.includes(keyId)) refs.push({ kind: 'key', name: keyId });
  return refs;
}

export function secretRefsOf(secrets: RuleSecrets | undefined): SecretRef[] {
  if (!secrets) return [];
  return [
    ...(secrets.token ? [{ kind: 'token' as const }] : []),
    ...(secrets.idToken ? [{ kind: 'idToken' as const }] : []),
    ...Object.keys(secrets.headers ?? {}).map((name) => ({ kind: 'header' as const, name })),
    ...Object.keys(secrets.keys ?? {}).map((name) => ({ kind: 'key' as const, name })),
  ];
}

/** `isSaved` says which of a rule's secrets are saved, so that only those are said to be deleted. */
export function planImport(
  current: Settings,
  file: ReadFile,
  secrets: SecretsByRule | undefined,
  isManaged: (ruleId: string) => boolean,
  isSaved: (ruleId: string, ref: SecretRef) => boolean = () => true,
): ImportPlan {
  const problems: FileProblem[] = [];
  let after = current;
  const rules = file.rules.map((rule, index): RuleChange => {
    const label = ruleLabel(index, rule);
    const saved = current.rules.find((r) => r.id === rule.id);
    // A token or header value is saved only for a rule with a codec server to send it to: one the file brings for a
    // local-key rule is left out, and not said to be brought.
    const importedRefs = secretRefsOf(secrets?.[rule.id]).filter((ref) => ref.kind === 'key' || rule.remote !== undefined);
    const imported = importedRefs.map(describeSecret);
    const nothingMore = { secretsReplaced: [], secretsKept: [] };
    // A file read by settings-file.ts holds no such id (an administrator's ids have a ':'): a second line, should one
    // ever come from elsewhere.
    if (isManaged(rule.id)) return { ruleId: rule.id, label, kind: 'managed', fields: [], secretsDropped: [], secretsImported: [], ...nothingMore };
    const tie = tieWith(after, rule);
    if (tie) problems.push({ where: label, problem: tie });
    after = withRule(after, rule);
    if (!saved) return { ruleId: rule.id, label, kind: 'added', fields: [], secretsDropped: [], secretsImported: imported, ...nothingMore, adds: decodingOf(rule) };
    const fields = FIELDS.filter(([, read]) => !same(read(saved), read(rule))).map(([name]) => name);
    const kind = fields.length || imported.length ? 'changed' : 'unchanged';
    const dropped = secretsToDrop(saved, rule).filter((ref) => isSaved(rule.id, ref));
    const secretsDropped = dropped.map(describeSecret);
    const why = secretsDropped.length > 0 && endpointChanged(saved, rule) ? { droppedForNewEndpoint: true as const } : {};
    const stays = (ref: SecretRef) => isSaved(rule.id, ref) && !dropped.some((gone) => sameRef(gone, ref));
    const secretsReplaced = importedRefs.filter(stays).map(describeSecret);
    const secretsKept = secretRefsOfRule(saved)
      .filter((ref) => stays(ref) && !importedRefs.some((brought) => sameRef(brought, ref)))
      .map(describeSecret);
    const moves = decodingOf(saved) === decodingOf(rule) ? {} : { moves: { from: decodingOf(saved), to: decodingOf(rule) } };
    return { ruleId: rule.id, label, kind, fields, secretsDropped, ...why, secretsImported: imported, secretsReplaced, ...moves, secretsKept };
  });
  const enabled = enabledOrigins(current);
  const addedOrigins = file.origins.filter((origin) => !enabled.includes(origin));
  // Switched-off rules decode nowhere; the list is of rules as they will be, saved or brought by the file.
  const everyAddress = addedOrigins.length ? after.rules.filter((rule) => rule.addresses === EVERY_ADDRESS && rule.enabled) : [];
  return {
    rules,
    addedOrigins,
    everyAddressRules: everyAddress.map((rule) => whatAndHow(rule).join(', ')),
    preferencesChanged: !same(current.preferences, { ...current.preferences, ...file.preferences }),
    problems,
  };
}

/** The settings after the import; `origins` are the added Web UI addresses the browser granted access to. */
export function applyImport(current: Settings, file: ReadFile, plan: ImportPlan, origins: readonly Origin[]): Settings {
  let next: Settings = { ...current, origins: [...current.origins, ...origins.filter((o) => !current.origins.includes(o))], preferences: { ...current.preferences, ...file.preferences } };
  for (const rule of file.rules) {
    const change = plan.rules.find((c) => c.ruleId === rule.id);
    if (change?.kind === 'managed') continue;
    next = withRule(next, rule);
  }
  return next;
}
