/**
 * An answer's payloads asked about in pieces, a few under way at once, and the answers put back in order. A piece
 * that got no answer leaves its payloads as they were while the others are decoded; only when no piece was answered
 * is there no answer at all.
 *
 * With a local key, pieces of the namespace plan's `payloadsPerRequest` in the answer's order. Through a codec
 * server, pieces of the request bodies the background will send (`codecBodyBytes`): the hook packs the payloads as
 * the background's codec client packs them, and each piece holds the bodies of one round of requests, so the
 * background sends a piece's bodies as soon as it has them, while the next piece is on its way, and sends no more
 * of them than for the whole answer at once.
 *
 * Free of dependencies: the page hook bundles it.
 */
import { DEFAULT_CONCURRENCY, packBatches } from '../../core/remote/codec-batches';

/**
 * Pieces of one answer under way at once: enough to keep the tab, the relay and the background busy together. Few
 * enough that the two answers a workflow page loads at once stay within the relay's places (RELAY_MAX_IN_FLIGHT) and,
 * with PIECE_CHARS, within the tab's share of the background (TAB_WORK_LIMIT_CHARS), which one request of any size
 * may always take but pieces of an answer under way together may not.
 */
export const PIECES_UNDER_WAY = 4;
/** Characters of payload data one piece carries at most, however few its payloads (a few are up to megabytes). */
export const PIECE_CHARS = 4 * 1024 * 1024;
/** Request bodies in one piece for a codec server: as many as the background sends to it at once. */
export const BODIES_PER_PIECE = DEFAULT_CONCURRENCY;

/** Positions of one piece's payloads among the answer's, in the answer's order. */
export type Piece = number[];

/**
 * Consecutive pieces of the items whose sizes are `chars`: at most `size` items and, unless it is a single item, at
 * most `maxChars` characters each; one piece for all when size is 0.
 */
export function piecesByCount(chars: readonly number[], size: number, maxChars = PIECE_CHARS): Piece[] {
  const count = chars.length;
  const positions = (start: number, end: number) => Array.from({ length: end - start }, (_, k) => start + k);
  if (size <= 0) return [positions(0, count)];
  const pieces: Piece[] = [];
  let start = 0;
  let held = 0;
  for (let i = 0; i < count; i++) {
    if (i > start && (i - start >= size || held + chars[i]! > maxChars)) {
      pieces.push(positions(start, i));
      start = i;
      held = 0;
    }
    held += chars[i]!;
  }
  pieces.push(positions(start, count));
  return pieces;
}

/**
 * Pieces of `bodiesPerPiece` request bodies of at most `bodyBytes`, packed from `bytes` (each payload's JSON as a
 * request body carries it; null for a payload the background answers without sending it) exactly as the codec client
 * packs (codec-batches.ts). Packing any set of those bodies' payloads again gives back the same bodies, so the
 * background needs no more requests for the pieces than for the whole answer. Payloads that are not sent go with the
 * first piece.
 */
export function piecesByBodies(bytes: ReadonlyArray<number | null>, bodyBytes: number, bodiesPerPiece = BODIES_PER_PIECE): Piece[] {
  const sent: number[] = [];
  const unsent: number[] = [];
  bytes.forEach((size, i) => (size === null ? unsent : sent).push(i));
  const bodies = packBatches(sent, bytes as number[], bodyBytes);
  const pieces: Piece[] = [];
  for (let b = 0; b < bodies.length; b += bodiesPerPiece) pieces.push(bodies.slice(b, b + bodiesPerPiece).flat());
  if (pieces.length === 0) pieces.push([]);
  pieces[0]!.push(...unsent);
  // In the answer's order: the client breaks ties between payloads of one size by their order.
  for (const piece of pieces) piece.sort((a, b) => a - b);
  return pieces;
}

/** Asks each piece, at most `underWay` at a time, and puts the answers together in the answer's order. */
export async function askInPieces<T>(
  pieces: readonly Piece[],
  ask: (piece: Piece) => Promise<T[] | null>,
  underWay = PIECES_UNDER_WAY,
): Promise<Array<T | null> | null> {
  const count = pieces.reduce((sum, piece) => sum + piece.length, 0);
  const answers = new Array<T | null>(count).fill(null);
  let answered = false;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < pieces.length) {
      const piece = pieces[next++]!;
      const answer = await ask(piece);
      if (answer === null) continue;
      answered = true;
      piece.forEach((position, k) => (answers[position] = answer[k] ?? null));
    }
  };
  await Promise.all(Array.from({ length: Math.min(underWay, pieces.length) }, worker));
  return answered ? answers : null;
}
