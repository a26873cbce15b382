/**
 * A decode or encode reply's packed texts (src/shared/messages/packed.ts), kept as the pieces of each outcome until a
 * carrier writes them out: as the texts the bridge hands the page, joined as the frame that carries them is made, or,
 * for a reply too long for one frame, as one text in parts, each joined as it is posted (reply-frames.ts). The largest
 * answers' replies run to tens of megabytes, most of it decoded payloads' base64 held by the decode cache anyway;
 * joined whole, that text would be one more copy of it all.
 */
import { arrayTexts, charsOf } from '../shared/messages/packed';

export class PackedText {
  /** Characters of the reply written as one text: the outcomes' JSON, a comma between each two, in brackets. */
  readonly length: number;

  /** `items`: each outcome's JSON as the pieces it is made of. */
  constructor(readonly items: ReadonlyArray<readonly string[]>) {
    let length = 2 + Math.max(0, items.length - 1);
    for (const pieces of items) length += charsOf(pieces);
    this.length = length;
  }

  /** The reply's texts, made when a frame is to carry them. */
  texts(): string[] {
    return arrayTexts(this.items);
  }

  /**
   * The reply as one text, in parts of exactly `size` characters but the last, each made when it is asked for. A
   * piece that spans parts is cut (a cut string shares the characters of the one it is cut from until it is joined
   * into its part).
   */
  *parts(size: number): Generator<string> {
    let part: string[] = [];
    let room = size;
    for (const piece of this.wholePieces()) {
      let at = 0;
      while (at < piece.length) {
        const taken = Math.min(room, piece.length - at);
        part.push(taken === piece.length ? piece : piece.slice(at, at + taken));
        at += taken;
        room -= taken;
        if (room === 0) {
          yield part.join('');
          part = [];
          room = size;
        }
      }
    }
    if (part.length > 0) yield part.join('');
  }

  private *wholePieces(): Generator<string> {
    yield '[';
    let first = true;
    for (const pieces of this.items) {
      if (!first) yield ',';
      first = false;
      yield* pieces;
    }
    yield ']';
  }
}
