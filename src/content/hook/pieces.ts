/**
 * An answer's payloads asked about in pieces (the namespace plan's `payloadsPerRequest`), all under way at once, and
 * the answers put back in order. A piece that got no answer leaves its payloads as they were while the others are
 * decoded; only when no piece was answered is there no answer at all.
 *
 * Free of dependencies: the page hook bundles it.
 */

/** [start, end) of each piece of `count` items, at most `size` each; one piece for all when size is 0. */
export function pieceRanges(count: number, size: number): Array<[start: number, end: number]> {
  if (size <= 0 || count <= size) return [[0, count]];
  const ranges: Array<[number, number]> = [];
  for (let start = 0; start < count; start += size) ranges.push([start, Math.min(count, start + size)]);
  return ranges;
}

export async function askInPieces<T>(count: number, size: number, ask: (start: number, end: number) => Promise<T[] | null>): Promise<Array<T | null> | null> {
  const ranges = pieceRanges(count, size);
  const answers = await Promise.all(ranges.map(([start, end]) => ask(start, end)));
  if (answers.every((answer) => answer === null)) return null;
  return answers.flatMap((answer, k) => answer ?? new Array<null>(ranges[k]![1] - ranges[k]![0]).fill(null));
}
