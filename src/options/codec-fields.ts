/** The "Codec server" part of the rule form: its state, where it starts from, and what it adds to a save. */
import { headerEntryProblems, isFilledHeader, type HeaderEntryProblem } from '../core/settings/rule-headers';
import { DEFAULT_PERMISSIONS_CLAIM } from '../core/token';
import type { RuleInput } from '../shared/messages/rule-input';
import type { RuleView } from '../shared/messages/views';
import { keepsSavedToken } from '../shared/secrets-kept';

export interface HeaderRow {
  /** Stable across edits, for React. */
  key: number;
  name: string;
  /** Empty keeps the value saved under this name. */
  value: string;
  /** A value is saved for the name the row was loaded with. */
  savedName?: string;
}

export interface CodecFields {
  endpoint: string;
  /** Secrets start empty: saved ones are never sent back to the page. */
  accessToken: string;
  idToken: string;
  headers: HeaderRow[];
  includeCredentials: boolean;
  permissionsClaim: string;
}

let nextKey = 0;
export const headerRow = (name = '', savedName?: string): HeaderRow => ({ key: nextKey++, name, value: '', ...(savedName !== undefined ? { savedName } : {}) });

export function codecFieldsOf(rule: RuleView | undefined): CodecFields {
  return {
    endpoint: rule?.endpoint ?? '',
    accessToken: '',
    idToken: '',
    headers: (rule?.headers ?? []).map((header) => headerRow(header.name, header.value.present ? header.name : undefined)),
    includeCredentials: rule?.includeCredentials ?? false,
    permissionsClaim: rule?.permissionsClaim ?? DEFAULT_PERMISSIONS_CLAIM,
  };
}

/** A row whose saved value still applies: the name it was saved under, and nothing new typed. */
export const keepsSavedValue = (row: HeaderRow): boolean => row.value === '' && row.savedName !== undefined && row.savedName.toLowerCase() === row.name.trim().toLowerCase();

/** Whether a save sends the codec server a token or header value: typed now, or a token kept as saved. Every header row filled needs a value. */
export function carriesSecrets(fields: CodecFields, editing: RuleView | undefined): boolean {
  return Boolean(fields.accessToken || fields.idToken) || keepsSavedToken(editing, fields.endpoint) || fields.headers.some((row) => isFilledHeader({ name: row.name.trim(), value: row.value }));
}

/** The fields as a save (and the "Test") sends them. */
export function codecInput(fields: CodecFields): Pick<RuleInput, 'endpoint' | 'accessToken' | 'idToken' | 'headers' | 'includeCredentials' | 'permissionsClaim'> {
  return {
    endpoint: fields.endpoint,
    accessToken: fields.accessToken,
    idToken: fields.idToken,
    headers: fields.headers.map((row) => ({ name: row.name.trim(), value: row.value })),
    includeCredentials: fields.includeCredentials,
    permissionsClaim: fields.permissionsClaim,
  };
}

/**
 * Why a header row cannot be saved, by row (rule-headers.ts), as the background would refuse it; an empty row is left
 * out, as a save leaves it out. `savedValuesAt` is set when the endpoint now names another codec server than the one
 * the saved values are bound to: then none of them is kept.
 */
export function headerRowProblems(rows: readonly HeaderRow[], savedValuesAt: string | undefined): Map<number, HeaderEntryProblem> {
  const filled = rows.filter((row) => isFilledHeader({ name: row.name.trim(), value: row.value }));
  const problems = headerEntryProblems(filled.map((row) => ({ name: row.name.trim(), given: row.value !== '', saved: keepsSavedValue(row) && !savedValuesAt })));
  return new Map(filled.flatMap((row, i) => (problems[i] ? [[row.key, problems[i]] as const] : [])));
}
