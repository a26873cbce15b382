/**
 * What the hook hands on of an answer or a request: its payloads as a message carries them (toWirePayload,
 * over-limits.ts), whatever else the API answer put beside them. The page decides what an answer holds; it does not
 * decide how much or how deep the extension reads.
 */
import type { PayloadSlot } from '../../core/api-json-walker';
import { MESSAGE_LIMITS } from '../../shared/messages/limits';
import { toWirePayload } from '../../shared/messages/over-limits';
import type { WirePayload } from '../../shared/messages/payloads';

/**
 * What one request to the bridge carries for a list of found payloads: each payload, and where it sits, cut to what a
 * message carries (it only names the payload in a failure's sentence; a deep chain of failures' causes runs longer).
 */
export function wireBatch(slots: readonly PayloadSlot[]): { payloads: WirePayload[]; where: string[] } {
  return { payloads: slots.map((slot) => toWirePayload(slot.payload)), where: slots.map((slot) => slot.path.slice(0, MESSAGE_LIMITS.whereChars)) };
}

/** The parsed JSON body of an answer or request; undefined when it is not JSON (the hook then leaves it alone). */
export function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}
