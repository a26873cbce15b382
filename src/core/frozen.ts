/**
 * A value shared by many readers, frozen through and through, so that a reader that changes it by mistake throws
 * (modules are strict) instead of changing what every later reader gets. What was stored may hold cycles and deep
 * nesting (a record of another version is kept as found), so each object is visited once, without recursion.
 */
export function frozen<T>(value: T): T {
  const seen = new WeakSet<object>();
  const waiting: unknown[] = [value];
  while (waiting.length > 0) {
    const next = waiting.pop();
    // A typed array's elements cannot be frozen (Object.freeze throws): it is left as it is.
    if (typeof next !== 'object' || next === null || seen.has(next) || ArrayBuffer.isView(next)) continue;
    seen.add(next);
    Object.freeze(next);
    for (const inner of Object.values(next)) waiting.push(inner);
  }
  return value;
}
