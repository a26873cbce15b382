/**
 * The bridge's long-lived connection to the background. A Web UI tab asks the background on one port instead of one
 * runtime message per request: a runtime message is also delivered to every open extension page (the popup, the
 * settings), which would each take in every multi-megabyte decode request only to ignore it; a port reaches the
 * background alone. Each frame carries one catalogue envelope (runtime.ts), word that it arrived, or its reply, matched
 * by a number; the background checks the envelope exactly as it checks a runtime message.
 */
import * as v from 'valibot';

/** The port's name: the background accepts ports of this name only, and only from a Web UI tab's top frame. */
export const BRIDGE_PORT = 'payload-lens:bridge';

const FrameId = v.pipe(v.number(), v.safeInteger(), v.minValue(1));

/** Bridge → background: a request, its envelope checked by the router like any runtime message. */
export const PortRequestSchema = v.object({ id: FrameId, message: v.unknown() });
/** Background → bridge: the router's reply to request `id`. */
export const PortReplySchema = v.object({ id: FrameId, reply: v.unknown() });
/**
 * Background → bridge, as soon as request `id` arrives, before its reply: the background has it. A port (or relay
 * channel) can close under a request the background never got, when the background stops just as the request is
 * sent; the bridge asks such a request again, once, and only such a request, since one the background took may have
 * been done already. No reply check takes it for a reply: the port's (PortReplySchema) needs `reply`, and the
 * relay's (RelayReplySchema) is strict.
 */
export const TakenFrameSchema = v.strictObject({ id: FrameId, taken: v.literal(true) });

/**
 * A decode or encode reply longer than this goes as parts of at most this many characters, each a frame of its own,
 * instead of one frame. Posting the largest reply the caps let through (44 MB) as one message grew Firefox's
 * background by over 100 MB for as long as the message took to go out, copies of it as long as it; in parts, only
 * one part's copies are made at a time. An ordinary page's reply (a 1,000-payload answer is about 2 MB, asked for in
 * pieces of 250 payloads) stays one frame.
 */
export const REPLY_PART_CHARS = 4 * 1024 * 1024;

/**
 * Parts of one reply at most: 128 MiB in all. A reply made with a local key stays under it (the page's own payloads
 * back, at most MESSAGE_LIMITS.chars, as they were or encoded, beside at most MAX_DECOMPRESSED_ANSWER_BYTES decoded,
 * as base64), but nothing bounds what codec servers answer to one batch in all (MAX_CODEC_ANSWER_BYTES caps each of
 * their answers, not the sum, and a server may decompress), so the background sends a longer reply as a failure
 * instead (src/background/reply-frames.ts); a longer series is no reply the bridge is waiting for.
 */
export const REPLY_PARTS_MAX = 32;

/**
 * Background → bridge: part `part` (from 0) of the `parts` parts of request `id`'s reply, a successful reply's text;
 * joined in order, they are that text. A part this check refuses (one of too many, say) is no reply of another
 * kind either: the port's reply check needs `reply`, and a relay channel's (relay.ts) is strict.
 */
export const ReplyPartSchema = v.strictObject({
  id: FrameId,
  part: v.pipe(v.number(), v.safeInteger(), v.minValue(0), v.maxValue(REPLY_PARTS_MAX - 1)),
  parts: v.pipe(v.number(), v.safeInteger(), v.minValue(2), v.maxValue(REPLY_PARTS_MAX)),
  text: v.pipe(v.string(), v.maxLength(REPLY_PART_CHARS)),
});

export type PortRequest = v.InferOutput<typeof PortRequestSchema>;
export type PortReply = v.InferOutput<typeof PortReplySchema>;
export type TakenFrame = v.InferOutput<typeof TakenFrameSchema>;
export type ReplyPart = v.InferOutput<typeof ReplyPartSchema>;
