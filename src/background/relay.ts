/**
 * The background's end of the relay (src/shared/messages/relay.ts), in Chrome's service worker: tickets issued on
 * bridge ports, and the relayed requests that present one.
 */
import * as v from 'valibot';
import type { Runtime } from '../shared/browser';
import type { Reply } from '../shared/messages/define';
import { newTicket, RelayCheckSchema, RelayedRequestSchema, type RelayReply } from '../shared/messages/relay';

type Route = (message: unknown, sender: Runtime.MessageSender) => Promise<Reply<unknown>>;

export interface RelayTickets {
  /** A ticket for requests on behalf of this bridge port's sender, good until `revoke`. */
  issue(sender: Runtime.MessageSender): string;
  revoke(ticket: string): void;
  senderOf(ticket: string): Runtime.MessageSender | undefined;
}

export function createRelayTickets(): RelayTickets {
  const senders = new Map<string, Runtime.MessageSender>();
  return {
    issue(sender) {
      const ticket = newTicket();
      senders.set(ticket, sender);
      return ticket;
    },
    revoke: (ticket) => void senders.delete(ticket),
    senderOf: (ticket) => senders.get(ticket),
  };
}

/** What the service worker's `message` event gives a relayed request (ExtendableMessageEvent). */
export interface RelayedMessageEvent {
  data: unknown;
  ports: ReadonlyArray<{ postMessage(message: unknown): void }>;
  waitUntil(promise: Promise<unknown>): void;
}

/**
 * Answers the relay page on the port its message brought: whether a ticket is good, or one relayed request, routed as
 * its ticket's bridge port would route it. A request without a ticket this worker issued is answered with nothing,
 * as a port that closed is: the bridge then asks over its port.
 */
export function serveRelayed(tickets: RelayTickets, route: Route): (event: RelayedMessageEvent) => void {
  return (event) => {
    const replyPort = event.ports[0];
    if (!replyPort) return;
    const answer = (message: unknown) => {
      try {
        replyPort.postMessage(message);
      } catch {
        // The relay page is gone (its tab closed or navigated): nobody is waiting.
      }
    };
    const check = v.safeParse(RelayCheckSchema, event.data);
    if (check.success) {
      answer({ known: tickets.senderOf(check.output.relayTicket) !== undefined });
      return;
    }
    const parsed = v.safeParse(RelayedRequestSchema, event.data);
    if (!parsed.success) {
      // The relay page checked it; whoever sent it waits for an answer all the same.
      const id = (event.data as { request?: { id?: unknown } } | null)?.request?.id;
      if (typeof id === 'number') answer({ id } satisfies RelayReply);
      return;
    }
    const { relayTicket, request } = parsed.output;
    const sender = tickets.senderOf(relayTicket);
    if (!sender) {
      answer({ id: request.id } satisfies RelayReply);
      return;
    }
    // The worker stays up until the reply is sent, as it does for a request on a port.
    event.waitUntil(route(request.message, sender).then((reply) => answer({ id: request.id, reply } satisfies RelayReply)));
  };
}
