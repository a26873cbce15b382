/**
 * Decides whether an API answer is ours to touch and, if so, produces the same answer
 * with its payloads decoded. Anything unexpected keeps the original answer: the page
 * must never be worse off for the extension being there.
 */
import { parseApiRoute } from '../../core/api-route';
import { applyResults, findPayloads } from '../../core/walker';
import type { BridgeChannel } from './bridge-channel';

/** Longer than the codec client's own 15 s timeout, so its error reaches the status first. */
export const DECODE_TIMEOUT_MS = 20_000;

/** The namespace this API URL belongs to if it is in `wanted`; otherwise the call stays unread. */
export function namespaceIn(channel: BridgeChannel, url: string, wanted: ReadonlySet<string>): string | undefined {
  const route = parseApiRoute(url);
  if (!route) return undefined;
  channel.seen(route.namespace);
  return wanted.has(route.namespace) ? route.namespace : undefined;
}

export function isJsonContentType(contentType: string | null): boolean {
  return /\bjson\b/i.test(contentType ?? '');
}

/** The decoded answer text, or null to give the page the original. */
export async function decodeAnswerText(channel: BridgeChannel, namespace: string, text: string): Promise<string | null> {
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    return null;
  }
  const slots = findPayloads(answer);
  if (slots.length === 0) return null;
  const results = await channel.decode(
    namespace,
    slots.map((slot) => slot.payload),
    slots.map((slot) => slot.path),
    DECODE_TIMEOUT_MS,
  );
  if (!results || results.every((result) => result === null)) return null;
  applyResults(answer, slots, results);
  return JSON.stringify(answer);
}
