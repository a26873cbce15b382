/**
 * JSON text that depends only on a value, not on the order its objects' keys were written in: keys sorted by UTF-16
 * code unit, no spaces, and `undefined` left out as JSON.stringify leaves it out. It recurses, so it is for values
 * already checked to be JSON data of a known shape (settings), never for arbitrary input.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
