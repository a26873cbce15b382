/**
 * A value shared by many readers, frozen through and through, so that a reader that changes it by mistake throws
 * (modules are strict) instead of changing what every later reader gets. What was stored may hold cycles (IndexedDB
 * keeps them), so each object is visited once.
 */
export function frozen<T>(value: T, seen = new WeakSet<object>()): T {
  if (typeof value !== 'object' || value === null || seen.has(value)) return value;
  seen.add(value);
  for (const inner of Object.values(value)) frozen(inner, seen);
  return Object.freeze(value);
}
