/**
 * Decides whether an API answer is ours to touch and, if so, produces the same answer
 * with its payloads decoded. Anything unexpected keeps the original answer: the page
 * must never be worse off for the extension being there.
 */
import { applyResults, findPayloads } from '../../core/api-json-walker';
import { HOOK_WAIT_MS } from '../../core/deadlines';
import type { BridgeChannel } from './bridge-channel';
import { toWirePayload } from './wire-payload';

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
    slots.map((slot) => toWirePayload(slot.payload)),
    slots.map((slot) => slot.path),
    HOOK_WAIT_MS,
  );
  if (!results || results.every((result) => result === null)) return null;
  applyResults(answer, slots, results);
  return JSON.stringify(answer);
}

/** Private view: the extension decodes the answer for its own panel; the page is not kept waiting for it. */
export function decodeForExtensionOnly(channel: BridgeChannel, namespace: string, text: string): void {
  void decodeAnswerText(channel, namespace, text).catch(() => null);
}
