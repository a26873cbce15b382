/**
 * The relay page (src/shared/messages/relay.ts): framed by a Web UI tab's bridge in Chrome, it passes that bridge's
 * decode and encode requests to the service worker and the replies back. It holds no secret, uses no extension API
 * and trusts nothing it is sent: the service worker answers only requests that present a ticket it issued.
 */
import * as v from 'valibot';
import { PortRequestSchema, type PortReply } from '../shared/messages/port';
import { RELAYED_CHARS_LIMIT, RELAYED_TYPES, RelayOpenSchema, relayedChars } from '../shared/messages/relay';

function serve(bridge: MessagePort, relayTicket: string, registration: ServiceWorkerRegistration): void {
  bridge.onmessage = (event: MessageEvent<unknown>) => {
    const parsed = v.safeParse(PortRequestSchema, event.data);
    if (!parsed.success) return;
    const request = parsed.output;
    const type = (request.message as { type?: unknown } | null)?.type;
    const worker = navigator.serviceWorker.controller ?? registration.active;
    // Nothing comes back for what the relay will not carry, and the bridge asks over its port instead.
    if (!worker || typeof type !== 'string' || !RELAYED_TYPES.has(type) || relayedChars(request.message) > RELAYED_CHARS_LIMIT) {
      bridge.postMessage({ id: request.id, reply: undefined } satisfies PortReply);
      return;
    }
    const reply = new MessageChannel();
    reply.port1.onmessage = (answer: MessageEvent<unknown>) => {
      bridge.postMessage(answer.data);
      reply.port1.close();
    };
    worker.postMessage({ relayTicket, request }, [reply.port2]);
  };
}

function listenForBridge(): void {
  const opened = (event: MessageEvent<unknown>) => {
    const [bridge] = event.ports;
    const open = v.safeParse(RelayOpenSchema, event.data);
    // Only the page that framed the relay, and only once.
    if (event.source !== window.parent || !bridge || !open.success) return;
    window.removeEventListener('message', opened);
    void navigator.serviceWorker.ready.then((registration) => {
      serve(bridge, open.output.relayTicket, registration);
      bridge.postMessage({ relayReady: true });
    });
  };
  window.addEventListener('message', opened);
}

listenForBridge();
