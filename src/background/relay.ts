/**
 * The background's end of the relay (src/shared/messages/relay.ts), in Chrome's service worker: tickets issued on
 * bridge ports, and the channels the relay page hands over with one, whose requests are answered as that port's own.
 */
import * as v from 'valibot';
import type { Runtime } from '../shared/browser';
import type { Reply } from '../shared/messages/define';
import type { ReplyPart, TakenFrame } from '../shared/messages/port';
import { newTicket, RELAY_MAX_IN_FLIGHT, RelayedRequestSchema, RelayHandOverSchema, type RelayReadySchema, type RelayReply } from '../shared/messages/relay';
import type { Hold } from './keep-alive';
import { replyFrames } from './reply-frames';

type Route = (message: unknown, sender: Runtime.MessageSender) => Promise<Reply<unknown>>;

/** The service worker's end of a relay channel, as far as this module uses it. */
export type RelayChannel = Pick<MessagePort, 'onmessage' | 'postMessage' | 'close'>;

export interface RelayTickets {
  /** A ticket for requests on behalf of this bridge port's sender, good until `revoke`. */
  issue(sender: Runtime.MessageSender): string;
  /** Forgets the ticket and closes the channel taken for it. */
  revoke(ticket: string): void;
  senderOf(ticket: string): Runtime.MessageSender | undefined;
  /**
   * Keeps `channel` with `ticket`, to be closed with it; false (and kept nowhere) for a ticket not issued, or one
   * that has a channel already: a bridge hands over one per ticket, so more would only multiply what one tab may
   * have under way.
   */
  take(ticket: string, channel: RelayChannel): boolean;
}

export function createRelayTickets(): RelayTickets {
  const issued = new Map<string, { sender: Runtime.MessageSender; channel?: RelayChannel }>();
  return {
    issue(sender) {
      const ticket = newTicket();
      issued.set(ticket, { sender });
      return ticket;
    },
    revoke(ticket) {
      issued.get(ticket)?.channel?.close();
      issued.delete(ticket);
    },
    senderOf: (ticket) => issued.get(ticket)?.sender,
    take(ticket, channel) {
      const entry = issued.get(ticket);
      if (!entry || entry.channel) return false;
      entry.channel = channel;
      return true;
    },
  };
}

/** What the service worker's `message` event gives the relay page's hand-over (ExtendableMessageEvent). */
export interface RelayedMessageEvent {
  data: unknown;
  ports: ReadonlyArray<RelayChannel>;
}

const ready = (relayReady: boolean): v.InferOutput<typeof RelayReadySchema> => ({ relayReady });

/**
 * Takes the channel the relay page hands over, if its ticket is one this worker issued and has no channel yet, and
 * answers each request on it, routed as the ticket's bridge port would route it: a decode or encode, no more than
 * RELAY_MAX_IN_FLIGHT at a time. Anything else is answered with nothing, as a closed port is, and the channel is
 * closed: the bridge sends nothing else on it, so what does is not the bridge, and a channel, unlike a port, has no
 * cap on what one message may make this worker take in. The bridge then asks over its port. `hold` keeps the worker
 * up while a request is under way (./keep-alive.ts).
 */
export function serveRelayed(tickets: RelayTickets, route: Route, hold: Hold): (event: RelayedMessageEvent) => void {
  return (event) => {
    const [channel] = event.ports;
    if (!channel) return;
    const handOver = v.safeParse(RelayHandOverSchema, event.data);
    if (!handOver.success || !tickets.take(handOver.output.relayTicket, channel)) {
      channel.postMessage(ready(false));
      channel.close();
      return;
    }
    const { relayTicket } = handOver.output;
    let underWay = 0;
    const answer = (frame: RelayReply | ReplyPart | TakenFrame): boolean => {
      try {
        channel.postMessage(frame);
        return true;
      } catch {
        // A frame that cannot be posted has nobody to go to: the bridge gives the page its original answer.
        return false;
      }
    };
    channel.onmessage = ({ data }: MessageEvent<unknown>) => {
      const parsed = v.safeParse(RelayedRequestSchema, data);
      const sender = tickets.senderOf(relayTicket);
      if (!parsed.success || !sender) {
        const id = (data as { id?: unknown } | null)?.id;
        if (typeof id === 'number') answer({ id });
        channel.onmessage = null;
        channel.close();
        return;
      }
      const { id, message } = parsed.output;
      if (underWay >= RELAY_MAX_IN_FLIGHT) return answer({ id, busy: true });
      underWay++;
      answer({ id, taken: true });
      void hold(route(message, sender))
        .then((reply) => {
          // As on the port: a long reply goes in parts, and none after one that could not be posted.
          for (const replyFrame of replyFrames(id, reply)) if (!answer(replyFrame)) return;
        })
        // The router answers every failure with a reply; were it to throw anyway, the request is lost (the bridge
        // gives the page its original answer), and no longer counted as under way.
        .catch(() => undefined)
        .finally(() => underWay--);
    };
    channel.postMessage(ready(true));
  };
}
