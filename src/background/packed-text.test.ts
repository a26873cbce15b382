import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzSettings } from '../core/test-support/fuzz';
import { PACKED_TEXT_CHARS } from '../shared/messages/limits';
import { PackedText } from './packed-text';

/** The reply written out as one text: its only part when parts are as long as it. */
const whole = (text: PackedText) => [...text.parts(text.length)].join('');

/** Outcomes' JSON as pieces: each item one JSON value. */
const items = fc.array(fc.array(fc.constantFrom('1', '"x"', '{"ok":true}', ''), { minLength: 1, maxLength: 4 }).map((pieces) => [`[${pieces.filter(Boolean).join(',')}]`, '']), { maxLength: 12 });

describe('packed text', () => {
  it('is its items in a JSON array, and as long as that array written out', () => {
    const text = new PackedText([['{"ok":', 'true}'], ['', '1']]);
    expect([...text.parts(text.length)]).toEqual(['[{"ok":true},1]']);
    expect(text.length).toBe(15);
    expect(whole(new PackedText([]))).toBe('[]');
    expect(new PackedText([]).length).toBe(2);
  });

  it('goes to the bridge as texts of its items in a row, which read together are the whole array', () => {
    const long = 'x'.repeat(PACKED_TEXT_CHARS / 2);
    const text = new PackedText([[`"${long}"`], [`"${long}"`], ['2']]);
    const texts = text.texts();
    expect(texts).toEqual([`["${long}"]`, `["${long}",2]`]);
    expect(texts.flatMap((one) => JSON.parse(one) as unknown[])).toEqual(JSON.parse(whole(text)));
  });

  it('comes in parts of exactly the size asked for but the last, which joined are the whole text', () => {
    fc.assert(
      fc.property(items, fc.integer({ min: 1, max: 17 }), (outcomes, size) => {
        const text = new PackedText(outcomes);
        const parts = [...text.parts(size)];
        expect(parts.join('')).toBe(whole(text));
        expect(parts).toHaveLength(Math.ceil(text.length / size));
        parts.slice(0, -1).forEach((part) => expect(part).toHaveLength(size));
        expect(parts.at(-1)!.length).toBeLessThanOrEqual(size);
        expect(parts.at(-1)!.length).toBeGreaterThan(0);
      }),
      fuzzSettings(),
    );
  });

  it('cuts a piece longer than several parts across them, and ends a part exactly where a piece ends', () => {
    expect([...new PackedText([['a', 'bcdefghi'], ['jk']]).parts(4)]).toEqual(['[abc', 'defg', 'hi,j', 'k]']);
    expect([...new PackedText([['ab']]).parts(4)]).toEqual(['[ab]']);
    expect([...new PackedText([]).parts(4)]).toEqual(['[]']);
  });
});
