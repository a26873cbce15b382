/**
 * The bridge's side of the window channel: accepts only well-formed, bounded messages from
 * this window (the catalogue's schemas), and answers on the page's own origin; requests to
 * decode or encode, and the replies to them, go as events on this window (window-events.ts).
 * A request's batch is relayed as it came, for the background to check.
 */
import * as v from 'valibot';
import { BRIDGE_SOURCE, HOOK_SOURCE } from '../../shared/messages/limits';
import { HookRequestSchema, HookSignalSchema, type BridgeReply, type BridgeSignal, type HookRequest, type HookSignal } from '../../shared/messages/window';
import { BRIDGE_PRESENCE_EVENT, BRIDGE_REPLY_EVENT, dispatchFramed, HOOK_REQUEST_EVENT, listenFramed, REQUEST_FIELDS_MAX_CHARS } from '../../shared/messages/window-events';

/** A request the bridge will not relay; answered at once so the page does not wait for a timeout. */
export interface RefusedRequest {
  id: number;
  type: 'decode' | 'encode';
}

export interface HookListener {
  onSignal(message: HookSignal): void;
  onRequest(message: HookRequest): void;
  /** Fields malformed, or a batch too long: an empty answer tells the hook at once to keep the page's original. */
  onRefused(request: RefusedRequest): void;
}

export function listenToHook(win: Window, listener: HookListener): void {
  win.addEventListener('message', (event: MessageEvent) => {
    const data = event.data as { source?: unknown } | null;
    if (event.source !== win || data?.source !== HOOK_SOURCE) return;
    const parsed = v.safeParse(HookSignalSchema, data);
    if (parsed.success) listener.onSignal(parsed.output);
  });
  listenFramed(
    win,
    HOOK_REQUEST_EVENT,
    (read, batch) => {
      const fields = read as { type?: unknown; id?: unknown } | null;
      if (typeof fields !== 'object' || fields === null || (fields.type !== 'decode' && fields.type !== 'encode')) return;
      // The batch is relayed unread: the background bounds its structure before parsing it, and checks it as strictly
      // as any message (PackedBatchSchema). Reading it here too took a fifth of what decoding added to an answer.
      const parsed = v.safeParse(HookRequestSchema, { ...fields, source: HOOK_SOURCE, batch });
      if (parsed.success) listener.onRequest(parsed.output);
      else if (typeof fields.id === 'number') listener.onRefused({ id: fields.id, type: fields.type });
    },
    REQUEST_FIELDS_MAX_CHARS,
  );
}

/** Cancels the hook's presence event while `present()` holds, so the hook knows the extension is still there. */
export function answerPresence(win: Window, present: () => boolean): void {
  win.addEventListener(BRIDGE_PRESENCE_EVENT, (event: Event) => {
    if (present()) event.preventDefault();
  });
}

type WithoutSource<T> = T extends unknown ? Omit<T, 'source'> : never;

export function postToHook(win: Window, message: WithoutSource<BridgeSignal>): void {
  win.postMessage({ ...message, source: BRIDGE_SOURCE }, win.location.origin);
}

/** The reply to a request to decode or encode, with the background's packed outcomes if there are any. */
export function replyToHook(win: Window, reply: BridgeReply, outcomes?: readonly string[]): void {
  dispatchFramed(win, BRIDGE_REPLY_EVENT, reply, outcomes);
}
