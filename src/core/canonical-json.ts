/**
 * JSON text that depends only on a value, not on the order its objects' keys were written in: keys sorted by UTF-16
 * code unit, no spaces, and `undefined` left out as JSON.stringify leaves it out. Values nested deeper than `maxDepth`
 * throw a RangeError rather than the stack's: it recurses.
 */
export function canonicalJson(value: unknown, maxDepth = 64): string {
  if (maxDepth < 0) throw new RangeError('Nested too deep.');
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item, maxDepth - 1))).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key], maxDepth - 1)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
