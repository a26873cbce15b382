/**
 * The bridge's requests to the background over one port (src/shared/messages/port.ts), opened when first needed and
 * again after it closed: the background stopped, or the extension was updated under the page. A request whose port
 * closes before its reply is answered with nothing, as a runtime message the background never answered is.
 */
import * as v from 'valibot';
import type { Runtime } from '../../shared/browser';
import { PortReplySchema } from '../../shared/messages/port';
import { TicketFrameSchema } from '../../shared/messages/relay';

/** Sends one envelope; resolves with the background's reply, or undefined when none will come. */
export type PortRequest = (message: unknown) => Promise<unknown>;

/**
 * `onTicket` hears the relay ticket of each port the background gives one (src/shared/messages/relay.ts), and
 * `undefined` when that port closes, so the ticket is no longer good.
 */
export function createPortRequest(connect: () => Runtime.Port, onTicket?: (ticket: string | undefined) => void): PortRequest {
  let port: Runtime.Port | undefined;
  let nextId = 1;
  const pending = new Map<number, { port: Runtime.Port; settle: (reply: unknown) => void }>();

  function open(): Runtime.Port {
    const opened = connect();
    opened.onMessage.addListener((frame: unknown) => {
      const ticket = v.safeParse(TicketFrameSchema, frame);
      if (ticket.success) {
        if (port === opened) onTicket?.(ticket.output.relayTicket);
        return;
      }
      const parsed = v.safeParse(PortReplySchema, frame);
      const waiting = parsed.success ? pending.get(parsed.output.id) : undefined;
      if (!parsed.success || waiting?.port !== opened) return;
      pending.delete(parsed.output.id);
      waiting.settle(parsed.output.reply);
    });
    opened.onDisconnect.addListener(() => {
      if (port === opened) {
        port = undefined;
        onTicket?.(undefined);
      }
      for (const [id, waiting] of pending) {
        if (waiting.port !== opened) continue;
        pending.delete(id);
        waiting.settle(undefined);
      }
    });
    return opened;
  }

  return (message) =>
    new Promise((resolve) => {
      const id = nextId++;
      try {
        port ??= open();
        pending.set(id, { port, settle: resolve });
        port.postMessage({ id, message });
      } catch {
        // The extension is gone (updated or removed under the page): nothing will answer.
        pending.delete(id);
        port = undefined;
        resolve(undefined);
      }
    });
}
