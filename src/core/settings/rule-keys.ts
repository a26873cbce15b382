/**
 * What a local-key rule's list of keys must be before it is saved: each key ID once, and under each ID a key, pasted
 * now or saved before. The background refuses a save that breaks either; the settings page asks the same before
 * sending, and says so beside the field.
 */

export interface KeyEntry {
  /** As typed: compared without the spaces around it, as it is saved. */
  keyId: string;
  /** A key was pasted for it now. */
  given: boolean;
  /** A key is saved under it already (only asked when none was given). */
  saved: boolean;
}

export type KeyEntryProblem = { field: 'keyId' | 'key'; sentence: string };

/** Per entry, why it cannot be saved, or undefined. A key ID listed again is the later entry's problem. */
export function keyEntryProblems(entries: readonly KeyEntry[]): Array<KeyEntryProblem | undefined> {
  const seen = new Set<string>();
  return entries.map(({ keyId, given, saved }) => {
    const id = keyId.trim();
    const named = `“${id.slice(0, 100)}”`;
    if (seen.has(id)) return { field: 'keyId', sentence: id ? `The key ID ${named} is listed twice.` : 'Two keys have an empty key ID.' };
    seen.add(id);
    return given || saved ? undefined : { field: 'key', sentence: id ? `Paste the key for key ID ${named}.` : 'Paste the key.' };
  });
}
