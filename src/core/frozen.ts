/**
 * A value shared by many readers, every object and array in it frozen, so that a reader that changes it by mistake
 * throws (modules are strict) instead of changing what every later reader gets. What a Map or Set holds, a Date's time
 * and a typed array's elements stay as they are: the settings hold none of them, only what was set aside may. What was
 * stored may hold cycles (a record of another version is kept as found), so each object is visited once, without
 * recursion.
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
