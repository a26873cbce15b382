/**
 * The relay page (src/shared/messages/relay.ts): framed by a Web UI tab's bridge in Chrome, it passes that bridge's
 * decode and encode requests to the service worker and the replies back. It holds no secret, uses no extension API
 * and trusts nothing it is sent: it serves only a ticket the service worker confirms, carries only what has the shape
 * of a decode or encode request, and the service worker checks every request again as it checks the port's.
 */
import * as v from 'valibot';
import { RELAY_MAX_IN_FLIGHT, RelayCheckedSchema, RelayedRequestSchema, RelayOpenSchema, type RelayReply } from '../shared/messages/relay';

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
    if (typeof id !== 'number') return;
    const relayed = v.safeParse(RelayedRequestSchema, { relayTicket, request: event.data });
    const worker = navigator.serviceWorker.controller ?? registration.active;
    // No reply for what the relay will not carry, and the bridge asks over its port instead.
    if (!worker || !relayed.success) {
      bridge.postMessage({ id } satisfies RelayReply);
      return;
    }
    if (inFlight >= RELAY_MAX_IN_FLIGHT) {
      bridge.postMessage({ id, busy: true } satisfies RelayReply);
      return;
    }
    inFlight++;
    // What was checked is what is sent on: nothing beside the request's own fields.
    void askWorker(worker, relayed.output).then((reply) => {
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
        bridge.postMessage({ relayReady: false });
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
