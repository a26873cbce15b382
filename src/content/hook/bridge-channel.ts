/**
 * The page hook's side of the window.postMessage channel to the bridge. Messages are
 * posted to the page's own origin and accepted only from this window, so other frames
 * cannot speak for the bridge.
 */
import type { Payload } from '../../core/payload';
import { BRIDGE_SOURCE, HOOK_SOURCE, type BridgeMessage, type EncodeOutcome, type HookMessage } from '../../shared/window-messages';

/** How long a first API call waits for the bridge before passing through untouched. */
const READY_TIMEOUT_MS = 3000;

export interface PageConfig {
  /** Namespaces whose answers are decoded on this page; empty when the extension has nothing to do here. */
  decode: ReadonlySet<string>;
  /** Namespaces whose outgoing payloads are encoded. */
  encode: ReadonlySet<string>;
}

export interface BridgeChannel {
  config(): Promise<PageConfig>;
  /** The configuration if the bridge has already spoken, without waiting. */
  currentConfig(): PageConfig | undefined;
  seen(namespace: string): void;
  decode(namespace: string, payloads: Payload[], where: string[], timeoutMs: number): Promise<Array<Payload | null> | null>;
  encode(namespace: string, payloads: Payload[], where: string[], timeoutMs: number): Promise<EncodeOutcome[] | null>;
}

const INERT: PageConfig = { decode: new Set(), encode: new Set() };

function isBridgeMessage(data: unknown): data is BridgeMessage {
  return typeof data === 'object' && data !== null && (data as { source?: unknown }).source === BRIDGE_SOURCE;
}

const strings = (list: unknown): Set<string> => new Set(Array.isArray(list) ? list.filter((n): n is string => typeof n === 'string') : []);

export function openBridgeChannel(win: Window): BridgeChannel {
  const post = (message: HookMessage) => win.postMessage(message, win.location.origin);
  const pending = new Map<number, (results: unknown[] | null) => void>();
  const seenNamespaces = new Set<string>();
  let nextId = 1;
  let current: PageConfig | undefined;
  let markReady: (config: PageConfig) => void = () => {};
  const firstReady = new Promise<PageConfig>((resolve) => {
    markReady = resolve;
    // Without a bridge (extension reloaded, page opened before install) the page works as if we were not here.
    setTimeout(() => resolve(current ?? INERT), READY_TIMEOUT_MS);
  });

  win.addEventListener('message', (event: MessageEvent) => {
    if (event.source !== win || !isBridgeMessage(event.data)) return;
    const message = event.data;
    if (message.type === 'ready') {
      current = { decode: strings(message.namespaces), encode: strings(message.encode) };
      markReady(current);
    } else if ((message.type === 'decoded' || message.type === 'encoded') && typeof message.id === 'number') {
      const resolve = pending.get(message.id);
      pending.delete(message.id);
      resolve?.(Array.isArray(message.results) ? message.results : null);
    }
  });
  post({ source: HOOK_SOURCE, type: 'hello' });

  function ask(type: 'decode' | 'encode', namespace: string, payloads: Payload[], where: string[], timeoutMs: number): Promise<unknown[] | null> {
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
      post({ source: HOOK_SOURCE, type, id, namespace, payloads, where });
    });
  }

  return {
    config: () => (current ? Promise.resolve(current) : firstReady),
    currentConfig: () => current,
    seen(namespace) {
      if (seenNamespaces.has(namespace)) return;
      seenNamespaces.add(namespace);
      post({ source: HOOK_SOURCE, type: 'seen', namespace });
    },
    decode: (namespace, payloads, where, timeoutMs) => ask('decode', namespace, payloads, where, timeoutMs) as Promise<Array<Payload | null> | null>,
    encode: (namespace, payloads, where, timeoutMs) => ask('encode', namespace, payloads, where, timeoutMs) as Promise<EncodeOutcome[] | null>,
  };
}
