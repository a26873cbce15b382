/**
 * Payloads the bridge answered for itself, never having reached the background: past the tab's share of the
 * background (too busy), or asked of a background that did not answer (stopped under the request, or too slow). The
 * background's tally, which the status chip shows, never saw them, so the page would keep them encrypted with no
 * reason given; the chip adds them to the tally it shows. Kept for the page's life, as the page's tally is, and each
 * payload counted once, told apart as the background tells them (history and history-reverse bring the same ones).
 */
import { payloadFingerprint } from '../../core/payload';
import { fingerprintOf, TALLY_LIMITS, type FailureGroup, type PageTally } from '../../core/tab-tally';

/**
 * A refused batch is read for its places only up to this length: a batch past the tab's share can run to tens of
 * megabytes, and reading it would cost the page's own thread what the share spared the background. Longer, or not
 * readable, its payloads are counted by the number the hook gave, under one line, and not told apart.
 */
export const PLACES_READ_CHARS = 8 * 1024 * 1024;
/** Reasons listed, as the background lists at most its newest failures. */
const GROUPS_KEPT = 10;

export interface OwnFailures {
  /** `count` payloads of `namespace`, packed in `batch` (packed.ts), failed for `sentence` without the background. */
  add(namespace: string, batch: string, count: number, sentence: string): void;
  /** The background's tally with these failures added: its reasons first. */
  over(tally: PageTally): PageTally;
}

interface Failed {
  /** Tells the payload from others, as the background's tally tells them (tab-handlers.ts). */
  fingerprint: string;
  /** Where it sits in its answer. */
  place: string;
}

/** The payloads a packed batch holds, or undefined when they cannot be read. */
function payloadsIn(batch: string, count: number): Failed[] | undefined {
  if (batch.length > PLACES_READ_CHARS) return undefined;
  try {
    const { payloads, where } = JSON.parse(batch) as { payloads?: unknown; where?: unknown };
    if (!Array.isArray(payloads) || !Array.isArray(where) || payloads.length !== count || where.length !== count) return undefined;
    return payloads.map((payload: unknown, i) => {
      const place = typeof where[i] === 'string' ? where[i].slice(0, TALLY_LIMITS.whereChars) : '';
      const { data, fingerprint } = (typeof payload === 'object' && payload !== null ? payload : {}) as { data?: unknown; fingerprint?: unknown };
      // A stand-in for a payload over the limits (over-limits.ts) carries its payload's fingerprint instead of data.
      const told = typeof fingerprint === 'string' ? `over-limits ${fingerprint}` : payloadFingerprint({ data: typeof data === 'string' ? data : '' });
      return { fingerprint: fingerprintOf(told), place };
    });
  } catch {
    return undefined;
  }
}

const payloadsOfOneAnswer = (count: number) => `${count} payload${count === 1 ? '' : 's'} of one answer`;

export function createOwnFailures(): OwnFailures {
  let failed = 0;
  const groups = new Map<string, FailureGroup>();
  /** Payloads already counted, by namespace; bounded as the background's memory of payloads is. */
  const counted = new Set<string>();

  return {
    add(namespace, batch, count, sentence) {
      const payloads = payloadsIn(batch, count);
      let places: string[];
      if (payloads === undefined) {
        places = [payloadsOfOneAnswer(count)];
        failed += count;
      } else {
        const fresh = payloads.filter(({ fingerprint }) => !counted.has(`${namespace}\n${fingerprint}`) && Boolean(counted.add(`${namespace}\n${fingerprint}`)));
        while (counted.size > TALLY_LIMITS.remembered) counted.delete(counted.values().next().value!);
        places = fresh.map(({ place }) => place);
        failed += fresh.length;
      }
      if (places.length === 0) return;
      const key = `${namespace}\n${sentence}`;
      const group = groups.get(key) ?? { namespace, sentence, where: [] };
      // The newest places, as many as the background lists of its failures.
      group.where = [...group.where, ...places].slice(-TALLY_LIMITS.failures);
      groups.delete(key);
      groups.set(key, group);
      if (groups.size > GROUPS_KEPT) groups.delete(groups.keys().next().value!);
    },
    over(tally) {
      if (failed === 0) return tally;
      return { decoded: tally.decoded, failed: tally.failed + failed, reasons: [...tally.reasons, ...groups.values()] };
    },
  };
}
