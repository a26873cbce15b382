/**
 * The relay page (src/shared/messages/relay.ts): framed by a Web UI tab's bridge in Chrome, it passes that bridge's
 * decode and encode requests to the service worker and the replies back. It holds no secret, uses no extension API
 * and trusts nothing it is sent: it serves only a ticket the service worker confirms, carries only what has the shape
 * of a decode or encode request, and the service worker checks every request again as it checks the port's.
 */
import * as v from 'valibot';
import type { PortReply } from '../shared/messages/port';
import { RELAY_MAX_IN_FLIGHT, RelayCheckedSchema, RelayedRequestSchema, RelayOpenSchema } from '../shared/messages/relay';

/** Posts `message` to the service worker with a port of its own, and resolves with what comes back on it. */
function askWorker(worker: ServiceWorker, message: unknown): Promise<unknown> {
  const channel = new MessageChannel();
  return new Promise((resolve) => {
    channel.port1.onmessage = (answer: MessageEvent<unknown>) => {
      channel.port1.close();
      resolve(answer.data);
    };
    worker.postMessage(message, [channel.port2]);
  });
}

function serve(bridge: MessagePort, relayTicket: string, registration: ServiceWorkerRegistration): void {
  let inFlight = 0;
  bridge.onmessage = (event: MessageEvent<unknown>) => {
    const id = (event.data as { id?: unknown } | null)?.id;
    const relayed = { relayTicket, request: event.data };
    const worker = navigator.serviceWorker.controller ?? registration.active;
    if (typeof id !== 'number') return;
    // Nothing comes back for what the relay will not carry, and the bridge asks over its port instead.
    if (!worker || inFlight >= RELAY_MAX_IN_FLIGHT || !v.is(RelayedRequestSchema, relayed)) {
      bridge.postMessage({ id, reply: undefined } satisfies PortReply);
      return;
    }
    inFlight++;
    void askWorker(worker, relayed).then((reply) => {
      inFlight--;
      bridge.postMessage(reply);
    });
  };
}

function listenForBridge(): void {
  const opened = (event: MessageEvent<unknown>) => {
    const [bridge] = event.ports;
    const open = v.safeParse(RelayOpenSchema, event.data);
    // Only the bridge that framed the relay: it alone knows the nonce in this page's address.
    if (event.source !== window.parent || !bridge || !open.success || location.hash !== `#${open.output.nonce}`) return;
    window.removeEventListener('message', opened);
    const { relayTicket } = open.output;
    void navigator.serviceWorker.ready.then(async (registration) => {
      const worker = navigator.serviceWorker.controller ?? registration.active;
      const checked = worker ? await askWorker(worker, { relayTicket }) : undefined;
      if (!v.is(RelayCheckedSchema, checked) || !checked.known) {
        bridge.close();
        return;
      }
      serve(bridge, relayTicket, registration);
      bridge.postMessage({ relayReady: true });
    });
  };
  window.addEventListener('message', opened);
}

listenForBridge();
