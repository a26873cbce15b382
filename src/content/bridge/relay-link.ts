/**
 * Which relay (src/shared/messages/relay.ts) the bridge's big requests take, if any: the one for the bridge port's
 * current ticket, opened as soon as the page is known to have rules (a page without any frames nothing), or at the
 * latest at its first request; dropped when the port's ticket goes, and not opened again for a ticket whose relay
 * failed once.
 */
import type { PortRequest } from './background-port';
import type { Relay } from './relay-frame';

export interface RelayLink {
  /** The port was given this ticket, or (undefined) its port closed. */
  follow(ticket: string | undefined): void;
  /** The relay if it is up; otherwise undefined, and the relay starts opening for later requests. */
  current(): Relay | undefined;
  /** `relay` could not carry a request: the rest go over the port. */
  failed(relay: Relay): void;
}

export function createRelayLink(open: (ticket: string) => Promise<Relay | undefined>): RelayLink {
  let ticket: string | undefined;
  /** Whether this ticket's relay was asked for, so it is opened at most once. */
  let opening = false;
  let relay: Relay | undefined;

  return {
    follow(next) {
      relay?.close(true);
      relay = undefined;
      opening = false;
      ticket = next;
    },
    current() {
      if (relay || opening || !ticket) return relay;
      opening = true;
      const forTicket = ticket;
      void open(forTicket).then((opened) => {
        if (ticket === forTicket && opening) relay = opened;
        else opened?.close();
      });
      return undefined;
    },
    failed(failing) {
      failing.close();
      if (relay === failing) relay = undefined;
    },
  };
}

/**
 * One request through the relay when it is up, else over the port: a reply is the answer; what the relay did not
 * carry (refused, or ended) goes over the port and the relay is not asked again; what the service worker never took
 * before it stopped goes over the port as a request sent again, so that it is not sent a third time; what it was too
 * busy for goes over the port alone; a lost request is answered with nothing and not asked again, since the
 * background may have done it.
 */
export async function askRelayFirst(link: RelayLink, overPort: PortRequest, message: unknown): Promise<unknown> {
  const through = link.current();
  if (through) {
    const outcome = await through.request(message);
    if (typeof outcome === 'object') return outcome.reply;
    if (outcome === 'lost') return undefined;
    if (outcome === 'busy') return overPort(message);
    link.failed(through);
    if (outcome === 'not-taken') return overPort(message, { resent: true });
  }
  return overPort(message);
}
