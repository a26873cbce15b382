import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BODY_OVERHEAD, packBatches, requestBody, requestBodyBytes, utf8Length } from './codec-batches';

const bodyBytes = (batch: number[], sizes: number[]) => requestBody(batch.map((i) => 'x'.repeat(sizes[i]!))).length;

describe('packing payloads into /decode bodies', () => {
  it('sends every payload once, each body under the limit unless one payload alone is over it', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 3000 }), { maxLength: 300 }), fc.integer({ min: 200, max: 20_000 }), (sizes, limit) => {
        const indices = sizes.map((_, i) => i);
        const batches = packBatches(indices, sizes, limit);
        expect(batches.flat().sort((a, b) => a - b)).toEqual(indices);
        for (const batch of batches) {
          expect(batch).toEqual([...batch].sort((a, b) => a - b));
          if (batch.length > 1) expect(bodyBytes(batch, sizes)).toBeLessThanOrEqual(limit);
        }
        // No two bodies could have been one.
        const total = batches.map((batch) => bodyBytes(batch, sizes));
        for (let a = 0; a < total.length; a++) for (let b = a + 1; b < total.length; b++) expect(total[a]! + total[b]! - BODY_OVERHEAD + 1).toBeGreaterThan(limit);
      }),
    );
  });

  it('needs fewer bodies than packing in the answer’s order when large and small payloads alternate', () => {
    const sizes = [50, 60, 40, 50];
    // In order: [50], [60, 40], [50]. Largest first: [60, 40], [50, 50].
    expect(packBatches([0, 1, 2, 3], sizes, BODY_OVERHEAD + 101)).toEqual([
      [1, 2],
      [0, 3],
    ]);
  });

  it('packs only the payloads it is given, and sends one over the limit alone', () => {
    expect(packBatches([3, 1], [10, 500, 10, 20], 100)).toEqual([[1], [3]]);
  });
});

describe('a body’s size', () => {
  it('is its length in UTF-8, ASCII or not', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary-ascii' }), fc.string({ unit: 'binary' })), (text) => {
        expect(utf8Length(text)).toBe(Buffer.byteLength(text, 'utf8'));
      }),
    );
  });

  it('is known from its payloads’ sizes before it is built', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 20 }), (items) => {
        expect(requestBodyBytes(items.map(utf8Length))).toBe(Buffer.byteLength(requestBody(items), 'utf8'));
      }),
    );
  });
});
