/**
 * The relay page (src/shared/messages/relay.ts): framed by a Web UI tab's bridge in Chrome, it hands that bridge's
 * end of a MessageChannel on to the service worker with the bridge's ticket, and is done. It holds no secret, reads
 * nothing the channel carries and uses no extension API; the service worker decides whether to take the channel.
 */
import * as v from 'valibot';
import { RelayOpenSchema, type RelayReadySchema } from '../shared/messages/relay';

function refuse(bridge: MessagePort): void {
  bridge.postMessage({ relayReady: false } satisfies v.InferOutput<typeof RelayReadySchema>);
  bridge.close();
}

function listenForBridge(): void {
  const opened = (event: MessageEvent<unknown>) => {
    const [bridge] = event.ports;
    const open = v.safeParse(RelayOpenSchema, event.data);
    // Only the bridge that framed the relay: it alone knows the nonce in this page's address.
    if (event.source !== window.parent || !bridge || !open.success || location.hash !== `#${open.output.nonce}`) return;
    window.removeEventListener('message', opened);
    const { relayTicket } = open.output;
    void navigator.serviceWorker.ready.then((registration) => {
      const worker = navigator.serviceWorker.controller ?? registration.active;
      if (!worker) return refuse(bridge);
      try {
        // Posted as a message event, which starts the service worker if it is stopped; it answers on `bridge`.
        worker.postMessage({ relayTicket }, [bridge]);
      } catch {
        refuse(bridge);
      }
    });
  };
  window.addEventListener('message', opened);
}

listenForBridge();
