/**
 * A payload as the hook hands it on: only `metadata`, `data` and `externalPayloads` (each
 * reference's size only), whatever else the API answer put beside them. The page decides
 * what an answer holds; it does not decide how much or how deep the extension reads.
 */
import type { PayloadSlot } from '../../core/api-json-walker';
import type { Payload } from '../../core/payload';
import { MESSAGE_LIMITS } from '../../shared/messages/limits';
import { standInFor, withinPayloadLimits } from '../../shared/messages/over-limits';
import type { WirePayload } from '../../shared/messages/payloads';

/** The payload as it goes to the background, or the stand-in for one beyond what a message carries of one. */
export function toWirePayload(payload: Payload): WirePayload {
  const wire = wireFields(payload);
  return withinPayloadLimits(wire) ? wire : standInFor(payload);
}

function wireFields(payload: Payload): WirePayload {
  const wire: WirePayload = {};
  if (payload.metadata !== undefined) wire.metadata = payload.metadata;
  if (typeof payload.data === 'string') wire.data = payload.data;
  const external = payload['externalPayloads'];
  if (Array.isArray(external)) {
    wire.externalPayloads = external.map((item) => {
      const size = (item as { sizeBytes?: unknown } | null)?.sizeBytes;
      return typeof size === 'string' || typeof size === 'number' ? { sizeBytes: size } : {};
    });
  }
  return wire;
}

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
