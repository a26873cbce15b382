/** Two ends of a runtime port, as the browser connects them: what one end posts, the other receives (a copy, later). */
import type { Runtime } from '../browser';

type Listener<A extends unknown[]> = (...args: A) => void;

function event<A extends unknown[]>() {
  const listeners = new Set<Listener<A>>();
  return {
    api: { addListener: (l: Listener<A>) => void listeners.add(l), removeListener: (l: Listener<A>) => void listeners.delete(l), hasListener: (l: Listener<A>) => listeners.has(l), hasListeners: () => listeners.size > 0 },
    fire: (...args: A) => listeners.forEach((l) => l(...args)),
  };
}

export interface PortPair {
  /** The end that called connect(). */
  near: Runtime.Port;
  /** The end the background's onConnect gets, with the browser-stamped sender. */
  far: Runtime.Port;
  /** Frames posted by each end, in order. */
  posted: { near: unknown[]; far: unknown[] };
}

export function portPair(name: string, sender: Runtime.MessageSender): PortPair {
  const posted = { near: [] as unknown[], far: [] as unknown[] };
  let open = true;
  const messages = { near: event<[unknown, Runtime.Port]>(), far: event<[unknown, Runtime.Port]>() };
  const disconnects = { near: event<[Runtime.Port]>(), far: event<[Runtime.Port]>() };
  const end = (me: 'near' | 'far', other: 'near' | 'far', stamped?: Runtime.MessageSender): Runtime.Port => {
    const port: Runtime.Port = {
      name,
      ...(stamped ? { sender: stamped } : {}),
      onMessage: messages[me].api,
      onDisconnect: disconnects[me].api,
      postMessage(message: unknown) {
        if (!open) throw new Error('Attempting to use a disconnected port object');
        posted[me].push(message);
        const copy = structuredClone(message);
        queueMicrotask(() => open && messages[other].fire(copy, ports[other]));
      },
      disconnect() {
        if (!open) return;
        open = false;
        // As in browsers, only the other end hears of it.
        queueMicrotask(() => disconnects[other].fire(ports[other]));
      },
    } as Runtime.Port;
    return port;
  };
  const ports = { near: end('near', 'far'), far: end('far', 'near', sender) };
  return { near: ports.near, far: ports.far, posted };
}
