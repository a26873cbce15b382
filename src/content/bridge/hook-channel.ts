/**
 * The bridge's side of the window channel: accepts only well-formed, bounded messages
 * from this window, and answers on the page's own origin.
 */
import * as v from 'valibot';
import type { Payload } from '../../core/payload';
import {
  BRIDGE_SOURCE,
  HOOK_SOURCE,
  MAX_MESSAGE_CHARS,
  MAX_PAYLOADS_PER_MESSAGE,
  type BridgeMessage,
} from '../../shared/page-protocol';

const text = v.pipe(v.string(), v.maxLength(MAX_MESSAGE_CHARS));
const HookMessageSchema = v.variant('type', [
  v.object({ source: v.literal(HOOK_SOURCE), type: v.literal('hello') }),
  v.object({ source: v.literal(HOOK_SOURCE), type: v.literal('seen'), namespace: v.pipe(v.string(), v.minLength(1), v.maxLength(1000)) }),
  v.object({
    source: v.literal(HOOK_SOURCE),
    type: v.picklist(['decode', 'encode']),
    id: v.number(),
    namespace: v.pipe(v.string(), v.minLength(1), v.maxLength(1000)),
    payloads: v.pipe(
      v.array(v.looseObject({ metadata: v.optional(v.record(v.string(), text)), data: v.optional(text) })),
      v.maxLength(MAX_PAYLOADS_PER_MESSAGE),
    ),
    where: v.pipe(v.array(v.pipe(v.string(), v.maxLength(2000))), v.maxLength(MAX_PAYLOADS_PER_MESSAGE)),
  }),
]);
export type ValidHookMessage = v.InferOutput<typeof HookMessageSchema>;

/** Rough size of a message, so one huge answer cannot tie up the background. */
function sizeOf(payloads: Payload[]): number {
  let size = 0;
  for (const payload of payloads) {
    size += payload.data?.length ?? 0;
    for (const value of Object.values(payload.metadata ?? {})) size += value.length;
  }
  return size;
}

export function listenToHook(win: Window, onMessage: (message: ValidHookMessage) => void): void {
  win.addEventListener('message', (event: MessageEvent) => {
    if (event.source !== win || (event.data as { source?: unknown } | null)?.source !== HOOK_SOURCE) return;
    const parsed = v.safeParse(HookMessageSchema, event.data);
    if (!parsed.success) return;
    if (parsed.output.type === 'decode' || parsed.output.type === 'encode') {
      const { payloads, where } = parsed.output;
      if (where.length !== payloads.length || sizeOf(payloads) > MAX_MESSAGE_CHARS) return;
    }
    onMessage(parsed.output);
  });
}

type WithoutSource<T> = T extends unknown ? Omit<T, 'source'> : never;

export function postToHook(win: Window, message: WithoutSource<BridgeMessage>): void {
  win.postMessage({ ...message, source: BRIDGE_SOURCE }, win.location.origin);
}
