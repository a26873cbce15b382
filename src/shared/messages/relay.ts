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
 * port closes. The relay page is reachable by any page (web_accessible_resources), so a page that frames it without
 * a ticket gets nothing from the service worker; the relay holds no secret and asks the background for nothing itself.
 */
import * as v from 'valibot';
import { MESSAGE_LIMITS } from './limits';
import { PortRequestSchema } from './port';

const TICKET_BYTES = 16;
export const TicketSchema = v.pipe(v.string(), v.regex(new RegExp(`^[0-9a-f]{${TICKET_BYTES * 2}}$`)));

/** 128 random bits, in hex: unguessable, and never shown to the page. */
export function newTicket(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(TICKET_BYTES)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Background → bridge, on the bridge port, once: the ticket for this port's relayed requests. */
export const TicketFrameSchema = v.object({ relayTicket: TicketSchema });

/** Bridge → relay page, once, with the port for its requests: who the requests are for. */
export const RelayOpenSchema = v.object({ relayTicket: TicketSchema });
/** Relay page → bridge, once, when it can reach the service worker. */
export const RelayReadySchema = v.object({ relayReady: v.literal(true) });

/** The requests the relay carries: the big ones. Anything else goes over the port. */
export const RELAYED_TYPES: ReadonlySet<string> = new Set(['decode', 'encode']);

/**
 * Relay page → service worker: one bridge request and its ticket. The page's whole envelope is bounded before it is
 * sent on, so a framing page cannot make the service worker take in more than a port would carry.
 */
export const RelayedRequestSchema = v.object({ relayTicket: TicketSchema, request: PortRequestSchema });

/** The characters of a relayed envelope's packed batch, which is what makes one big. */
export function relayedChars(message: unknown): number {
  const batch = (message as { body?: { batch?: unknown } } | null)?.body?.batch;
  return typeof batch === 'string' ? batch.length : 0;
}

export const RELAYED_CHARS_LIMIT = MESSAGE_LIMITS.packedChars;
