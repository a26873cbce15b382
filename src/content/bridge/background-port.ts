/**
 * The bridge's requests to the background over one port (src/shared/messages/port.ts), opened when first needed and
 * again after it closed: the background stopped, or the extension was updated under the page. A request whose port
 * closes before the background said it took it is sent again, once, on a new port: the background stopped just as it
 * was sent, and never saw it. One whose port closes after that is answered with nothing, as a runtime message the
 * background never answered is, since the background may have done it already. A long reply comes in parts
 * (reply-parts.ts), on the port the request went on.
 */
import * as v from 'valibot';
import type { Runtime } from '../../shared/browser';
import { PortReplySchema, ReplyPartSchema, TakenFrameSchema } from '../../shared/messages/port';
import { TicketFrameSchema } from '../../shared/messages/relay';
import { createReplyParts } from './reply-parts';

/**
 * Sends one envelope; resolves with the background's reply, or undefined when none will come. `resent`: the request
 * was sent once already (on the relay) and lost before the background took it, so it is not sent again after this.
 */
export type PortRequest = (message: unknown, options?: { resent?: boolean }) => Promise<unknown>;

interface Waiting {
  message: unknown;
  port: Runtime.Port;
  settle: (reply: unknown) => void;
  /** The background said it has the request. */
  taken: boolean;
  /** Sent again already, on a port opened after the first closed. */
  resent: boolean;
}

/**
 * `onTicket` hears the relay ticket of each port the background gives one (src/shared/messages/relay.ts), and
 * `undefined` when that port closes, so the ticket is no longer good.
 */
export function createPortRequest(connect: () => Runtime.Port, onTicket?: (ticket: string | undefined) => void): PortRequest {
  let port: Runtime.Port | undefined;
  let nextId = 1;
  const pending = new Map<number, Waiting>();
  const parts = createReplyParts();

  function open(): Runtime.Port {
    const opened = connect();
    opened.onMessage.addListener((frame: unknown) => {
      const ticket = v.safeParse(TicketFrameSchema, frame);
      if (ticket.success) {
        if (port === opened) onTicket?.(ticket.output.relayTicket);
        return;
      }
      const taken = v.safeParse(TakenFrameSchema, frame);
      if (taken.success) {
        const waiting = pending.get(taken.output.id);
        if (waiting?.port === opened) waiting.taken = true;
        return;
      }
      const part = v.safeParse(ReplyPartSchema, frame);
      if (part.success) {
        const waiting = pending.get(part.output.id);
        if (waiting?.port !== opened) return;
        const joined = parts.take(part.output);
        // A series out of order is no reply: the page keeps its original, as with a request never answered.
        if (joined !== 'more') finish(part.output.id, waiting, joined === 'refused' ? undefined : joined.reply);
        return;
      }
      const parsed = v.safeParse(PortReplySchema, frame);
      const waiting = parsed.success ? pending.get(parsed.output.id) : undefined;
      if (!parsed.success || waiting?.port !== opened) return;
      finish(parsed.output.id, waiting, parsed.output.reply);
    });
    opened.onDisconnect.addListener(() => {
      if (port === opened) {
        port = undefined;
        onTicket?.(undefined);
      }
      for (const [id, waiting] of pending) {
        if (waiting.port !== opened) continue;
        if (waiting.taken || waiting.resent) finish(id, waiting, undefined);
        else {
          pending.delete(id);
          parts.forget(id);
          send(id, { ...waiting, resent: true });
        }
      }
    });
    return opened;
  }

  /** Request `id` is answered, or will not be: it is no longer waited for, nor any part of its reply kept. */
  function finish(id: number, waiting: Waiting, reply: unknown): void {
    pending.delete(id);
    parts.forget(id);
    waiting.settle(reply);
  }

  function send(id: number, waiting: Omit<Waiting, 'port' | 'taken'>): void {
    try {
      port ??= open();
      pending.set(id, { ...waiting, port, taken: false });
      port.postMessage({ id, message: waiting.message });
    } catch {
      // The extension is gone (updated or removed under the page): nothing will answer.
      pending.delete(id);
      port = undefined;
      waiting.settle(undefined);
    }
  }

  return (message, options) => new Promise((settle) => send(nextId++, { message, settle, resent: options?.resent ?? false }));
}
