/**
 * What a codec server rule's extra headers must be before they are saved or tried: each a name a request can carry,
 * not one the extension writes itself, none twice (names are compared as HTTP compares them, without case), and each
 * with a value, typed now or saved before. The background refuses a save or a *Test* that breaks any of these; the
 * settings page asks the same before sending, and says so beside the field.
 */
import { HEADER_NAME } from './schema';

/** Headers the extension writes itself; a configured access token is the Authorization header. */
const RESERVED_HEADERS = new Set(['content-type', 'x-namespace', 'authorization', 'authorization-extras', 'cookie', 'host', 'content-length']);

export interface HeaderEntry {
  /** As it is sent: the form trims what was typed. */
  name: string;
  /** A value was typed for it now. */
  given: boolean;
  /** A value is saved under it for the codec server the rule names. */
  saved: boolean;
}

export type HeaderEntryProblem = { field: 'name' | 'value'; sentence: string };

/** A row left empty is no header: it is neither sent nor checked. */
export const isFilledHeader = (header: { name: string; value?: string | undefined }): boolean => header.name !== '' || Boolean(header.value);

/**
 * Per name, the sentence when another before it has the same name: the two would share one saved value. Alone, for
 * settings already saved, which version 1 let hold a header the extension now sets itself.
 */
export function repeatedHeaderNames(names: readonly string[]): Array<string | undefined> {
  const seen = new Set<string>();
  return names.map((name) => {
    const lower = name.toLowerCase();
    if (seen.has(lower)) return `The header ${name} is listed twice.`;
    seen.add(lower);
    return undefined;
  });
}

/**
 * Per name, why a request cannot carry it, or undefined; the first of two with the same name stands. A name that is
 * not one, or that the extension sets itself, is said so whether or not it comes again.
 */
export function headerNameProblems(names: readonly string[]): Array<string | undefined> {
  const repeated = repeatedHeaderNames(names);
  return names.map((name, i) => {
    if (!HEADER_NAME.test(name)) return name ? `“${name.slice(0, 100)}” is not a header name: use letters, digits and dashes.` : 'Enter the header’s name.';
    if (RESERVED_HEADERS.has(name.toLowerCase())) return `The extension sets the ${name} header itself; use the Access token or ID token field instead.`;
    return repeated[i];
  });
}

export const missingHeaderValue = (name: string): string => `Enter a value for the header ${name}.`;

/** Per filled entry, why it cannot be saved, or undefined: its name first, then its value. */
export function headerEntryProblems(entries: readonly HeaderEntry[]): Array<HeaderEntryProblem | undefined> {
  const names = headerNameProblems(entries.map((entry) => entry.name));
  return entries.map((entry, i) => {
    const nameProblem = names[i];
    if (nameProblem !== undefined) return { field: 'name', sentence: nameProblem };
    return entry.given || entry.saved ? undefined : { field: 'value', sentence: missingHeaderValue(entry.name) };
  });
}
