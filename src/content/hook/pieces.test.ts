import { describe, expect, it } from 'vitest';
import { askInPieces, pieceRanges } from './pieces';

describe('an answer asked about in pieces', () => {
  it('covers every payload once, in order, in pieces of at most the size asked', () => {
    expect(pieceRanges(1000, 250)).toEqual([[0, 250], [250, 500], [500, 750], [750, 1000]]);
    expect(pieceRanges(7, 3)).toEqual([[0, 3], [3, 6], [6, 7]]);
    expect(pieceRanges(250, 250)).toEqual([[0, 250]]);
    expect(pieceRanges(1000, 0)).toEqual([[0, 1000]]);
  });

  it('asks every piece at once and puts the answers back in the answer’s order', async () => {
    const asked: Array<[number, number]> = [];
    const release: Array<() => void> = [];
    const pending = askInPieces(5, 2, (start, end) => {
      asked.push([start, end]);
      return new Promise<string[]>((resolve) => release.push(() => resolve(['a', 'b', 'c', 'd', 'e'].slice(start, end))));
    });
    // All three are under way before any is answered.
    expect(asked).toEqual([[0, 2], [2, 4], [4, 5]]);
    for (const answer of release.reverse()) answer();
    expect(await pending).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('leaves the payloads of a piece that got no answer as they were, and decodes the rest', async () => {
    const answers = await askInPieces(5, 2, async (start, end) => (start === 2 ? null : Array.from({ length: end - start }, (_, i) => start + i)));
    expect(answers).toEqual([0, 1, null, null, 4]);
  });

  it('has no answer when no piece was answered', async () => {
    expect(await askInPieces(5, 2, async () => null)).toBeNull();
  });
});
