import { describe, expect, it } from 'vitest';
import { packBatches } from '../../core/remote/codec-batches';
import { askInPieces, bodyPieces, jsonBytes, pieceRanges } from './pieces';

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

  it('cuts a codec server’s answer into pieces of so many bodies, each of which the client packs into as many', () => {
    // Mostly small payloads and a few large ones, in no order, as a history's are.
    const bytes = Array.from({ length: 1000 }, (_, i) => (i % 97 === 0 ? 30_000 : 150 + ((i * 7919) % 3900)));
    const bodyBytes = 96 * 1024;
    const { order, ranges } = bodyPieces(bytes, bodyBytes, 3);
    expect([...order].sort((a, b) => a - b)).toEqual(bytes.map((_, i) => i));
    expect(ranges[0]![0]).toBe(0);
    expect(ranges.at(-1)![1]).toBe(order.length);
    const bodies = ranges.map(([start, end]) => {
      const piece = order.slice(start, end);
      return packBatches(piece, bytes, bodyBytes).length;
    });
    // Every piece but the last holds three bodies, filled as the client would fill them for the whole answer at once.
    expect(bodies.slice(0, -1).every((count) => count === 3)).toBe(true);
    expect(bodies.at(-1)).toBeLessThanOrEqual(3);
    expect(bodies.reduce((a, b) => a + b, 0)).toBe(packBatches(order, bytes, bodyBytes).length);
    expect(bodies.length).toBeGreaterThan(3);
  });

  it('counts a payload’s JSON in UTF-8 bytes, as a request body carries it', () => {
    expect(jsonBytes(['{"data":"', 'QUJD', '"}'])).toBe('{"data":"QUJD"}'.length);
    expect(jsonBytes(['{"metadata":{"note":"é€😀"}}'])).toBe(Buffer.byteLength('{"metadata":{"note":"é€😀"}}'));
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
