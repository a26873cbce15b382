/**
 * What this page decoded, counted by distinct payload (history and history-reverse carry
 * the same ones), and what is still on its way, for the chip.
 */
import { payloadFingerprint, type Payload } from '../../core/payload';
import type { ChipFailure, ChipStatus } from './status-chip';

const MAX_LISTED_FAILURES = 50;

export function createPageStatus() {
  const decoded = new Set<string>();
  const failed = new Set<string>();
  let failures: ChipFailure[] = [];
  let pending = 0;
  const snapshot = (): ChipStatus => ({ pending, decoded: decoded.size, failed: failed.size, failures });
  return {
    /** Payloads sent off for decoding; `record` (or `abandon`) takes them back off. */
    start(count: number): ChipStatus {
      pending += count;
      return snapshot();
    },
    abandon(count: number): ChipStatus {
      pending = Math.max(0, pending - count);
      return snapshot();
    },
    /** Adds one call's results; `countDecoded` is false for encoding, which decodes nothing. */
    record(payloads: Payload[], results: Array<{ ok: boolean; sentence?: string }>, where: string[], countDecoded: boolean): ChipStatus {
      if (countDecoded) pending = Math.max(0, pending - payloads.length);
      results.forEach((result, index) => {
        const fingerprint = payloadFingerprint(payloads[index] ?? {});
        if (result.ok) {
          if (countDecoded) decoded.add(fingerprint);
        } else if (!failed.has(fingerprint)) {
          failed.add(fingerprint);
          failures.push({ where: where[index] ?? '', sentence: result.sentence ?? '' });
        }
      });
      failures = failures.slice(-MAX_LISTED_FAILURES);
      return snapshot();
    },
  };
}
