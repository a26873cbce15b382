/**
 * How the background writes a reply on a bridge port or a relay channel (src/shared/messages/port.ts): one frame, with
 * a decode or encode reply's packed texts; or, for packed text longer than REPLY_PART_CHARS in all, one text in parts,
 * a frame per part, each made only as it is posted; or, for packed text longer than REPLY_PARTS_MAX parts, which the
 * bridge would take for no reply, one frame saying why there is none.
 */
import type { Reply } from '../shared/messages/define';
import { REPLY_PART_CHARS, REPLY_PARTS_MAX, type PortReply, type ReplyPart } from '../shared/messages/port';
import { PackedText } from './packed-text';

export type ReplyFrame = PortReply | ReplyPart;

/**
 * The reply instead of one longer than REPLY_PARTS_MAX parts: a codec server's answers to one batch, decompressed,
 * can add up to more. The page keeps its payloads as they were (a request to encode is not sent, with this sentence).
 */
export const REPLY_TOO_LARGE = 'The answer for these payloads is too large for the extension to hand to the page.';

/** Whether packed text of `chars` characters goes to the bridge whole or in parts, rather than as REPLY_TOO_LARGE. */
export const fitsInReply = (chars: number, partChars = REPLY_PART_CHARS): boolean => Math.ceil(chars / partChars) <= REPLY_PARTS_MAX;

/** The frames of request `id`'s reply, in the order they are to be posted; each is made when it is asked for. */
export function* replyFrames(id: number, reply: Reply<unknown>, partChars = REPLY_PART_CHARS): Generator<ReplyFrame> {
  if (!reply.ok || !(reply.value instanceof PackedText)) {
    yield { id, reply };
    return;
  }
  const text = reply.value;
  if (text.length <= partChars) {
    yield { id, reply: { ok: true, value: text.texts() } };
    return;
  }
  if (!fitsInReply(text.length, partChars)) {
    yield { id, reply: { ok: false, error: REPLY_TOO_LARGE } };
    return;
  }
  const parts = Math.ceil(text.length / partChars);
  let part = 0;
  for (const partText of text.parts(partChars)) yield { id, part: part++, parts, text: partText };
}

/** The reply as one message carries it: a runtime message's reply has no parts. */
export function wholeReply(reply: Reply<unknown>): Reply<unknown> {
  return reply.ok && reply.value instanceof PackedText ? { ok: true, value: reply.value.texts() } : reply;
}
