/**
 * The window.postMessage protocol between the page hook (MAIN world) and the bridge
 * (ISOLATED world). Both ends check every message; the hook side stays free of
 * dependencies because it runs inside the page, on its hot path.
 */
import type { Payload } from '../core/payload';

export const HOOK_SOURCE = 'payload-lens:hook';
export const BRIDGE_SOURCE = 'payload-lens:bridge';

/** Hook → bridge. */
export type HookMessage =
  /** Sent at start; either side may load first, so both announce themselves. */
  | { source: typeof HOOK_SOURCE; type: 'hello' }
  /** The page called the API of a namespace (from the URL only; the answer is not read). */
  | { source: typeof HOOK_SOURCE; type: 'seen'; namespace: string }
  | { source: typeof HOOK_SOURCE; type: 'decode' | 'encode'; id: number; namespace: string; payloads: Payload[]; where: string[] };

/** Bridge → hook. */
export type BridgeMessage =
  /**
   * Namespaces whose answers the hook may read on this page. Empty means inert:
   * the origin is not enabled or no namespace has a rule.
   */
  | { source: typeof BRIDGE_SOURCE; type: 'ready'; namespaces: string[]; encode: string[] }
  /** One entry per payload sent: the decoded payload, or null to keep the original. */
  | { source: typeof BRIDGE_SOURCE; type: 'decoded'; id: number; results: Array<Payload | null> }
  /** One entry per payload sent: the encoded payload, or the sentence saying why not. */
  | { source: typeof BRIDGE_SOURCE; type: 'encoded'; id: number; results: EncodeOutcome[] };

export type EncodeOutcome = { ok: true; payload: Payload } | { ok: false; sentence: string };

/** Limits the bridge enforces on what the page may ask for, well above any real answer. */
export const MAX_PAYLOADS_PER_MESSAGE = 20_000;
export const MAX_MESSAGE_CHARS = 48 * 1024 * 1024;
