/**
 * What the bridge tells the background of payloads it answered for itself (src/shared/messages/unanswered.ts): each
 * told apart as the background tells the payloads it counts (history and history-reverse bring the same ones), with
 * where it sits in its answer, so that the tab's tally counts each once whichever of the two saw it.
 */
import { fingerprintOf } from '../../core/fingerprint';
import { TALLY_LIMITS } from '../../core/tab-tally';
import { MESSAGE_LIMITS } from '../../shared/messages/limits';
import { charsOf, unpackBatch } from '../../shared/messages/packed';
import { countedAs } from '../../shared/messages/over-limits';
import type { Unanswered } from '../../shared/messages/unanswered';

/**
 * A refused batch is read to tell its payloads apart only up to this length: a batch past the tab's share can run to
 * tens of megabytes, and reading it would cost the page's own thread what the share spared the background. Longer, or
 * not readable, its payloads are counted by the number the hook gave.
 */
export const PLACES_READ_CHARS = 8 * 1024 * 1024;

/** The batch if it is to be read, else undefined: what is worth keeping of it until the report is made. */
export const readableBatch = (batch: readonly string[]): readonly string[] | undefined => (charsOf(batch) > PLACES_READ_CHARS ? undefined : batch);

/** The payloads a packed batch (packed.ts) holds, as the tally tells them apart, or undefined when they cannot be read. */
function payloadsIn(batch: readonly string[] | undefined, count: number): Unanswered['payloads'] | undefined {
  if (batch === undefined) return undefined;
  try {
    const unpacked = unpackBatch(batch, count);
    if ('refused' in unpacked || unpacked.payloads.length !== count || unpacked.where.length !== count) return undefined;
    const { payloads, where } = unpacked;
    return payloads.map((payload: unknown, index) => {
      const place = typeof where[index] === 'string' ? where[index] : undefined;
      const told = countedAs(typeof payload === 'object' && payload !== null ? payload : {}, place, index);
      return { fingerprint: fingerprintOf(told), where: (place ?? '').slice(0, TALLY_LIMITS.whereChars) };
    });
  } catch {
    return undefined;
  }
}

/** `count` payloads of `namespace`, packed in `batch` (as readableBatch gave it), left encrypted for `kind`. */
export function unansweredReport(namespace: string, batch: readonly string[] | undefined, count: number, kind: Unanswered['kind']): Unanswered {
  const payloads = payloadsIn(batch, count);
  return { namespace, kind, payloads: payloads ?? [], unread: payloads ? 0 : Math.min(count, MESSAGE_LIMITS.payloads) };
}
