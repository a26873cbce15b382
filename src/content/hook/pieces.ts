/**
 * An answer's payloads asked about in pieces (the namespace plan's `payloadsPerRequest`), a few under way at once, and
 * the answers put back in order. A piece that got no answer leaves its payloads as they were while the others are
 * decoded; only when no piece was answered is there no answer at all.
 *
 * Free of dependencies: the page hook bundles it.
 */

/**
 * Pieces of one answer under way at once: enough to keep the tab, the relay and the background busy together. Few
 * enough that the two answers a workflow page loads at once stay within the relay's places (RELAY_MAX_IN_FLIGHT) and,
 * with PIECE_CHARS, within the tab's share of the background (TAB_WORK_LIMIT_CHARS, which also counts each request's
 * places and a fixed amount per request), which one request of any size may always take but pieces of an answer under
 * way together may not.
 */
export const PIECES_UNDER_WAY = 4;
/** Characters of payload data one piece carries at most, however few its payloads (a few are up to megabytes). */
export const PIECE_CHARS = 4 * 1024 * 1024;

/**
 * [start, end) of each piece of the items whose sizes are `chars`: at most `size` items and, unless it is a single
 * item, at most `maxChars` characters each; one piece for all when size is 0.
 */
export function pieceRanges(chars: readonly number[], size: number, maxChars = PIECE_CHARS): Array<[start: number, end: number]> {
  const count = chars.length;
  if (size <= 0) return [[0, count]];
  const ranges: Array<[number, number]> = [];
  let start = 0;
  let held = 0;
  for (let i = 0; i < count; i++) {
    if (i > start && (i - start >= size || held + chars[i]! > maxChars)) {
      ranges.push([start, i]);
      start = i;
      held = 0;
    }
    held += chars[i]!;
  }
  ranges.push([start, count]);
  return ranges;
}

/** Asks each range, at most `underWay` at a time, and puts the answers together in order. */
export async function askInPieces<T>(
  ranges: ReadonlyArray<readonly [number, number]>,
  ask: (start: number, end: number) => Promise<T[] | null>,
  underWay = PIECES_UNDER_WAY,
): Promise<Array<T | null> | null> {
  const answers: Array<T[] | null> = new Array(ranges.length).fill(null);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ranges.length) {
      const k = next++;
      const [start, end] = ranges[k]!;
      answers[k] = await ask(start, end);
    }
  };
  await Promise.all(Array.from({ length: Math.min(underWay, ranges.length) }, worker));
  if (answers.every((answer) => answer === null)) return null;
  return answers.flatMap((answer, k) => answer ?? new Array<null>(ranges[k]![1] - ranges[k]![0]).fill(null));
}
