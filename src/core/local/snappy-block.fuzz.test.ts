import fc from 'fast-check';
import { compress } from 'snappyjs';
import { describe, expect, it } from 'vitest';
import { FUZZ_RUNS, fuzzSettings } from '../test-support/fuzz';
import { uncompressSnappyBlock } from './snappy-block';

/** The input that keeps snappyjs 0.7.0 busy for over a minute: the reason this decoder exists. */
const SNAPPYJS_LOOP = new Uint8Array([8, 0xfc, 0, 0, 0, 0x80, 1, 2, 3]);

// A generous bound per test, growing with the number of cases, so a loaded machine does not fail a run.
describe('snappy block decoder properties', { timeout: FUZZ_RUNS * 60 }, () => {
  it('reads back what an independent snappy encoder writes, repeats and long literals included', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1000 }), fc.integer({ min: 1, max: 40 }), fc.nat(100), (bytes, period, repeats) => {
        const input = Buffer.alloc(bytes.length + period * repeats);
        input.set(bytes);
        for (let i = bytes.length; i < input.length; i++) input[i] = i % period;
        const out = uncompressSnappyBlock(compress(input), input.length);
        expect(out !== null && input.equals(out)).toBe(true);
      }),
      fuzzSettings(),
    );
  });

  it('ends at once with bytes or null on any input, the input that loops snappyjs included', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.nat(64 * 1024), (bytes, limit) => {
        const out = uncompressSnappyBlock(bytes, limit);
        if (out !== null) expect(out.length).toBeLessThanOrEqual(limit);
      }),
      fuzzSettings({ examples: [[SNAPPYJS_LOOP, 1024]] }),
    );
  });
});
