/**
 * The relay: a faster way for a Web UI tab's decode and encode requests to reach a Chrome service worker.
 *
 * Chrome carries a runtime port's message as JSON through the browser process, which for a few megabytes of payloads
 * costs several times what decrypting them does (and its structured-clone messaging, from Chrome 148, was slower
 * still when measured). A MessagePort carries a message as it is, straight to whoever holds its other end, but a
 * content script cannot reach the service worker to hand it one. An extension page can: so in Chrome the bridge
 * frames the relay page (an extension page, run in the extension's process, never in the Web UI's) in its tab and
 * hands it one end of a MessageChannel with the ticket the background gave this tab's bridge port; the relay passes
 * that end on to the service worker with the ticket, and from then on the bridge's `decode` and `encode` envelopes
 * and their replies go between the bridge and the service worker on that channel, with no stop in the relay page.
 * Everything else, and everything when the relay is not up, goes over the port.
 *
 * The ticket is the only thing that makes the channel count: the service worker takes it only for a ticket it issued
 * on a bridge port still open, routes each request on it with the stamped sender of that bridge port, exactly as if
 * it came on that port, and closes it when that port closes. The relay page is reachable by any page
 * (web_accessible_resources; at an address Chrome changes each session from Chrome 130, a fixed one before), so what
 * it hands over with any other ticket is refused and closed, and a page that frames it gets no answer but that. The
 * relay holds no secret, reads nothing it carries and uses no extension API: it posts a port and a ticket to its own
 * service worker.
 */
import * as v from 'valibot';
import { NamespaceSchema, PackedTextsSchema } from './payloads';
import { PortRequestSchema } from './port';

const TICKET_BYTES = 16;
export const TicketSchema = v.pipe(v.string(), v.regex(new RegExp(`^[0-9a-f]{${TICKET_BYTES * 2}}$`)));

/** 128 random bits, in hex: unguessable, and never shown to the page. */
export function newTicket(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(TICKET_BYTES)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Background → bridge, on the bridge port, once: the ticket for this port's relayed requests. */
export const TicketFrameSchema = v.object({ relayTicket: TicketSchema });

/**
 * Bridge → relay page, once, with the port for its requests: who the requests are for, and the nonce the bridge put
 * in the frame's address (its fragment), so a page that posts to the frame first is not taken for the bridge.
 */
export const RelayOpenSchema = v.object({ relayTicket: TicketSchema, nonce: TicketSchema });
/**
 * Relay page → service worker, once, with the bridge's end of the channel: the ticket it is for. The service worker
 * takes the channel only for a ticket it issued.
 */
export const RelayHandOverSchema = v.strictObject({ relayTicket: TicketSchema });
/**
 * Service worker (or the relay page, when it has no service worker to hand the channel to) → bridge, once, on the
 * channel: whether the service worker took it; if not, the channel is closed.
 */
export const RelayReadySchema = v.object({ relayReady: v.boolean() });

/** The requests the relay carries: the big ones. Anything else goes over the port. */
const RELAYED = ['decode', 'encode'] as const;
export const RELAYED_TYPES: ReadonlySet<string> = new Set(RELAYED);

/**
 * What the relay carries, by its shape alone (the background then checks it as any request): a packed batch no longer
 * than a port would carry, and nothing else, so a page that frames the relay cannot hand the service worker more.
 */
export const RelayedEnvelopeSchema = v.strictObject({
  type: v.picklist(RELAYED),
  body: v.strictObject({ namespace: NamespaceSchema, batch: PackedTextsSchema }),
});

/** Bridge → service worker, on the channel: one request. */
export const RelayedRequestSchema = v.strictObject({ id: PortRequestSchema.entries.id, message: RelayedEnvelopeSchema });

/**
 * Service worker → bridge, on the channel: the reply to request `id`, as on the port (a long one in parts,
 * ReplyPartSchema in ./port.ts), after word that it took the request (TakenFrameSchema in ./port.ts) if it did;
 * `reply` is absent when the request was not taken (not a decode or encode, or its ticket is gone), and `busy` says
 * the channel had too many under way to take it (only this one goes over the port; the channel stays). Strict: a
 * frame with more in it (a part the bridge refused, say) is nothing the bridge reads, never a request not carried,
 * which it would ask again over the port for the background to do once more.
 */
export const RelayReplySchema = v.strictObject({ id: PortRequestSchema.entries.id, reply: v.optional(v.unknown()), busy: v.optional(v.literal(true)) });
export type RelayReply = v.InferOutput<typeof RelayReplySchema>;

/** Requests one relay channel has under way at most; more go over the port. */
export const RELAY_MAX_IN_FLIGHT = 16;
