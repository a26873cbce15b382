/**
 * JSON read and written back without losing anything a user would notice: numbers keep the
 * exact digits they were written with (an int64 beyond 2^53 stays what it was), object keys
 * keep their order (JavaScript objects put integer-like keys first), and a string, key or
 * value, keeps the escapes it was written with (Go writes `<` as `\u003c`). Used for history
 * files, which are read, decoded and saved again.
 */

/** A number as written, never converted. */
export class JsonNumber {
  constructor(readonly raw: string) {}
}

/** A string whose written form differs from what JSON.stringify would write for it. */
export class JsonString {
  constructor(
    readonly value: string,
    readonly raw: string,
  ) {}
}

export type JsonValue = null | boolean | string | JsonString | JsonNumber | JsonValue[] | JsonObject;

/** A key, its value, and the key as written when that differs from what JSON.stringify would write for it. */
export type JsonEntry = [key: string, value: JsonValue, raw?: string];

/** An object with more keys than this is looked up through an index of them; one with fewer is quicker to search. */
const SEARCHED_KEYS = 8;

/**
 * An object as a list of entries, in the order they were written. A key written twice is kept twice, and means what
 * it means to JSON.parse, and so to the Web UI and the SDKs: its last value. A parsed object knows where it lies in
 * its text (from its `{` to just past its `}`), so that a copy can change it and nothing else.
 */
export class JsonObject {
  /** Each key's last place in `entries`, for the first `#indexed` of them: a file can give one object 80,000 keys. */
  #last?: Map<string, number>;
  #indexed = 0;

  constructor(
    readonly entries: JsonEntry[] = [],
    readonly start = -1,
    readonly end = -1,
  ) {}

  get(key: string): JsonValue | undefined {
    const { entries } = this;
    if (entries.length <= SEARCHED_KEYS) return entries.findLast(([name]) => name === key)?.[1];
    // Entries are only ever added at the end: the index takes in those added since it was last used.
    this.#last ??= new Map();
    for (; this.#indexed < entries.length; this.#indexed++) this.#last.set(entries[this.#indexed]![0], this.#indexed);
    const at = this.#last.get(key);
    return at === undefined ? undefined : entries[at]![1];
  }
}

/** The text of a string node, whichever form it was kept in. */
export function stringOf(value: JsonValue | undefined): string | undefined {
  if (typeof value === 'string') return value;
  return value instanceof JsonString ? value.value : undefined;
}

/** Deeper than any history event; keeps a crafted file from overflowing the stack. */
export const MAX_DEPTH = 1000;

/** Valid JSON, perhaps, but nested deeper than MAX_DEPTH: not read. */
export class JsonTooDeepError extends RangeError {}

export class JsonSyntaxError extends SyntaxError {
  constructor(
    readonly position: number,
    what: string,
  ) {
    super(`${what} at character ${position + 1}.`);
  }
}

const WHITESPACE = new Set([0x20, 0x0a, 0x0d, 0x09]);

export function parseLossless(text: string): JsonValue {
  let at = 0;

  const fail = (what: string): never => {
    throw new JsonSyntaxError(at, what);
  };
  const skip = () => {
    while (at < text.length && WHITESPACE.has(text.charCodeAt(at))) at++;
  };

  // JSON forbids raw control characters in strings; the pattern names them on purpose.
  // eslint-disable-next-line no-control-regex
  const CONTROL = /[\u0000-\u001f]/;
  function string(): string | JsonString {
    const start = at;
    // Long base64 values are most of a history file: jump from quote to quote rather than walk each character.
    let end = text.indexOf('"', start + 1);
    let escaped = false;
    for (;;) {
      if (end < 0) fail('Unterminated string');
      let backslashes = 0;
      while (text.charCodeAt(end - 1 - backslashes) === 0x5c) backslashes++;
      if (backslashes > 0) escaped = true;
      if (backslashes % 2 === 0) break;
      end = text.indexOf('"', end + 1);
    }
    at = end + 1;
    const inner = text.slice(start + 1, end);
    if (CONTROL.test(inner)) fail('Control character in a string');
    if (!escaped && !inner.includes('\\')) return inner;
    const raw = text.slice(start, at);
    let value: string;
    try {
      value = JSON.parse(raw) as string;
    } catch {
      return fail('Invalid escape in a string');
    }
    return JSON.stringify(value) === raw ? value : new JsonString(value, raw);
  }

  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  function number(): JsonNumber {
    NUMBER.lastIndex = at;
    const match = NUMBER.exec(text);
    if (!match || match[0] === '' || match[0] === '-') return fail('Invalid number');
    at += match[0].length;
    return new JsonNumber(match[0]);
  }

  function literal(word: string, value: JsonValue): JsonValue {
    if (!text.startsWith(word, at)) fail('Unexpected character');
    at += word.length;
    return value;
  }

  function value(depth: number): JsonValue {
    if (depth > MAX_DEPTH) throw new JsonTooDeepError(`Nested too deep at character ${at + 1}.`);
    skip();
    const code = text.charCodeAt(at);
    if (code === 0x7b) {
      const start = at++;
      const entries: JsonEntry[] = [];
      skip();
      if (text.charCodeAt(at) === 0x7d) return new JsonObject(entries, start, ++at);
      for (;;) {
        skip();
        if (text.charCodeAt(at) !== 0x22) fail('Expected a key');
        const key = string();
        skip();
        if (text.charCodeAt(at) !== 0x3a) fail('Expected “:”');
        at++;
        entries.push(typeof key === 'string' ? [key, value(depth + 1)] : [key.value, value(depth + 1), key.raw]);
        skip();
        const next = text.charCodeAt(at++);
        if (next === 0x7d) return new JsonObject(entries, start, at);
        if (next !== 0x2c) fail('Expected “,” or “}”');
      }
    }
    if (code === 0x5b) {
      at++;
      const array: JsonValue[] = [];
      skip();
      if (text.charCodeAt(at) === 0x5d) {
        at++;
        return array;
      }
      for (;;) {
        array.push(value(depth + 1));
        skip();
        const next = text.charCodeAt(at++);
        if (next === 0x5d) return array;
        if (next !== 0x2c) fail('Expected “,” or “]”');
      }
    }
    if (code === 0x22) return string();
    if (code === 0x74) return literal('true', true);
    if (code === 0x66) return literal('false', false);
    if (code === 0x6e) return literal('null', null);
    if (code === 0x2d || (code >= 0x30 && code <= 0x39)) return number();
    return fail(at >= text.length ? 'Unexpected end of the file' : 'Unexpected character');
  }

  // A byte order mark is not JSON, but editors write one.
  if (text.charCodeAt(0) === 0xfeff) at = 1;
  const result = value(0);
  skip();
  if (at < text.length) fail('Unexpected text after the end');
  return result;
}

/**
 * Writes `value` as JSON.stringify(value, null, indent) would lay it out (compact when
 * `indent` is empty), with numbers, key order and string escapes as they were read. `prefix`
 * is the indentation of the line it starts on, when it is written inside other text.
 */
export function stringifyLossless(value: JsonValue, indent = '', prefix = ''): string {
  const parts: string[] = [];
  const write = (node: JsonValue, prefix: string): void => {
    if (node === null || typeof node === 'boolean') parts.push(String(node));
    else if (typeof node === 'string') parts.push(JSON.stringify(node));
    else if (node instanceof JsonString) parts.push(node.raw);
    else if (node instanceof JsonNumber) parts.push(node.raw);
    else if (Array.isArray(node)) {
      if (node.length === 0) return void parts.push('[]');
      const inner = prefix + indent;
      parts.push(indent ? `[\n${inner}` : '[');
      node.forEach((item, i) => {
        if (i > 0) parts.push(indent ? `,\n${inner}` : ',');
        write(item, inner);
      });
      parts.push(indent ? `\n${prefix}]` : ']');
    } else {
      if (node.entries.length === 0) return void parts.push('{}');
      const inner = prefix + indent;
      parts.push(indent ? `{\n${inner}` : '{');
      node.entries.forEach(([key, item, raw], i) => {
        if (i > 0) parts.push(indent ? `,\n${inner}` : ',');
        parts.push(raw ?? JSON.stringify(key), indent ? ': ' : ':');
        write(item, inner);
      });
      parts.push(indent ? `\n${prefix}}` : '}');
    }
  };
  write(value, prefix);
  return parts.join('');
}

/**
 * JSON text laid out with two-space indentation for reading, without parsing it into
 * JavaScript values: numbers and strings are copied character for character. Text that is
 * not JSON comes back unchanged.
 */
export function indentJson(text: string): string {
  try {
    return stringifyLossless(parseLossless(text), '  ');
  } catch {
    return text;
  }
}
