/**
 * A tab's tally as storage.session keeps it. Its two lists of remembered fingerprints (up to 2,000 each) are stored as
 * one string each: Chrome counts every item of a stored list as 32 bytes however short it is, so the two lists took
 * 128 KB of the area's quota as lists and take 52 KB as strings, and each write copies two strings instead of 4,000.
 */
import * as v from 'valibot';
import { emptyTally, TabTallySchema, type TabTally } from './tab-tally';

/** Fingerprints (fingerprint.ts `fingerprintOf`) are base-36 digits and a dot: a space is in none of them. */
const SEPARATOR = ' ';

export type StoredTally = Omit<TabTally, 'decodedPayloads' | 'failedPayloads'> & { decodedPayloads: string; failedPayloads: string };

export function storedTally(tally: TabTally): StoredTally {
  return { ...tally, decodedPayloads: tally.decodedPayloads.join(SEPARATOR), failedPayloads: tally.failedPayloads.join(SEPARATOR) };
}

// Lists, as the version before stored them, are read as they are: the browser empties storage.session when the
// extension updates, so none should be left, but a value read must never be lost for its form.
const listOf = (stored: unknown): unknown => (typeof stored === 'string' ? stored.split(SEPARATOR).filter(Boolean) : (stored ?? []));

/** A stored tally, in either form, or damaged, reads as far as it can; never throws. */
export function readTally(stored: unknown): TabTally {
  if (typeof stored !== 'object' || stored === null) return emptyTally();
  const record = stored as Partial<Record<keyof TabTally, unknown>>;
  const parsed = v.safeParse(TabTallySchema, {
    ...emptyTally(),
    ...record,
    decodedPayloads: listOf(record.decodedPayloads),
    failedPayloads: listOf(record.failedPayloads),
  });
  return parsed.success ? parsed.output : emptyTally();
}
