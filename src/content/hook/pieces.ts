/**
 * An answer's payloads asked about in pieces (the namespace plan's `payloadsPerRequest` or `bytesPerRequest`), a few
 * under way at once, and the answers put back in order. A piece that got no answer leaves its payloads as they were
 * while the others are decoded; only when no piece was answered is there no answer at all.
 *
 * Free of dependencies but the codec client's packing, which has none: the page hook bundles it.
 */
import { packBatches, utf8Length } from '../../core/remote/codec-batches';

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

/**
 * Request bodies of a codec server one piece carries. The background sends a piece's requests while the next pieces
 * are carried to it, and hands back each piece's plaintexts as soon as its own requests are answered. Pieces of one
 * body each cost more in carrying than they saved with a server that answers in 20 ms; in pieces of three, a
 * 1,000-payload answer at 200 ms per request took about 0.4 round trips less than whole, and no longer at 20 ms.
 */
export const BODIES_PER_PIECE = 3;
/**
 * Pieces of an answer for a codec server under way at once: every body of most answers (one of 1,000 payloads is 18
 * to 21), with two answers together within the relay's places (RELAY_MAX_IN_FLIGHT), so that the background always
 * has a body ready when one of the server's six places frees up.
 */
export const CODEC_PIECES_UNDER_WAY = 8;

/**
 * Pieces of items whose UTF-8 sizes in a request body are `bytes`, each `bodiesPerPiece` bodies of at most
 * `bodyBytes` as the codec client packs them (codec-batches.ts): `order` lists the items piece by piece, and `ranges`
 * gives each piece's [start, end) in it. Packed again by the client alone, a piece's items fill as many bodies as
 * here, since first-fit decreasing puts each item into the first of the bodies before it with room, and no item of
 * another piece is ever in those.
 */
export function bodyPieces(bytes: readonly number[], bodyBytes: number, bodiesPerPiece = BODIES_PER_PIECE): { order: number[]; ranges: Array<[start: number, end: number]> } {
  const bodies = packBatches(
    bytes.map((_, i) => i),
    bytes,
    bodyBytes,
  );
  const order: number[] = [];
  const ranges: Array<[number, number]> = [];
  for (let k = 0; k < bodies.length; k += bodiesPerPiece) {
    const start = order.length;
    for (const body of bodies.slice(k, k + bodiesPerPiece)) order.push(...body);
    ranges.push([start, order.length]);
  }
  return { order, ranges };
}

/** The UTF-8 size of JSON given as pieces (payloadJsonPieces in packed.ts), without joining them. */
export function jsonBytes(pieces: readonly string[]): number {
  let bytes = 0;
  for (const piece of pieces) bytes += utf8Length(piece);
  return bytes;
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
