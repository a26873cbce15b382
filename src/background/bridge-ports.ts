/**
 * The background's end of each Web UI tab's port (src/shared/messages/port.ts). A port is accepted only from the
 * bridge in a tab's top frame, as the browser stamps its sender; each request on it goes through the router with
 * that sender, exactly as a runtime message would, and its reply goes back on the same port, a long one in parts
 * (reply-frames.ts). Where the relay works (Chrome), the port is first told the ticket its relayed requests present,
 * good while the port is open.
 */
import * as v from 'valibot';
import type { Runtime } from '../shared/browser';
import type { Reply } from '../shared/messages/define';
import { BRIDGE_PORT, PortRequestSchema, type TakenFrame } from '../shared/messages/port';
import type { RelayTickets } from './relay';
import { replyFrames, type ReplyFrame } from './reply-frames';
import { classifySender, type Self } from './sender';

type Route = (message: unknown, sender: Runtime.MessageSender) => Promise<Reply<unknown>>;

export function serveBridgePorts(self: Self, route: Route, relay?: RelayTickets): (port: Runtime.Port) => void {
  return (port) => {
    const sender = port.sender;
    if (port.name !== BRIDGE_PORT || !sender || classifySender(sender, self)?.kind !== 'bridge') {
      port.disconnect();
      return;
    }
    if (relay) {
      const relayTicket = relay.issue(sender);
      port.onDisconnect.addListener(() => relay.revoke(relayTicket));
      port.postMessage({ relayTicket });
    }
    const post = (frame: ReplyFrame | TakenFrame): boolean => {
      try {
        port.postMessage(frame);
        return true;
      } catch {
        // The tab closed or navigated meanwhile: nobody is waiting for this frame.
        return false;
      }
    };
    port.onMessage.addListener((frame: unknown) => {
      const parsed = v.safeParse(PortRequestSchema, frame);
      if (!parsed.success) return;
      const { id, message } = parsed.output;
      post({ id, taken: true });
      void route(message, sender).then((reply) => {
        // A part that could not be posted has nobody to go to, and neither have the parts after it.
        for (const replyFrame of replyFrames(id, reply)) if (!post(replyFrame)) return;
      });
    });
  };
}
