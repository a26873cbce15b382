/**
 * What a local-key rule's list of keys must be before it is saved: each key ID once, under each ID a key, pasted
 * now or saved before, and each key pasted one that can be read. The background refuses a save that breaks any of
 * these; the settings page and the popup ask the same before sending, and say so beside the field.
 */
import { parseKeyInput } from '../key-input';

export interface KeyEntry {
  /** As typed: compared without the spaces around it, as it is saved. */
  keyId: string;
  /** A key was pasted for it now. */
  given: boolean;
  /** A key is saved under it already (only asked when none was given). */
  saved: boolean;
}

export type KeyEntryProblem = { field: 'keyId' | 'key'; sentence: string };

/** A key kept as it was saved: its ID cannot be changed in the form, so another entry with that ID is the one to change. */
const keptAsSaved = ({ given, saved }: KeyEntry) => saved && !given;

/**
 * Per entry, why it cannot be saved, or undefined. Of the entries that share a key ID, one stands: a key kept as it
 * was saved if there is one, else the first; each of the others has the problem.
 */
export function keyEntryProblems(entries: readonly KeyEntry[]): Array<KeyEntryProblem | undefined> {
  const standing = new Map<string, number>();
  entries.forEach((entry, i) => {
    const id = entry.keyId.trim();
    const current = standing.get(id);
    if (current === undefined || (!keptAsSaved(entries[current]!) && keptAsSaved(entry))) standing.set(id, i);
  });
  return entries.map((entry, i) => {
    const id = entry.keyId.trim();
    const named = `“${id.slice(0, 100)}”`;
    if (standing.get(id) !== i) return { field: 'keyId', sentence: id ? `The key ID ${named} is listed twice.` : 'Two keys have an empty key ID.' };
    return entry.given || entry.saved ? undefined : { field: 'key', sentence: id ? `Paste the key for key ID ${named}.` : 'Paste the key.' };
  });
}

/** Why a key pasted under `keyId` cannot be saved, or undefined: how it reads, naming the key ID when it has one. */
export function typedKeyProblem(keyId: string, key: string): KeyEntryProblem | undefined {
  const parsed = parseKeyInput(key);
  if (parsed.ok) return undefined;
  const id = keyId.trim();
  return { field: 'key', sentence: id ? `Key “${id.slice(0, 100)}”: ${parsed.reason}` : parsed.reason };
}
