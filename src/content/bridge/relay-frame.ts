/**
 * The bridge's end of the relay (src/shared/messages/relay.ts): frames the relay page in a closed shadow root, hands
 * it one end of a MessageChannel and the port's ticket, and once it says it can reach the service worker, carries
 * requests through it. A request the relay cannot carry, or that is under way when the relay goes (the page removed
 * its frame, the ticket's port closed), is answered with `undefined`, and the bridge asks over its port instead.
 */
import * as v from 'valibot';
import { PortReplySchema } from '../../shared/messages/port';
import { RelayReadySchema } from '../../shared/messages/relay';

/** How long the relay page may take to load and reach the service worker before the bridge does without it. */
export const RELAY_OPEN_TIMEOUT_MS = 5000;

export interface Relay {
  /** The background's reply, or undefined when it must be asked over the port. */
  request(message: unknown): Promise<unknown>;
  close(): void;
}

/**
 * `page` is the relay page's address and `origin` the extension's: Chrome gives the page an address that changes each
 * session, but the document it loads has the extension's own origin. Resolves with the relay once it is up, or
 * undefined if it does not come up in time.
 */
export function openRelay(doc: Document, page: { url: string; origin: string }, relayTicket: string, timeoutMs = RELAY_OPEN_TIMEOUT_MS): Promise<Relay | undefined> {
  const host = doc.createElement('payload-lens-relay');
  host.hidden = true;
  const frame = doc.createElement('iframe');
  frame.src = page.url;
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  host.attachShadow({ mode: 'closed' }).append(frame);
  // Beside <body>, not in it: a Web UI re-rendering its body leaves the relay alone.
  doc.documentElement.append(host);

  const channel = new MessageChannel();
  const pending = new Map<number, (reply: unknown) => void>();
  let nextId = 1;
  let closed = false;
  let removal: MutationObserver | undefined;

  function close(): void {
    if (closed) return;
    closed = true;
    removal?.disconnect();
    channel.port1.close();
    host.remove();
    for (const settle of pending.values()) settle(undefined);
    pending.clear();
  }

  const relay: Relay = {
    request: (message) =>
      new Promise((resolve) => {
        if (closed) return resolve(undefined);
        const id = nextId++;
        pending.set(id, resolve);
        channel.port1.postMessage({ id, message });
      }),
    close,
  };

  return new Promise((resolve) => {
    const giveUp = setTimeout(() => {
      close();
      resolve(undefined);
    }, timeoutMs);
    channel.port1.onmessage = (event: MessageEvent<unknown>) => {
      if (v.is(RelayReadySchema, event.data)) {
        clearTimeout(giveUp);
        resolve(closed ? undefined : relay);
        return;
      }
      const parsed = v.safeParse(PortReplySchema, event.data);
      const settle = parsed.success ? pending.get(parsed.output.id) : undefined;
      if (!parsed.success || !settle) return;
      pending.delete(parsed.output.id);
      settle(parsed.output.reply);
    };
    // A page that removes the frame ends the relay: what was under way is asked over the port.
    removal = new MutationObserver(() => {
      if (!host.isConnected) close();
    });
    removal.observe(doc.documentElement, { childList: true });
    frame.addEventListener(
      'load',
      () => {
        if (closed) return;
        // To the relay page only: a frame the page navigated elsewhere is not sent the ticket.
        frame.contentWindow?.postMessage({ relayTicket }, page.origin, [channel.port2]);
      },
      { once: true },
    );
  });
}
