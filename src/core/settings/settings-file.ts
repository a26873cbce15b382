/**
 * The exported settings file ("Export settings…", "Import settings…"): Web UI addresses, rules and preferences,
 * never a secret in the clear. With "Include secrets", the secrets travel in a passphrase envelope
 * (passphrase-envelope.ts) whose plaintext is `SealedSecrets` as JSON: the secrets by rule, and a digest of the
 * settings beside them, which only the passphrase's holder can have written.
 *
 * Reading a file treats it as untrusted: every problem is reported, by rule and field, and nothing of a file
 * with a problem is used (an import is all or nothing, so that it never half-happens).
 */
import * as v from 'valibot';
import { encodeBase64 } from '../base64';
import { canonicalJson } from '../canonical-json';
import { ownRecord } from '../own-record';
import { tokenAsPasted } from '../token-text';
import { readKeyInput } from '../key-input';
import { ENVELOPE_FORMAT, type PassphraseEnvelope } from '../passphrase-envelope';
import { parseCodecEndpoint } from '../remote/codec-url';
import { describeNamespaces, isPattern, parseNamespacePattern } from './namespace-pattern';
import { tieWith } from './rule-choice';
import { repeatedHeaderNames } from './rule-headers';
import { OriginSchema, PreferencesSchema, RuleSchema, defaultSettings, type Origin, type Preferences, type Rule, type Settings } from './schema';

export const SETTINGS_FILE_FORMAT = 'payload-lens/settings';
export const SETTINGS_FILE_VERSION = 1;
/** Far above any real configuration (a rule is well under 1 KB), far below what would hurt reading it. */
export const MAX_SETTINGS_FILE_CHARS = 2_000_000;
const MAX_RULES = 500;
const MAX_ORIGINS = 500;
const MAX_SECRET_CHARS = 64 * 1024;

export interface SettingsFile {
  format: typeof SETTINGS_FILE_FORMAT;
  version: typeof SETTINGS_FILE_VERSION;
  exportedAt: string;
  origins: Origin[];
  rules: Rule[];
  preferences: Preferences;
  /** Present only when exported with "Include secrets". */
  secrets?: PassphraseEnvelope;
}

/** A rule's secrets as exported: by the same names the rule gives them (header names, key ids). */
export interface RuleSecrets {
  token?: string;
  idToken?: string;
  headers?: Record<string, string>;
  keys?: Record<string, string>;
}
/** By rule id. */
export type SecretsByRule = Record<string, RuleSecrets>;

/** The plaintext of a file's sealed section. */
export interface SealedSecrets {
  /** `settingsDigest` of the addresses, rules and preferences exported with these secrets. */
  settings: string;
  byRule: SecretsByRule;
}

/** One problem of a file: where (the file, a rule, an address), which field, and what is wrong, in a sentence. */
export interface FileProblem {
  where: string;
  field?: string;
  problem: string;
}

/** The parts of a file that passed every check; secrets still sealed. */
export interface ReadFile {
  origins: Origin[];
  rules: Rule[];
  preferences: Preferences;
  sealedSecrets?: unknown;
  /** `settingsSealedWith` of the file's addresses, rules and preferences as written; only with sealed secrets. */
  sealedWith?: string;
}

export type FileReading = { ok: true; file: ReadFile } | { ok: false; problems: FileProblem[] };

export function settingsFile(settings: Pick<Settings, 'origins' | 'rules' | 'preferences'>, exportedAt: Date, secrets?: PassphraseEnvelope): SettingsFile {
  return {
    format: SETTINGS_FILE_FORMAT,
    version: SETTINGS_FILE_VERSION,
    exportedAt: exportedAt.toISOString(),
    origins: settings.origins,
    rules: settings.rules,
    preferences: settings.preferences,
    ...(secrets ? { secrets } : {}),
  };
}

const FILE = 'The file';
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** How a rule is named in a problem: its place in the file and, when it can be read, its namespace. */
export function ruleLabel(index: number, raw: unknown): string {
  const namespace = isObject(raw) && typeof raw['namespace'] === 'string' ? raw['namespace'].slice(0, 100) : undefined;
  if (!namespace) return `Rule ${index + 1}`;
  return `Rule ${index + 1} (${isPattern(namespace) ? '' : 'namespace '}${describeNamespaces(namespace)})`;
}

/**
 * Problems listed, at most: more would be no use to a person, and a crafted file can make hundreds of thousands (a
 * list of 100,000 wrong key ids). Past it, one more entry says how many are left out.
 */
export const MAX_LISTED_PROBLEMS = 100;

function capped(problems: FileProblem[]): FileProblem[] {
  if (problems.length <= MAX_LISTED_PROBLEMS) return problems;
  const more = problems.length - MAX_LISTED_PROBLEMS;
  return [...problems.slice(0, MAX_LISTED_PROBLEMS), { where: FILE, problem: `And ${more.toLocaleString('en-US')} more problem${more === 1 ? '' : 's'}, not listed.` }];
}

/** "a problem", "3 problems", or "more than 100 problems", for a list `capped` made. */
export function problemCount(problems: readonly FileProblem[]): string {
  if (problems.length === 1) return 'a problem';
  return problems.length > MAX_LISTED_PROBLEMS ? `more than ${MAX_LISTED_PROBLEMS} problems` : `${problems.length} problems`;
}

/** One problem as a line: "Rule 2 (namespace “orders”), local.activeKeyId: The active key must be …". */
export function problemText(problem: FileProblem): string {
  return `${problem.where}${problem.field ? `, ${problem.field}` : ''}: ${problem.problem}`;
}

/** Adds one by one: spread into one call, the issues of a list of 100,000 wrong items exceed the stack. */
function add(problems: FileProblem[], more: Iterable<FileProblem>): void {
  for (const problem of more) problems.push(problem);
}

function issuesOf(where: string, issues: readonly v.BaseIssue<unknown>[]): FileProblem[] {
  return issues.map((issue) => {
    const field = v.getDotPath(issue);
    return field ? { where, field, problem: issue.message } : { where, problem: issue.message };
  });
}

/** Checks beyond the schema's: what saving the rule in the options page would refuse. */
function ruleProblems(where: string, rule: Rule): FileProblem[] {
  const problems: FileProblem[] = [];
  // Payload Lens never makes such an id: ":" separates a rule's id from what follows in its secrets' names (one rule's
  // removal would take another's secrets with it), and starts the id of every rule an administrator sets.
  if (rule.id.includes(':')) problems.push({ where, field: 'id', problem: 'A rule’s id cannot contain “:”.' });
  const pattern = parseNamespacePattern(rule.namespace);
  if (!pattern.ok) problems.push({ where, field: 'namespace', problem: pattern.reason });
  if (rule.mode === 'remote') {
    if (!rule.remote) problems.push({ where, field: 'remote', problem: 'A rule that decodes with a codec server needs its endpoint.' });
    else {
      const endpoint = parseCodecEndpoint(rule.remote.endpoint);
      if (!endpoint.ok) problems.push({ where, field: 'remote.endpoint', problem: endpoint.reason });
      // Two headers of one name would share one saved value. A header the extension sets itself is let through, as it is
      // in the saved settings this file may come from: version 1 allowed one, and it is still sent.
      repeatedHeaderNames(rule.remote.headerNames).forEach((problem, i) => {
        if (problem !== undefined) problems.push({ where, field: `remote.headerNames.${i}`, problem });
      });
    }
  }
  if (rule.mode === 'local') {
    const local = rule.local;
    if (!local || local.keyIds.length === 0) problems.push({ where, field: 'local.keyIds', problem: 'A rule that decodes with a local key needs at least one key id.' });
    else {
      if (new Set(local.keyIds).size !== local.keyIds.length) problems.push({ where, field: 'local.keyIds', problem: 'A key id is listed twice.' });
      if (local.activeKeyId !== undefined && !local.keyIds.includes(local.activeKeyId)) {
        problems.push({ where, field: 'local.activeKeyId', problem: 'The active key must be one of the rule’s key ids.' });
      }
    }
  }
  return problems;
}

/** Reads a settings file's text. Every problem is listed; `ok` only when there is none. */
export function readSettingsFile(text: string): FileReading {
  if (text.length > MAX_SETTINGS_FILE_CHARS) {
    return { ok: false, problems: [{ where: FILE, problem: `It is larger than ${MAX_SETTINGS_FILE_CHARS / 1_000_000} MB; a settings file is far smaller.` }] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [{ where: FILE, problem: `It is not JSON (${error instanceof Error ? error.message.slice(0, 200) : 'unreadable'}).` }] };
  }
  if (!isObject(json)) return { ok: false, problems: [{ where: FILE, problem: 'It is not a Payload Lens settings file.' }] };
  if (json['format'] !== SETTINGS_FILE_FORMAT) {
    return { ok: false, problems: [{ where: FILE, field: 'format', problem: `It is not a Payload Lens settings file (format must be "${SETTINGS_FILE_FORMAT}").` }] };
  }
  const problems: FileProblem[] = [];
  const version = json['version'];
  if (version !== SETTINGS_FILE_VERSION) {
    // A list or object is not written out: nested deep enough, writing it would exhaust the stack.
    const says = typeof version === 'object' && version !== null ? (Array.isArray(version) ? 'a list' : 'an object') : JSON.stringify(version)?.slice(0, 50);
    problems.push({ where: FILE, field: 'version', problem: `Only version ${SETTINGS_FILE_VERSION} of the settings file is known; this one says ${says}.` });
  }

  const origins: Origin[] = [];
  const rawOrigins = json['origins'] ?? [];
  if (!Array.isArray(rawOrigins) || rawOrigins.length > MAX_ORIGINS) {
    problems.push({ where: FILE, field: 'origins', problem: `The Web UI addresses must be a list of at most ${MAX_ORIGINS}.` });
  } else {
    rawOrigins.forEach((raw, index) => {
      const parsed = v.safeParse(OriginSchema, raw);
      if (parsed.success) {
        if (!origins.includes(parsed.output)) origins.push(parsed.output);
      } else add(problems, issuesOf(`Web UI address ${index + 1}`, parsed.issues));
    });
  }

  const rules: Rule[] = [];
  const rawRules = json['rules'] ?? [];
  if (!Array.isArray(rawRules) || rawRules.length > MAX_RULES) {
    problems.push({ where: FILE, field: 'rules', problem: `The rules must be a list of at most ${MAX_RULES}.` });
  } else {
    rawRules.forEach((raw, index) => {
      const where = ruleLabel(index, raw);
      const parsed = v.safeParse(RuleSchema, raw);
      if (!parsed.success) {
        add(problems, issuesOf(where, parsed.issues));
        return;
      }
      const rule = parsed.output as Rule;
      const own = ruleProblems(where, rule);
      if (rules.some((other) => other.id === rule.id)) own.push({ where, field: 'id', problem: `Another rule of the file has the id “${rule.id}”.` });
      // Two rules of the file that neither could win against: the options page would refuse the second.
      const tie = own.length === 0 ? tieWith({ ...defaultSettings(), rules }, rule) : undefined;
      if (tie) own.push({ where, problem: tie });
      add(problems, own);
      if (own.length === 0) rules.push(rule);
    });
  }

  const preferences = v.safeParse(PreferencesSchema, json['preferences'] ?? {});
  if (!preferences.success) add(problems, issuesOf('Preferences', preferences.issues));

  const sealedSecrets = json['secrets'];
  if (sealedSecrets !== undefined && !(isObject(sealedSecrets) && sealedSecrets['format'] === ENVELOPE_FORMAT)) {
    problems.push({ where: 'Secrets', problem: 'The secrets are not sealed the way Payload Lens seals them.' });
  }

  let sealedWith: string | undefined;
  if (sealedSecrets !== undefined && problems.length === 0) {
    try {
      sealedWith = settingsSealedWith({ origins: json['origins'], rules: json['rules'], preferences: json['preferences'] });
    } catch {
      problems.push({ where: FILE, problem: 'It nests its values deeper than a settings file does.' });
    }
  }

  if (problems.length > 0 || !preferences.success) return { ok: false, problems: capped(problems) };
  return { ok: true, file: { origins, rules, preferences: preferences.output, ...(sealedSecrets !== undefined ? { sealedSecrets, sealedWith } : {}) } };
}

/**
 * What a file's secrets are sealed together with: its addresses, rules and preferences beside them, as written (in
 * canonical JSON, so the order of keys does not count). Those can be read, and so edited, without the passphrase;
 * edited (an endpoint pointed at another server that looks the same, an address added), they would take the secrets,
 * or what the secrets open, somewhere their owner never sent them. As written, not as this version reads them: a field
 * a later version adds, or one it no longer knows, changes nothing for a file that was not edited.
 */
export function settingsSealedWith(settings: { origins: unknown; rules: unknown; preferences: unknown }): string {
  return canonicalJson({ origins: settings.origins, rules: settings.rules, preferences: settings.preferences });
}

/** SHA-256, in base64, of what `settingsSealedWith` gives. */
export async function settingsDigest(sealedWith: string): Promise<string> {
  return encodeBase64(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(sealedWith))));
}

export function sealedSecretsText(byRule: SecretsByRule, digest: string): string {
  const sealed: SealedSecrets = { settings: digest, byRule };
  return JSON.stringify(sealed);
}

const secretText = v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_SECRET_CHARS));
/** A token as a save reads one pasted (token-text.ts): a file written before saves did so may hold a "Bearer ". */
const tokenText = v.pipe(secretText, v.transform(tokenAsPasted), v.minLength(1));
const SecretsByRuleSchema = ownRecord(
  v.pipe(v.string(), v.maxLength(100)),
  v.strictObject({
    token: v.optional(tokenText),
    idToken: v.optional(tokenText),
    headers: v.optional(ownRecord(v.pipe(v.string(), v.maxLength(100)), secretText)),
    keys: v.optional(ownRecord(v.pipe(v.string(), v.maxLength(1000)), secretText)),
  }),
);

export type SecretsReading = { ok: true; secrets: SecretsByRule } | { ok: false; problems: FileProblem[] };

const SECRETS_UNTIED =
  'These secrets were sealed without the settings they belong to, by an earlier build of Payload Lens: export them again, or remove the file’s “secrets” to import the rest.';
const SETTINGS_CHANGED =
  'The file’s addresses, rules or preferences were changed after it was exported, so its secrets could go where they were never meant to: export it again, or remove its “secrets” to import the rest.';

/**
 * The opened secrets, checked against the file: sealed with the settings whose `settingsDigest` is `digest`, and each
 * belonging to a rule and a name the rule has.
 */
export function readSecrets(plaintext: string, rules: readonly Rule[], digest: string): SecretsReading {
  let json: unknown;
  try {
    json = JSON.parse(plaintext);
  } catch {
    return { ok: false, problems: [{ where: 'Secrets', problem: 'The sealed secrets opened, but are not readable.' }] };
  }
  if (!isObject(json) || typeof json['settings'] !== 'string' || !('byRule' in json)) return { ok: false, problems: [{ where: 'Secrets', problem: SECRETS_UNTIED }] };
  if (json['settings'] !== digest) return { ok: false, problems: [{ where: 'Secrets', problem: SETTINGS_CHANGED }] };
  const parsed = v.safeParse(SecretsByRuleSchema, json['byRule']);
  if (!parsed.success) return { ok: false, problems: capped(issuesOf('Secrets', parsed.issues)) };
  const problems: FileProblem[] = [];
  for (const [ruleId, secrets] of Object.entries(parsed.output)) {
    const index = rules.findIndex((rule) => rule.id === ruleId);
    const rule = rules[index];
    if (!rule) {
      problems.push({ where: 'Secrets', problem: `Secrets for a rule the file does not have (“${ruleId.slice(0, 100)}”).` });
      continue;
    }
    const where = ruleLabel(index, rule);
    const headerNames = (rule.remote?.headerNames ?? []).map((name) => name.toLowerCase());
    for (const name of Object.keys(secrets.headers ?? {})) {
      if (!headerNames.includes(name.toLowerCase())) problems.push({ where, field: `secrets.headers.${name.slice(0, 100)}`, problem: 'A value for a header the rule does not send.' });
    }
    for (const [keyId, key] of Object.entries(secrets.keys ?? {})) {
      const field = `secrets.keys.${keyId.slice(0, 100)}`;
      if (!rule.local?.keyIds.includes(keyId)) problems.push({ where, field, problem: 'A key for a key id the rule does not have.' });
      else {
        const reading = readKeyInput(key);
        if (!reading.ok) problems.push({ where, field, problem: reading.sentence });
      }
    }
  }
  return problems.length ? { ok: false, problems: capped(problems) } : { ok: true, secrets: parsed.output };
}
