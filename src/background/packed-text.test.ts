import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzSettings } from '../core/test-support/fuzz';
import { PackedText } from './packed-text';

describe('packed text', () => {
  it('is its pieces joined, and as long as they are together', () => {
    const text = new PackedText(['[', '{"ok":true}', '', ']']);
    expect(text.joined()).toBe('[{"ok":true}]');
    expect(text.length).toBe(text.joined().length);
  });

  it('comes in parts of exactly the size asked for but the last, which joined are the whole text', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 40 }), { maxLength: 12 }), fc.integer({ min: 1, max: 17 }), (pieces, size) => {
        const text = new PackedText(pieces);
        const parts = [...text.parts(size)];
        expect(parts.join('')).toBe(text.joined());
        expect(parts).toHaveLength(Math.ceil(text.length / size));
        parts.slice(0, -1).forEach((part) => expect(part).toHaveLength(size));
        expect(parts.at(-1)?.length ?? 0).toBeLessThanOrEqual(size);
        expect(parts.at(-1)?.length ?? 1).toBeGreaterThan(0);
      }),
      fuzzSettings(),
    );
  });

  it('cuts a piece longer than several parts across them, and ends a part exactly where a piece ends', () => {
    expect([...new PackedText(['ab', 'cdefghij', 'kl']).parts(4)]).toEqual(['abcd', 'efgh', 'ijkl']);
    expect([...new PackedText(['abcd', 'efgh']).parts(4)]).toEqual(['abcd', 'efgh']);
    expect([...new PackedText([]).parts(4)]).toEqual([]);
  });
});
