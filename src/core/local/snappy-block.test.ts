import fc from 'fast-check';
import { compress } from 'snappyjs';
import { describe, expect, it } from 'vitest';
import { uncompressSnappyBlock } from './snappy-block';

describe('the snappy block decoder', () => {
  it('reads what an independent snappy encoder writes, repeats and long literals included', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), fc.integer({ min: 1, max: 40 }), (bytes, repeat) => {
        const input = new Uint8Array([...bytes, ...Array.from({ length: repeat * 50 }, (_, i) => i % repeat)]);
        expect(uncompressSnappyBlock(compress(input), input.length)).toEqual(input);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses what would grow past the limit', () => {
    const input = new Uint8Array(1000).fill(7);
    expect(uncompressSnappyBlock(compress(input), 999)).toBeNull();
  });

  it('refuses a literal whose 4-byte length has its top bit set, which makes snappyjs loop', () => {
    // Length 8, then a literal tag with 4 length bytes: 0xff ff ff ff.
    expect(uncompressSnappyBlock(new Uint8Array([8, 0xfc, 0xff, 0xff, 0xff, 0xff, 1, 2, 3]), 1024)).toBeNull();
  });

  it('refuses copies from before the start and output shorter or longer than declared', () => {
    expect(uncompressSnappyBlock(new Uint8Array([4, 0x01, 0x01]), 64)).toBeNull(); // copy with nothing written yet
    expect(uncompressSnappyBlock(new Uint8Array([5, 0x00, 0x41]), 64)).toBeNull(); // 1 byte written, 5 declared
    expect(uncompressSnappyBlock(new Uint8Array([1, 0x04, 0x41, 0x42]), 64)).toBeNull(); // 2 written, 1 declared
  });

  it('ends quickly, with bytes or null, on any input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const out = uncompressSnappyBlock(bytes, 64 * 1024);
        expect(out === null || out instanceof Uint8Array).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
});
