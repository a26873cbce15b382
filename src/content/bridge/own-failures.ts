/**
 * Payloads the bridge answered for itself: past the tab's share of the background (too busy), or asked of a
 * background that never answered (stopped under the request, or its answer lost). The background's tally, which the
 * status chip shows, did not count them, so the page would keep them encrypted with no reason given; the chip adds
 * them to the tally it shows. Kept for the page's life, as the page's tally is, and each payload counted once, told
 * apart as the background tells them (history and history-reverse bring the same ones). The popup and the badge show
 * the background's tally alone.
 *
 * An answer lost after the background counted it (its parts out of order, or the relay's wait over while the
 * background still worked) is counted here too: the page did not get those payloads decoded, whatever the background
 * counted, and the background answers well within the page's wait, so it is rare.
 */
import { TALLY_LIMITS, fingerprintOf, type FailureGroup, type PageTally } from '../../core/tab-tally';
import { countedAs } from '../../shared/messages/over-limits';

/**
 * A refused batch is read to tell its payloads apart only up to this length: a batch past the tab's share can run to
 * tens of megabytes, and reading it would cost the page's own thread what the share spared the background. Longer, or
 * not readable, its payloads are counted by the number the hook gave, without their places.
 */
export const PLACES_READ_CHARS = 8 * 1024 * 1024;
/** Reasons listed, as the background lists at most its newest failures. */
const GROUPS_KEPT = 10;

export interface OwnFailures {
  /**
   * `count` payloads of `namespace`, packed in `batch` (packed.ts), failed for `sentence` without the background;
   * `batch` as readableBatch gave it.
   */
  add(namespace: string, batch: string | undefined, count: number, sentence: string): void;
  /** The background's tally with these failures added, a reason both give on one line. */
  over(tally: PageTally): PageTally;
}

interface Failed {
  fingerprint: string;
  /** Where it sits in its answer. */
  place: string;
}

/** The batch if `add` is to read it, else undefined: what is worth keeping of it until then. */
export const readableBatch = (batch: string): string | undefined => (batch.length > PLACES_READ_CHARS ? undefined : batch);

/** The payloads a packed batch holds, or undefined when they cannot be read. */
function payloadsIn(batch: string | undefined, count: number): Failed[] | undefined {
  if (batch === undefined) return undefined;
  try {
    const { payloads, where } = JSON.parse(batch) as { payloads?: unknown; where?: unknown };
    if (!Array.isArray(payloads) || !Array.isArray(where) || payloads.length !== count || where.length !== count) return undefined;
    return payloads.map((payload: unknown, index) => {
      const place = typeof where[index] === 'string' ? where[index].slice(0, TALLY_LIMITS.whereChars) : undefined;
      const told = countedAs(typeof payload === 'object' && payload !== null ? payload : {}, place, index);
      return { fingerprint: fingerprintOf(told), place: place ?? '' };
    });
  } catch {
    return undefined;
  }
}

const groupCount = (group: FailureGroup) => group.count ?? group.where.length;

export function createOwnFailures(): OwnFailures {
  let failed = 0;
  const groups = new Map<string, FailureGroup>();
  /** Payloads already counted, by namespace; bounded as the background's memory of payloads is. */
  const counted = new Set<string>();
  const keyOf = (namespace: string, sentence: string) => `${namespace}\n${sentence}`;

  return {
    add(namespace, batch, count, sentence) {
      const payloads = payloadsIn(batch, count);
      const fresh = payloads?.filter(({ fingerprint }) => !counted.has(`${namespace}\n${fingerprint}`) && Boolean(counted.add(`${namespace}\n${fingerprint}`)));
      while (counted.size > TALLY_LIMITS.remembered) counted.delete(counted.values().next().value!);
      const added = fresh?.length ?? count;
      if (added === 0) return;
      failed += added;
      const key = keyOf(namespace, sentence);
      const group = groups.get(key) ?? { namespace, sentence, where: [], count: 0 };
      // The newest places, as many as the background lists of its failures; the count goes on past them.
      group.where = [...group.where, ...(fresh ?? []).map(({ place }) => place)].slice(-TALLY_LIMITS.failures);
      group.count = (group.count ?? 0) + added;
      groups.delete(key);
      groups.set(key, group);
      if (groups.size > GROUPS_KEPT) groups.delete(groups.keys().next().value!);
    },
    over(tally) {
      if (failed === 0) return tally;
      const own = new Map(groups);
      const reasons = tally.reasons.map((group) => {
        const same = own.get(keyOf(group.namespace, group.sentence));
        if (!same) return group;
        own.delete(keyOf(group.namespace, group.sentence));
        return { ...group, where: [...group.where, ...same.where].slice(-TALLY_LIMITS.failures), count: groupCount(group) + groupCount(same) };
      });
      return { decoded: tally.decoded, failed: tally.failed + failed, reasons: [...reasons, ...own.values()] };
    },
  };
}
