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
} from '../../shared/window-messages';

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

/** Size of a message's payloads, every field counted, so one huge answer cannot tie up the background. */
function sizeOf(payloads: Payload[]): number {
  let size = 0;
  for (const payload of payloads) {
    for (const [key, value] of Object.entries(payload)) size += key.length + (typeof value === 'string' ? value.length : JSON.stringify(value ?? null).length);
  }
  return size;
}

/** A request the bridge will not relay; answered at once so the page does not wait for a timeout. */
export interface RefusedRequest {
  id: number;
  type: 'decode' | 'encode';
}

function refusedRequest(data: unknown): RefusedRequest | undefined {
  const { id, type } = data as { id?: unknown; type?: unknown };
  return typeof id === 'number' && (type === 'decode' || type === 'encode') ? { id, type } : undefined;
}

export function listenToHook(win: Window, onMessage: (message: ValidHookMessage) => void, onRefused: (request: RefusedRequest) => void): void {
  win.addEventListener('message', (event: MessageEvent) => {
    if (event.source !== win || (event.data as { source?: unknown } | null)?.source !== HOOK_SOURCE) return;
    const parsed = v.safeParse(HookMessageSchema, event.data);
    const valid =
      parsed.success &&
      (parsed.output.type === 'hello' || parsed.output.type === 'seen' || (parsed.output.where.length === parsed.output.payloads.length && sizeOf(parsed.output.payloads) <= MAX_MESSAGE_CHARS));
    if (valid) {
      onMessage(parsed.output);
      return;
    }
    const refused = refusedRequest(event.data);
    if (refused) onRefused(refused);
  });
}

type WithoutSource<T> = T extends unknown ? Omit<T, 'source'> : never;

export function postToHook(win: Window, message: WithoutSource<BridgeMessage>): void {
  win.postMessage({ ...message, source: BRIDGE_SOURCE }, win.location.origin);
}
