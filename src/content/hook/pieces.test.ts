import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { packBatches } from '../../core/remote/codec-batches';
import { askInPieces, piecesByBodies, piecesByCount } from './pieces';

const ones = (n: number) => new Array<number>(n).fill(1);
const range = (start: number, end: number) => Array.from({ length: end - start }, (_, k) => start + k);

describe('an answer asked about in pieces of payloads', () => {
  it('covers every payload once, in order, in pieces of at most the size asked', () => {
    expect(piecesByCount(ones(1000), 250)).toEqual([range(0, 250), range(250, 500), range(500, 750), range(750, 1000)]);
    expect(piecesByCount(ones(7), 3)).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(piecesByCount(ones(250), 250)).toEqual([range(0, 250)]);
    expect(piecesByCount(ones(1000), 0)).toEqual([range(0, 1000)]);
    expect(piecesByCount([], 250)).toEqual([[]]);
  });

  it('ends a piece early at its characters, and gives a payload larger than that a piece of its own', () => {
    expect(piecesByCount([4, 4, 4, 4], 10, 8)).toEqual([[0, 1], [2, 3]]);
    expect(piecesByCount([1, 20, 1, 1], 10, 8)).toEqual([[0], [1], [2, 3]]);
    expect(piecesByCount([20, 20], 0, 8)).toEqual([[0, 1]]);
  });
});

describe('an answer asked about in pieces of a codec server’s request bodies', () => {
  it('puts a round of bodies in each piece, the payloads in the answer’s order, and what is not sent in the first', () => {
    // Bodies of 100 bytes: 13 bytes of body around payloads of 40 fill one with two.
    const bytes = [40, null, 40, 40, 40, 40, 40, null, 40, 40, 40];
    const pieces = piecesByBodies(bytes, 100, 2);
    expect(pieces.map((piece) => piece.length)).toEqual([4 + 2, 4, 1]);
    expect(pieces.flat().sort((a, b) => a - b)).toEqual(range(0, bytes.length));
    for (const piece of pieces) expect(piece).toEqual([...piece].sort((a, b) => a - b));
    expect(pieces[0]).toEqual(expect.arrayContaining([1, 7]));
  });

  it('needs no more bodies for its pieces, each packed on its own as the background packs it, than for the whole', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer({ min: 1, max: 5000 }), { freq: 8 }), { maxLength: 300 }), fc.integer({ min: 1, max: 6 }), (bytes, perPiece) => {
        const limit = 8 * 1024;
        const sent = range(0, bytes.length).filter((i) => bytes[i] !== null);
        const whole = packBatches(sent, bytes as number[], limit);
        const pieces = piecesByBodies(bytes, limit, perPiece);
        let bodies = 0;
        for (const piece of pieces) {
          // The background sees only the piece: its payloads numbered from 0, in the answer's order.
          const own = piece.filter((i) => bytes[i] !== null);
          const packed = packBatches(range(0, own.length), own.map((i) => bytes[i]!), limit);
          expect(packed.length).toBeLessThanOrEqual(perPiece);
          bodies += packed.length;
        }
        expect(bodies).toBe(whole.length);
      }),
      { numRuns: 500 },
    );
  });
});

describe('asking the pieces', () => {
  it('has a few pieces under way at once and puts the answers back in the answer’s order', async () => {
    const asked: number[][] = [];
    const release: Array<() => void> = [];
    const letters = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const pending = askInPieces(
      piecesByCount(ones(7), 2),
      (piece) => {
        asked.push(piece);
        return new Promise<string[]>((resolve) => release.push(() => resolve(piece.map((i) => letters[i]!))));
      },
      2,
    );
    expect(asked).toEqual([[0, 1], [2, 3]]);
    // Answered out of order: the next piece starts as soon as one is done.
    release[1]!();
    await new Promise((settled) => setTimeout(settled, 0));
    expect(asked).toEqual([[0, 1], [2, 3], [4, 5]]);
    release[0]!();
    await new Promise((settled) => setTimeout(settled, 0));
    release[2]!();
    await new Promise((settled) => setTimeout(settled, 0));
    release[3]!();
    expect(await pending).toEqual(letters);
  });

  it('puts the answers of pieces that are not runs of the answer where their payloads were', async () => {
    expect(await askInPieces([[1, 3], [0, 2, 4]], async (piece) => piece.map((i) => `#${i}`))).toEqual(['#0', '#1', '#2', '#3', '#4']);
  });

  it('leaves the payloads of a piece that got no answer as they were, and decodes the rest', async () => {
    const answers = await askInPieces(piecesByCount(ones(5), 2), async (piece) => (piece[0] === 2 ? null : piece));
    expect(answers).toEqual([0, 1, null, null, 4]);
  });

  it('has no answer when no piece was answered', async () => {
    expect(await askInPieces(piecesByCount(ones(5), 2), async () => null)).toBeNull();
  });
});
