/**
 * The window channel between the page hook (the page's own world) and the bridge (the
 * extension's isolated world in the same page). Both ends accept messages only from their
 * own window, posted to the page's own origin; requests to decode or encode and the replies
 * to them go as events on that window instead (window-events.ts), each of their packed texts
 * in an event of its own just before the fields below. The bridge validates what the hook sends
 * with these schemas; the page hook imports only the types (no validation library runs in
 * the page) and checks the few fields it reads.
 */
import * as v from 'valibot';
import { BRIDGE_SOURCE, HOOK_SOURCE, MESSAGE_LIMITS } from './limits';
import { NamespaceSchema, PackedTextsSchema, type WirePayload } from './payloads';

const hook = { source: v.literal(HOOK_SOURCE) };

/** Hook → bridge. */
export const HookSignalSchema = v.variant('type', [
  /** Sent at start; either side may load first, so both announce themselves. */
  v.strictObject({ ...hook, type: v.literal('hello') }),
  /** The page called the API of a namespace: what may the hook do with it? */
  v.strictObject({ ...hook, type: v.literal('plan?'), namespace: NamespaceSchema }),
]);
/**
 * Payloads of an API answer to decode, or of a request the page sends to encode, packed (packed.ts); answered by `id`.
 * The bridge relays the batch unread (the background checks it); `count` only feeds the chip's progress.
 */
export const HookRequestSchema = v.strictObject({
  ...hook,
  type: v.picklist(['decode', 'encode']),
  id: v.number(),
  namespace: NamespaceSchema,
  count: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MESSAGE_LIMITS.payloads)),
  batch: PackedTextsSchema,
});

export type HookSignal = v.InferOutput<typeof HookSignalSchema>;
export type HookRequest = v.InferOutput<typeof HookRequestSchema>;

export type EncodeOutcome = { ok: true; payload: WirePayload } | { ok: false; sentence: string };

/** Bridge → hook, posted. */
export type BridgeSignal =
  /** The bridge is here and asking the background about this page: the hook waits longer for `ready`. */
  | { source: typeof BRIDGE_SOURCE; type: 'starting' }
  /**
   * The extension works on this page (or not: the hook then stays inert). `unanswered`: the background did not say;
   * the hook then sends nothing it might have had to encode, and its next call has the bridge ask again.
   */
  | { source: typeof BRIDGE_SOURCE; type: 'ready'; active: boolean; unanswered?: true }
  /** `unanswered`: the background gave no plan (it failed); the hook then sends nothing it might have had to encode. */
  | { source: typeof BRIDGE_SOURCE; type: 'plan'; namespace: string; decode: boolean; encode: boolean; privateView: boolean; payloadsPerRequest: number; unanswered?: true }
  /** Settings changed: plans the hook holds are stale. */
  | { source: typeof BRIDGE_SOURCE; type: 'config-changed' };

/**
 * Bridge → hook, as an event (window-events.ts): the reply to request `id`, with the background's packed outcomes
 * (packed.ts), one per payload sent, in the texts dispatched before it; or the sentence saying why there are none; or
 * neither (refused as too large or malformed). Without outcomes the page keeps its original answer, and a request to
 * encode is not sent.
 */
export type BridgeReply = { type: 'decoded' | 'encoded'; id: number; failed?: string };

export { BRIDGE_SOURCE, HOOK_SOURCE, MESSAGE_LIMITS };
