import { describe, expect, it } from 'vitest';
import { JsonNumber, JsonObject, JsonSyntaxError, indentJson, parseLossless, stringOf, stringifyLossless, type JsonEntry } from './lossless-json';

describe('JSON read and written back losslessly', () => {
  it('keeps numbers beyond 2^53, key order (integer-like keys too) and escapes, in keys too, as written', () => {
    const text = '{"b":12345678901234567890,"2":1.10,"a":"\\u003cb\\u003e","1":[-0.0e+5,true,null,{}],"c":[],"\\u003cd\\u003e":"\\/"}';
    const value = parseLossless(text);
    expect(stringifyLossless(value)).toBe(text);
    expect(stringifyLossless(value, '  ')).toContain('"\\u003cd\\u003e": "\\/"');
    expect((value as JsonObject).entries.map(([key]) => key)).toEqual(['b', '2', 'a', '1', 'c', '<d>']);
    expect(stringOf((value as JsonObject).get('<d>'))).toBe('/');
    expect((value as JsonObject).get('b')).toEqual(new JsonNumber('12345678901234567890'));
  });

  it('reads a key written twice as JSON.parse does, by its last value, and keeps both when written back', () => {
    const small = '{"data":"AAAA","x":1,"data":"BBBB"}';
    const large = `{"data":"AAAA",${Array.from({ length: 20 }, (_, i) => `"x${i}":${i}`).join(',')},"data":"BBBB"}`;
    for (const text of [small, large]) {
      const value = parseLossless(text) as JsonObject;
      expect(value.get('data')).toBe((JSON.parse(text) as { data: string }).data);
      expect(stringifyLossless(value)).toBe(text);
      // A key added after a lookup counts from then on.
      value.entries.push(['data', 'CCCC']);
      expect(value.get('data')).toBe('CCCC');
    }
  });

  it('looks each key of a large object up without reading all of its keys every time', () => {
    const entries: JsonEntry[] = Array.from({ length: 2000 }, (_, i) => [`k${i}`, `v${i}`]);
    let reads = 0;
    const counted = new Proxy(entries, {
      get(target, property, receiver) {
        if (typeof property === 'string' && /^\d+$/.test(property)) reads++;
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
    const object = new JsonObject(counted);
    for (let i = 0; i < entries.length; i++) expect(object.get(`k${i}`)).toBe(`v${i}`);
    expect(object.get('absent')).toBeUndefined();
    // Each entry once to index it and once when its key is looked up, not two million reads searching the keys.
    expect(reads).toBeLessThanOrEqual(2 * entries.length);
  });

  it('lays out text as JSON.stringify with an indent would', () => {
    const value = { events: [{ eventId: '1', n: 1.5, empty: {}, none: [], nested: { list: [1, 'two'] } }] };
    const text = JSON.stringify(value, null, 2);
    expect(stringifyLossless(parseLossless(text), '  ')).toBe(text);
    expect(stringifyLossless(parseLossless(text))).toBe(JSON.stringify(value));
  });

  it('indents payload text for reading without rounding its numbers, and leaves text that is not JSON alone', () => {
    expect(indentJson('{"accountId":12345678901234567890,"balance":1.10}')).toBe('{\n  "accountId": 12345678901234567890,\n  "balance": 1.10\n}');
    expect(indentJson('not json {')).toBe('not json {');
  });

  it('says where a file stops being JSON', () => {
    expect(() => parseLossless('{"a": [1, 2,]}')).toThrow(JsonSyntaxError);
    expect(() => parseLossless('{"a": 1} x')).toThrow(/character 10/);
    expect(() => parseLossless('[01]')).toThrow(JsonSyntaxError);
    expect(() => parseLossless('"\u0001"')).toThrow(/Control character/);
    expect(() => parseLossless('['.repeat(5000))).toThrow(/Nested too deep/);
  });
});
