import { describe, expect, it } from 'vitest';
import { askInPieces, pieceRanges } from './pieces';

const ones = (n: number) => new Array<number>(n).fill(1);

describe('an answer asked about in pieces', () => {
  it('covers every payload once, in order, in pieces of at most the size asked', () => {
    expect(pieceRanges(ones(1000), 250)).toEqual([[0, 250], [250, 500], [500, 750], [750, 1000]]);
    expect(pieceRanges(ones(7), 3)).toEqual([[0, 3], [3, 6], [6, 7]]);
    expect(pieceRanges(ones(250), 250)).toEqual([[0, 250]]);
    expect(pieceRanges(ones(1000), 0)).toEqual([[0, 1000]]);
    expect(pieceRanges([], 250)).toEqual([[0, 0]]);
  });

  it('ends a piece early at its characters, and gives a payload larger than that a piece of its own', () => {
    expect(pieceRanges([4, 4, 4, 4], 10, 8)).toEqual([[0, 2], [2, 4]]);
    expect(pieceRanges([1, 20, 1, 1], 10, 8)).toEqual([[0, 1], [1, 2], [2, 4]]);
    // A codec server's answer goes whole, however large.
    expect(pieceRanges([20, 20], 0, 8)).toEqual([[0, 2]]);
  });

  it('has a few pieces under way at once and puts the answers back in the answer’s order', async () => {
    const asked: Array<[number, number]> = [];
    const release: Array<() => void> = [];
    const pending = askInPieces(pieceRanges(ones(7), 2), (start, end) => {
      asked.push([start, end]);
      return new Promise<string[]>((resolve) => release.push(() => resolve(['a', 'b', 'c', 'd', 'e', 'f', 'g'].slice(start, end))));
    }, 2);
    expect(asked).toEqual([[0, 2], [2, 4]]);
    // Answered out of order: the next piece starts as soon as one is done.
    release[1]!();
    await new Promise((settled) => setTimeout(settled, 0));
    expect(asked).toEqual([[0, 2], [2, 4], [4, 6]]);
    release[0]!();
    await new Promise((settled) => setTimeout(settled, 0));
    release[2]!();
    await new Promise((settled) => setTimeout(settled, 0));
    release[3]!();
    expect(await pending).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
  });

  it('leaves the payloads of a piece that got no answer as they were, and decodes the rest', async () => {
    const answers = await askInPieces(pieceRanges(ones(5), 2), async (start, end) => (start === 2 ? null : Array.from({ length: end - start }, (_, i) => start + i)));
    expect(answers).toEqual([0, 1, null, null, 4]);
  });

  it('has no answer when no piece was answered', async () => {
    expect(await askInPieces(pieceRanges(ones(5), 2), async () => null)).toBeNull();
  });
});
