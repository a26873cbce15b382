/**
 * A decode or encode reply's packed text (src/shared/messages/packed.ts), kept as the pieces it is made of until a
 * carrier writes it out: whole for a short reply, or part by part for a long one (reply-frames.ts), each part joined
 * from its pieces only as it is posted. The largest answers' replies run to tens of megabytes, most of it decoded
 * payloads' base64 held by the decode cache anyway; joined whole, that text would be one more copy of it all.
 */
export class PackedText {
  readonly length: number;

  constructor(readonly pieces: readonly string[]) {
    let length = 0;
    for (const piece of pieces) length += piece.length;
    this.length = length;
  }

  /** The whole text. */
  joined(): string {
    return this.pieces.join('');
  }

  /**
   * The text in parts of exactly `size` characters but the last, each made when it is asked for. A piece that spans
   * parts is cut (a cut string shares the characters of the one it is cut from until it is joined into its part).
   */
  *parts(size: number): Generator<string> {
    let part: string[] = [];
    let room = size;
    for (const piece of this.pieces) {
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
}
