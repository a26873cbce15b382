/**
 * A list as a message cloned from another process can make it in a few bytes: 2^32 - 1 entries long, all holes. Its
 * first entry throws when read, so a check that reads an entry before the length fails at once rather than after
 * walking billions of holes.
 */
export function claimedList<T = unknown>(what: string): T[] {
  const list: T[] = [];
  list.length = 2 ** 32 - 1;
  Object.defineProperty(list, 0, {
    get() {
      throw new Error(`${what} was read before the list's length was checked`);
    },
  });
  return list;
}
