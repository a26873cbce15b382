/**
 * Reading what is stored, part by part. A rule, an address or a whole record that fails
 * validation is never dropped and never written over: it is set aside verbatim (and kept on
 * every later write) and shown in the options page as needing attention, while every part
 * that is valid keeps working.
 */
import * as v from 'valibot';
import { fingerprintOf } from '../fingerprint';
import { migrateFromV1, type LegacyHeaderValue } from './migrations';
import { isManagedRuleId } from './managed-policy';
import { OriginSchema, PreferencesSchema, RuleSchema, SETTINGS_VERSION, defaultSettings, type Rule, type SetAside, type Settings } from './schema';

export interface SettingsReading {
  settings: Settings;
  /**
   * False when the record as a whole could not be understood (garbage, an unknown version):
   * then nothing may be concluded from what is missing, e.g. no added address is unregistered.
   */
  intact: boolean;
  /** The version the record was migrated from, when it was. */
  migratedFrom?: number;
  /** Header values version 1 kept among the settings, to be moved into the secret store. */
  legacyHeaderValues: LegacyHeaderValue[];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function problemOf(issues: v.BaseIssue<unknown>[]): string {
  const issue = issues[0];
  if (!issue) return 'It is not valid.';
  const path = issue.path?.map((item) => String(item.key)).join('.') ?? '';
  return path ? `${path}: ${issue.message}` : issue.message;
}

/** What earlier reads set aside, kept whatever shape it has come to (an entry damaged since is kept whole, as found). */
function previousSetAside(record: Record<string, unknown>, since: string): SetAside[] {
  const list = record['setAside'];
  if (list === undefined) return [];
  if (!Array.isArray(list)) return [{ raw: list, problem: 'What was set aside earlier is not a list any more; it is kept as found.', since }];
  return list.map((entry): SetAside => {
    if (isObject(entry) && 'raw' in entry && typeof entry['problem'] === 'string' && typeof entry['since'] === 'string') return entry as unknown as SetAside;
    return { raw: entry, problem: 'Something set aside earlier is damaged; it is kept as found.', since };
  });
}

interface RuleReading {
  parsed: v.SafeParseResult<typeof RuleSchema>;
  /** Addresses left out of a rule that is otherwise whole, each with why. */
  badAddresses: { raw: unknown; problem: string }[];
}

/**
 * A rule whose only fault is some of its addresses (one with “*” in its host, kept from before such hosts were
 * refused) keeps working on the others: setting it aside whole would stop decoding on addresses that are fine.
 */
function readRule(raw: unknown): RuleReading {
  const parsed = v.safeParse(RuleSchema, raw);
  if (parsed.success || !isObject(raw) || !Array.isArray(raw['addresses'])) return { parsed, badAddresses: [] };
  const good: unknown[] = [];
  const badAddresses: RuleReading['badAddresses'] = [];
  for (const address of raw['addresses'] as unknown[]) {
    const checked = v.safeParse(OriginSchema, address);
    if (checked.success) good.push(address);
    else badAddresses.push({ raw: address, problem: problemOf(checked.issues) });
  }
  if (badAddresses.length === 0 || good.length === 0) return { parsed, badAddresses: [] };
  const narrowed = v.safeParse(RuleSchema, { ...raw, addresses: good });
  return narrowed.success ? { parsed: narrowed, badAddresses } : { parsed, badAddresses: [] };
}

/** `now` is when anything newly set aside is dated. */
export function readSettings(stored: unknown, now: Date = new Date()): SettingsReading {
  const since = now.toISOString();
  const settings = defaultSettings();
  if (stored === undefined || stored === null) return { settings, intact: true, legacyHeaderValues: [] };
  if (!isObject(stored)) {
    settings.setAside.push({ raw: stored, problem: 'The stored settings are not a settings record at all.', since });
    return { settings, intact: false, legacyHeaderValues: [] };
  }

  let record = stored;
  let intact = true;
  let migratedFrom: number | undefined;
  let legacyHeaderValues: LegacyHeaderValue[] = [];
  if (stored['version'] === 1) {
    const migrated = migrateFromV1(stored);
    record = migrated.record;
    legacyHeaderValues = migrated.headerValues;
    migratedFrom = 1;
  } else if (stored['version'] !== SETTINGS_VERSION) {
    // Written by another (newer?) version: the whole record is kept as it was, and whatever in it
    // reads as the current version still works.
    const problem =
      stored['version'] === undefined
        ? 'The stored settings do not say which version of Payload Lens wrote them; they are kept as they were.'
        : `The stored settings are of version ${JSON.stringify(stored['version'])}, which this version of Payload Lens does not know; they are kept as they were.`;
    settings.setAside.push({ raw: stored, problem, since });
    intact = false;
  }

  settings.setAside.push(...previousSetAside(record, since));

  const origins = Array.isArray(record['origins']) ? record['origins'] : [];
  if (record['origins'] !== undefined && !Array.isArray(record['origins']) && intact) {
    settings.setAside.push({ raw: record['origins'], problem: 'The stored Web UI addresses are not a list.', since });
  }
  for (const origin of origins) {
    const parsed = v.safeParse(OriginSchema, origin);
    if (parsed.success && !settings.origins.includes(parsed.output)) settings.origins.push(parsed.output);
    else if (!parsed.success && intact) settings.setAside.push({ raw: origin, problem: `A Web UI address could not be read: ${problemOf(parsed.issues)}`, since });
  }

  const rules = Array.isArray(record['rules']) ? record['rules'] : [];
  if (record['rules'] !== undefined && !Array.isArray(record['rules']) && intact) {
    settings.setAside.push({ raw: record['rules'], problem: 'The stored rules are not a list.', since });
  }
  const ids = new Set<string>();
  for (const raw of rules) {
    const { parsed, badAddresses } = readRule(raw);
    if (!parsed.success) {
      if (intact) settings.setAside.push({ raw, problem: `A rule could not be read (${problemOf(parsed.issues)}).`, since });
      continue;
    }
    // Only the administrator's rules have such ids, and they are never stored: one here (from version 1's storage,
    // which content scripts could write) would be shown as the administrator's, and could not be removed.
    if (isManagedRuleId(parsed.output.id)) {
      if (intact) settings.setAside.push({ raw, problem: `A rule has the id “${parsed.output.id}”, which only your administrator’s rules have; it was set aside.`, since });
      continue;
    }
    if (ids.has(parsed.output.id)) {
      if (intact) settings.setAside.push({ raw, problem: `Two rules have the id “${parsed.output.id}”; the second was set aside.`, since });
      continue;
    }
    ids.add(parsed.output.id);
    settings.rules.push(parsed.output as Rule);
    if (intact) {
      for (const { raw: address, problem } of badAddresses) {
        settings.setAside.push({ raw: address, problem: `An address of the rule for “${parsed.output.namespace}” could not be read (${problem}); the rule still applies on its other addresses.`, since });
      }
    }
  }

  const preferences = v.safeParse(PreferencesSchema, record['preferences'] ?? {});
  if (preferences.success) settings.preferences = preferences.output;
  else if (intact) settings.setAside.push({ raw: record['preferences'], problem: `The preferences could not be read (${problemOf(preferences.issues)}); the defaults apply.`, since });

  return { settings, intact, legacyHeaderValues, ...(migratedFrom !== undefined ? { migratedFrom } : {}) };
}

/**
 * What tells one set-aside entry from the others, to discard it by: when and why it was set aside, and a hash of what
 * it holds. A position would not do: a second press of "Discard it", or one from another window, would take
 * whatever had moved into that place. Entries alike in all three are alike to the user too.
 */
export function setAsideKey(entry: SetAside): string {
  let text: string;
  try {
    text = JSON.stringify(entry.raw) ?? String(entry.raw);
  } catch {
    text = String(entry.raw);
  }
  // Not for secrecy, only to tell entries apart without sending them whole.
  return `${entry.since}|${entry.problem}|${fingerprintOf(text)}`;
}

/**
 * The ids of the rules a set-aside entry holds, whatever their shape: a rule's own, or those of a whole record's rules.
 * Their secrets stay while the entry does (a later version may read it again) and go with it.
 */
export function ruleIdsIn(entry: SetAside): string[] {
  const idOf = (raw: unknown) => (isObject(raw) && typeof raw['id'] === 'string' ? [raw['id']] : []);
  const { raw } = entry;
  if (isObject(raw) && Array.isArray(raw['rules'])) return (raw['rules'] as unknown[]).flatMap(idOf);
  return idOf(raw);
}

/** The record to store: the current version, with everything set aside carried along. */
export function settingsRecord(settings: Settings): Record<string, unknown> {
  return {
    version: SETTINGS_VERSION,
    origins: settings.origins,
    rules: settings.rules,
    preferences: settings.preferences,
    setAside: settings.setAside,
  };
}
