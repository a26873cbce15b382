/**
 * The page hook's side of the window.postMessage channel to the bridge. Messages are
 * posted to the page's own origin and accepted only from this window, so other frames
 * cannot speak for the bridge.
 */
import type { Payload } from '../../core/payload';
import { BRIDGE_SOURCE, HOOK_SOURCE, type BridgeMessage, type HookMessage } from '../../shared/page-protocol';

/** How long a first API answer waits for the bridge before passing through undecoded. */
const READY_TIMEOUT_MS = 3000;

export interface BridgeChannel {
  /** Namespaces to decode on this page; empty when the extension has nothing to do here. */
  namespaces(): Promise<ReadonlySet<string>>;
  seen(namespace: string): void;
  decode(namespace: string, payloads: Payload[], where: string[], timeoutMs: number): Promise<Array<Payload | null> | null>;
}

function isBridgeMessage(data: unknown): data is BridgeMessage {
  return typeof data === 'object' && data !== null && (data as { source?: unknown }).source === BRIDGE_SOURCE;
}

export function openBridgeChannel(win: Window): BridgeChannel {
  const post = (message: HookMessage) => win.postMessage(message, win.location.origin);
  const pending = new Map<number, (results: Array<Payload | null> | null) => void>();
  const seenNamespaces = new Set<string>();
  let nextId = 1;
  let current: ReadonlySet<string> | undefined;
  let markReady: (namespaces: ReadonlySet<string>) => void = () => {};
  const firstReady = new Promise<ReadonlySet<string>>((resolve) => {
    markReady = resolve;
    // Without a bridge (extension reloaded, page opened before install) the page works as if we were not here.
    setTimeout(() => resolve(current ?? new Set()), READY_TIMEOUT_MS);
  });

  win.addEventListener('message', (event: MessageEvent) => {
    if (event.source !== win || !isBridgeMessage(event.data)) return;
    const message = event.data;
    if (message.type === 'ready' && Array.isArray(message.namespaces)) {
      current = new Set(message.namespaces.filter((n): n is string => typeof n === 'string'));
      markReady(current);
    } else if (message.type === 'decoded' && typeof message.id === 'number') {
      const resolve = pending.get(message.id);
      pending.delete(message.id);
      resolve?.(Array.isArray(message.results) ? message.results : null);
    }
  });
  post({ source: HOOK_SOURCE, type: 'hello' });

  return {
    namespaces: () => (current ? Promise.resolve(current) : firstReady),
    seen(namespace) {
      if (seenNamespaces.has(namespace)) return;
      seenNamespaces.add(namespace);
      post({ source: HOOK_SOURCE, type: 'seen', namespace });
    },
    decode(namespace, payloads, where, timeoutMs) {
      const id = nextId++;
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve(null);
        }, timeoutMs);
        pending.set(id, (results) => {
          clearTimeout(timer);
          resolve(results && results.length === payloads.length ? results : null);
        });
        post({ source: HOOK_SOURCE, type: 'decode', id, namespace, payloads, where });
      });
    },
  };
}
