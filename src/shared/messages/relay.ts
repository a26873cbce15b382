/**
 * The relay: a faster way for a Web UI tab's decode and encode requests to reach a Chrome service worker.
 *
 * Chrome carries a runtime port's message as JSON through the browser process, which for a few megabytes of payloads
 * costs several times what decrypting them does. An extension page can reach its own service worker with
 * `postMessage`, which copies the message as it is. So in Chrome the bridge frames the relay page (an extension page,
 * run in the extension's process, never in the Web UI's) in its tab, hands it one end of a MessageChannel, and sends
 * `decode` and `encode` envelopes that way; the relay passes each to the service worker with the ticket the background
 * gave this tab's bridge port, and the reply comes back the same way. Everything else, and everything when the relay
 * is not up, goes over the port.
 *
 * The ticket is the only thing that makes a relayed request count: the background routes it with the stamped sender
 * of the bridge port it issued the ticket on, exactly as if it came on that port, and forgets the ticket when that
 * port closes. The relay page is reachable by any page (web_accessible_resources; at an address Chrome changes each
 * session from Chrome 130, a fixed one before), so it serves nobody until the service worker confirms the ticket it
 * was given, and a page that frames it with any other gets no answer. The relay holds no secret and uses no extension
 * API: the ticket check and the requests are plain messages to the service worker.
 */
import * as v from 'valibot';
import { MESSAGE_LIMITS } from './limits';
import { NamespaceSchema } from './payloads';
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
/** Relay page → service worker, once: is this ticket good? The relay serves nobody whose ticket is not. */
export const RelayCheckSchema = v.strictObject({ relayTicket: TicketSchema });
/** Service worker → relay page: the answer to the check. */
export const RelayCheckedSchema = v.object({ known: v.boolean() });
/** Relay page → bridge, once: whether it serves (the service worker knows its ticket), or not, and then closes. */
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
  body: v.strictObject({ namespace: NamespaceSchema, batch: v.pipe(v.string(), v.maxLength(MESSAGE_LIMITS.packedChars)) }),
});

/** Relay page → service worker: one bridge request and its ticket. */
export const RelayedRequestSchema = v.strictObject({
  relayTicket: TicketSchema,
  request: v.strictObject({ id: PortRequestSchema.entries.id, message: RelayedEnvelopeSchema }),
});

/**
 * Service worker or relay page → bridge: the reply to request `id`, as on the port; `reply` is absent when the
 * request was not carried, and `busy` says the relay had too many under way to take it (only this one goes over the
 * port; the relay stays).
 */
export const RelayReplySchema = v.object({ id: PortRequestSchema.entries.id, reply: v.optional(v.unknown()), busy: v.optional(v.literal(true)) });
export type RelayReply = v.InferOutput<typeof RelayReplySchema>;

/** Requests one relay page has under way at most; more go over the port. */
export const RELAY_MAX_IN_FLIGHT = 16;
