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

/**
 * Ports open at once from one tab. Its bridge keeps one, and opens another only once that one closed (a page loaded
 * anew, the background stopped); a page whose renderer is compromised could open thousands, each holding a relay
 * ticket and channel. Past this the oldest is closed: it is no longer the page's.
 */
export const MAX_BRIDGE_PORTS_PER_TAB = 4;

interface OpenPort {
  port: Runtime.Port;
  /** What closing it from this end must undo: the browser tells only the other end. */
  release: () => void;
}

export function serveBridgePorts(self: Self, route: Route, relay?: RelayTickets): (port: Runtime.Port) => void {
  const openPorts = new Map<number, OpenPort[]>();

  function admit(tabId: number, opened: OpenPort): void {
    const ofTab = openPorts.get(tabId) ?? [];
    ofTab.push(opened);
    openPorts.set(tabId, ofTab);
    opened.port.onDisconnect.addListener(() => {
      const left = (openPorts.get(tabId) ?? []).filter((open) => open !== opened);
      if (left.length > 0) openPorts.set(tabId, left);
      else openPorts.delete(tabId);
    });
    for (const oldest of ofTab.splice(0, Math.max(0, ofTab.length - MAX_BRIDGE_PORTS_PER_TAB))) {
      oldest.port.disconnect();
      oldest.release();
    }
  }

  return (port) => {
    const sender = port.sender;
    const caller = sender && classifySender(sender, self);
    if (port.name !== BRIDGE_PORT || !sender || caller?.kind !== 'bridge') {
      port.disconnect();
      return;
    }
    let release = () => {};
    if (relay) {
      const relayTicket = relay.issue(sender);
      release = () => relay.revoke(relayTicket);
      port.onDisconnect.addListener(release);
      port.postMessage({ relayTicket });
    }
    admit(caller.tabId, { port, release });
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
