/**
 * A short fingerprint of a text: its length and a 32-bit FNV-1a hash, in base 36. A few characters instead of the text,
 * for telling texts apart where keeping them is too large (a tab's payloads) or must not happen (headers that carry a
 * token). Two texts can share one by chance, so it never stands in for the text where that would matter.
 */
export function fingerprintOf(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `${text.length.toString(36)}.${(hash >>> 0).toString(36)}`;
}
