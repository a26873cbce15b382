/**
 * A payload beyond what one message carries of one, and what stands in for it. Free of dependencies but the limits
 * and the Payload's own light module: the page hook imports it.
 */
import { payloadFingerprint, type Payload } from '../../core/payload';
import { MESSAGE_LIMITS } from './limits';
import type { WirePayload } from './payloads';

export type OverLimitsStandIn = {
  overLimits: true;
  /** The payload's payloadFingerprint: the tab's tally counts it once wherever it appears, as it counts a payload. */
  fingerprint: string;
};

/**
 * What the page hook sends in place of a payload with more metadata entries or external references, or longer names
 * or sizes, than a message carries of one: else the background would refuse the whole batch, every payload of the
 * answer with it, and nobody would hear why. The background fails the stand-in alone, with its own sentence.
 */
export const standInFor = (payload: Payload): OverLimitsStandIn => ({ overLimits: true, fingerprint: payloadFingerprint(payload) });

export const isOverLimits = (payload: object): boolean => (payload as { overLimits?: unknown }).overLimits === true;

/**
 * What tells a payload of a batch from the others in the tab's tally, which counts each once wherever it appears: its
 * payloadFingerprint, or for a stand-in the fingerprint of the payload it stands for (by its place, from a page that
 * gave none). The background tells apart what it answered, and the bridge what it answered for itself, alike.
 */
export function countedAs(payload: object, where: string | undefined, index: number): string {
  if (!isOverLimits(payload)) return payloadFingerprint(payload as Payload);
  const { fingerprint } = payload as { fingerprint?: unknown };
  return `over-limits ${typeof fingerprint === 'string' ? fingerprint : (where ?? index)}`;
}

/** Whether a payload is within what a message carries of one (PayloadSchema's bounds on each payload). */
export function withinPayloadLimits(payload: { metadata?: Record<string, string> | undefined; externalPayloads?: ReadonlyArray<{ sizeBytes?: string | number | undefined }> | undefined }): boolean {
  const names = Object.keys(payload.metadata ?? {});
  if (names.length > MESSAGE_LIMITS.metadataEntries || names.some((name) => name.length > MESSAGE_LIMITS.metadataNameChars)) return false;
  const external = payload.externalPayloads ?? [];
  return external.length <= MESSAGE_LIMITS.externalPayloads && external.every(({ sizeBytes }) => typeof sizeBytes !== 'string' || sizeBytes.length <= MESSAGE_LIMITS.sizeBytesChars);
}

/**
 * A payload as a message carries it: only `metadata`, `data` and `externalPayloads` (each reference's size only),
 * whatever else the API answer or file put beside them; or its stand-in when it is beyond what a message carries of one.
 */
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
