/** The "Codec server" part of the rule form: its state, where it starts from, and what it adds to a save. */
import { headerEntryProblems, isFilledHeader, type HeaderEntryProblem } from '../core/settings/rule-headers';
import { isTypedSecret, isTypedToken, secretAsTyped } from '../core/secret-text';
import { DEFAULT_PERMISSIONS_CLAIM } from '../core/token';
import type { RuleInput } from '../shared/messages/rule-input';
import type { RuleView } from '../shared/messages/views';
import { isHeld, keepsSavedToken } from '../shared/secrets-kept';

export interface HeaderRow {
  /** Stable across edits, for React. */
  key: number;
  name: string;
  /** Empty keeps the value saved under this name. */
  value: string;
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
export const headerRow = (name = ''): HeaderRow => ({ key: nextKey++, name, value: '' });

export function codecFieldsOf(rule: RuleView | undefined): CodecFields {
  return {
    endpoint: rule?.endpoint ?? '',
    accessToken: '',
    idToken: '',
    headers: (rule?.headers ?? []).map((header) => headerRow(header.name)),
    includeCredentials: rule?.includeCredentials ?? false,
    permissionsClaim: rule?.permissionsClaim ?? DEFAULT_PERMISSIONS_CLAIM,
  };
}

/** The header names the rule has a value saved under. */
export const savedHeaderNames = (rule: RuleView | undefined): string[] => (rule?.headers ?? []).filter((header) => isHeld(header.value)).map((header) => header.name);

/**
 * A row whose saved value still applies: nothing new typed (secrets are saved without the spaces around them), under
 * a name a value is saved for, compared as header names are, without case. A row removed and added again keeps it,
 * as the background keeps it.
 */
export const keepsSavedValue = (row: HeaderRow, savedNames: readonly string[]): boolean =>
  !isTypedSecret(row.value) && savedNames.some((name) => name.toLowerCase() === row.name.trim().toLowerCase());

/** A row that is a header, as a save sends it: a name, or a value. */
const isFilledRow = (row: HeaderRow): boolean => isFilledHeader({ name: row.name.trim(), value: secretAsTyped(row.value) });

/** Whether a save sends the codec server a token or header value: typed now, or a token kept as saved. Every header row filled needs a value. */
export function carriesSecrets(fields: CodecFields, editing: RuleView | undefined): boolean {
  return isTypedToken(fields.accessToken) || isTypedToken(fields.idToken) || keepsSavedToken(editing, fields.endpoint) || fields.headers.some(isFilledRow);
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
export function headerRowProblems(rows: readonly HeaderRow[], savedNames: readonly string[], savedValuesAt: string | undefined): Map<number, HeaderEntryProblem> {
  const filled = rows.filter(isFilledRow);
  const problems = headerEntryProblems(filled.map((row) => ({ name: row.name.trim(), given: isTypedSecret(row.value), saved: keepsSavedValue(row, savedNames) && !savedValuesAt })));
  return new Map(filled.flatMap((row, i) => (problems[i] ? [[row.key, problems[i]] as const] : [])));
}
