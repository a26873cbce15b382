/**
 * The bridge's side of the window channel: accepts only well-formed, bounded messages from
 * this window (the catalogue's schemas), and answers on the page's own origin.
 */
import * as v from 'valibot';
import { BRIDGE_SOURCE, HOOK_SOURCE } from '../../shared/messages/limits';
import { PackedBatchSchema } from '../../shared/messages/payloads';
import { HookRequestSchema, HookSignalSchema, type BridgeMessage, type HookRequest, type HookSignal } from '../../shared/messages/window';

/** A request the bridge will not relay; answered at once so the page does not wait for a timeout. */
export interface RefusedRequest {
  id: number;
  type: 'decode' | 'encode';
}

export interface HookListener {
  onSignal(message: HookSignal): void;
  onRequest(message: HookRequest): void;
  /** Too large or malformed: an empty answer tells the hook at once to keep the page's original. */
  onRefused(request: RefusedRequest): void;
}

export function listenToHook(win: Window, listener: HookListener): void {
  win.addEventListener('message', (event: MessageEvent) => {
    const data = event.data as { source?: unknown; type?: unknown; id?: unknown } | null;
    if (event.source !== win || data?.source !== HOOK_SOURCE) return;
    if (data.type === 'decode' || data.type === 'encode') {
      const parsed = v.safeParse(HookRequestSchema, data);
      // The batch is checked here too, though the background checks it again: what a hostile page sends then costs its
      // own renderer, not the background every tab shares.
      if (parsed.success && v.safeParse(PackedBatchSchema, { namespace: parsed.output.namespace, batch: parsed.output.batch }, { abortEarly: true }).success) listener.onRequest(parsed.output);
      else if (typeof data.id === 'number') listener.onRefused({ id: data.id, type: data.type });
      return;
    }
    const parsed = v.safeParse(HookSignalSchema, data);
    if (parsed.success) listener.onSignal(parsed.output);
  });
}

type WithoutSource<T> = T extends unknown ? Omit<T, 'source'> : never;

export function postToHook(win: Window, message: WithoutSource<BridgeMessage>): void {
  win.postMessage({ ...message, source: BRIDGE_SOURCE }, win.location.origin);
}
