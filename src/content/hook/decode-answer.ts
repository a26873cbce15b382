/**
 * Decides whether an API answer is ours to touch and, if so, produces the same answer
 * with its payloads decoded. Anything unexpected keeps the original answer: the page
 * must never be worse off for the extension being there.
 */
import { applyResults, findPayloads } from '../../core/api-json-walker';
import { HOOK_WAIT_MS } from '../../core/deadlines';
import type { BridgeChannel } from './bridge-channel';
import { aboutPayloads } from './payload-about';
import { parseJson, wireBatch } from './wire-payload';

export function isJsonContentType(contentType: string | null): boolean {
  return /\bjson\b/i.test(contentType ?? '');
}

/** The answer parsed, with its payloads decoded in place; null to give the page the original. */
export async function decodeAnswer(channel: BridgeChannel, namespace: string, text: string): Promise<{ value: unknown } | null> {
  const parsed = parseJson(text);
  if (!parsed) return null;
  const slots = findPayloads(parsed.value);
  if (slots.length === 0) return null;
  const { payloads, where } = wireBatch(slots);
  const results = await channel.decode(namespace, payloads, where, HOOK_WAIT_MS);
  if (!results || results.every((result) => result === null)) return null;
  applyResults(parsed.value, slots, results);
  return parsed;
}

/**
 * Private view: the extension decodes the answer for its own panel, told which workflow and
 * event each payload belongs to; the page is not kept waiting, and nothing comes back to it.
 */
export function decodeForExtensionOnly(channel: BridgeChannel, namespace: string, text: string, url: string): void {
  const parsed = parseJson(text);
  if (!parsed) return;
  const slots = findPayloads(parsed.value);
  if (slots.length === 0) return;
  const { payloads, where } = wireBatch(slots);
  void channel.decode(namespace, payloads, where, HOOK_WAIT_MS, aboutPayloads(parsed.value, slots, url)).catch(() => null);
}
