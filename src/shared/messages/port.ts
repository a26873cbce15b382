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
 * been done already. Checked before a reply, which a frame without `reply` would also pass for.
 */
export const TakenFrameSchema = v.strictObject({ id: FrameId, taken: v.literal(true) });

export type PortRequest = v.InferOutput<typeof PortRequestSchema>;
export type PortReply = v.InferOutput<typeof PortReplySchema>;
export type TakenFrame = v.InferOutput<typeof TakenFrameSchema>;
