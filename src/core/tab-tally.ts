/**
 * What was decoded in one tab: counted once, in the background, and shown alike by the
 * in-page status chip, the popup and the toolbar badge. Pure, so the counting rules are
 * testable on their own; bounded, because a page chooses how much it asks for.
 */
import * as v from 'valibot';
import { errorForPage, explainError, type DecodeError } from './errors';

export const TALLY_LIMITS = {
  /** The failures listed (the newest); counting goes on past them. */
  failures: 50,
  /** Distinct payloads remembered, to count each once; past this a payload seen again may count twice. */
  remembered: 2000,
  /** Namespaces a page may name through its API paths; a hostile one could name thousands. */
  namespaces: 50,
  /** Characters kept of where a failed payload sits, and of a failure's detail. */
  whereChars: 200,
  detailChars: 200,
  /** Characters kept of a namespace's name (Temporal allows 255; a page may name longer ones). */
  namespaceChars: 256,
} as const;

export const PayloadFailureSchema = v.object({
  /** A short hash of the payload, so a payload asked for twice (history and history-reverse) counts once. */
  fingerprint: v.string(),
  namespace: v.string(),
  where: v.string(),
  kind: v.string(),
  /** Already scrubbed of secrets and cut. */
  detail: v.optional(v.string()),
  /**
   * Payloads this one record stands for, with no fingerprint or place: a batch the bridge did not read
   * (src/shared/messages/unanswered.ts), whose payloads nothing tells apart. One payload when absent.
   */
  count: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
});

/**
 * How many payloads failed for one reason in one namespace, all told: the failures listed are only the newest, and a
 * reason's line must not say 50 payloads beside 200 failed.
 */
export const ReasonCountSchema = v.object({
  namespace: v.string(),
  kind: v.string(),
  detail: v.optional(v.string()),
  count: v.pipe(v.number(), v.integer(), v.minValue(1)),
});

export const TabTallySchema = v.object({
  /** Namespaces the page asked the API about, in the order first seen. */
  namespaces: v.array(v.string()),
  decoded: v.number(),
  failed: v.number(),
  decodedPayloads: v.array(v.string()),
  failedPayloads: v.array(v.string()),
  failures: v.array(PayloadFailureSchema),
  /**
   * Per reason, the most recently counted last, no more of them than failures are listed: every failure listed is
   * among the newest so many, so its reason is here. A tally stored without them counts the failures listed.
   */
  reasonCounts: v.array(ReasonCountSchema),
});

export type PayloadFailure = v.InferOutput<typeof PayloadFailureSchema>;
type ReasonCount = v.InferOutput<typeof ReasonCountSchema>;
export type TabTally = v.InferOutput<typeof TabTallySchema>;

export function emptyTally(): TabTally {
  return { namespaces: [], decoded: 0, failed: 0, decodedPayloads: [], failedPayloads: [], failures: [], reasonCounts: [] };
}

const cutNamespace = (namespace: string) => namespace.slice(0, TALLY_LIMITS.namespaceChars);

export function withNamespace(namespaces: string[], namespace: string): string[] {
  const kept = cutNamespace(namespace);
  return namespaces.includes(kept) || namespaces.length >= TALLY_LIMITS.namespaces ? namespaces : [...namespaces, kept];
}

/**
 * The fingerprints in each remembered list `remember` made, so that counting a call looks its payloads up instead of
 * building a set of up to TALLY_LIMITS.remembered fingerprints each time: a call of 250 payloads would spend most of
 * its counting on that (about 90 ms of the background's time for a 20,000-event history). A list's set moves on to the
 * list made from it; a list met without one (read from storage, or a tally counted from twice) gets a set afresh.
 */
const rememberedSets = new WeakMap<readonly string[], Set<string>>();

/**
 * `known` followed by the fingerprints not yet in it, each once, kept to the newest TALLY_LIMITS.remembered; and
 * which fingerprints were added.
 */
function remember(known: string[], fingerprints: readonly string[]): { list: string[]; added: string[] } {
  const kept = rememberedSets.get(known);
  rememberedSets.delete(known);
  // A kept set holds only what its list holds: equal sizes mean the same fingerprints, and none listed twice.
  const inList = kept !== undefined && kept.size === known.length ? kept : new Set(known);
  const added = fingerprints.filter((fingerprint) => !inList.has(fingerprint) && Boolean(inList.add(fingerprint)));
  const combined = added.length === 0 ? known : [...known, ...added];
  const list = combined.length > TALLY_LIMITS.remembered ? combined.slice(-TALLY_LIMITS.remembered) : combined;
  for (let i = 0; i < combined.length - list.length; i++) inList.delete(combined[i]!);
  rememberedSets.set(list, inList);
  return { list, added };
}

export function failureOf(fingerprint: string, namespace: string, where: string, error: DecodeError): PayloadFailure {
  return {
    fingerprint,
    namespace: cutNamespace(namespace),
    where: where.slice(0, TALLY_LIMITS.whereChars),
    kind: error.kind,
    ...(error.detail !== undefined ? { detail: error.detail.slice(0, TALLY_LIMITS.detailChars) } : {}),
  };
}

type Reason = Pick<PayloadFailure, 'namespace' | 'kind' | 'detail'>;

const sameReason = (a: Reason, b: Reason) => a.namespace === b.namespace && a.kind === b.kind && a.detail === b.detail;

/** `counts` with `count` more payloads failed for `reason`, which moves to the end; the least recent let go past the limit. */
function countReason(counts: readonly ReasonCount[], reason: Reason, count: number): ReasonCount[] {
  const before = counts.find((counted) => sameReason(counted, reason));
  const kept = counts.filter((counted) => counted !== before);
  kept.push({ namespace: reason.namespace, kind: reason.kind, ...(reason.detail !== undefined ? { detail: reason.detail } : {}), count: (before?.count ?? 0) + count });
  return kept.slice(-TALLY_LIMITS.failures);
}

/** Adds one decode (or encode) call; payloads the tab already counted are not counted again. */
export function tally(current: TabTally, namespace: string, decoded: string[], failures: PayloadFailure[]): TabTally {
  const decodedPayloads = remember(current.decodedPayloads, decoded);
  const failedPayloads = remember(current.failedPayloads, failures.map((f) => f.fingerprint));
  const newlyFailed = new Set(failedPayloads.added);
  const newFailures = failures.filter((f) => newlyFailed.delete(f.fingerprint));
  return {
    namespaces: withNamespace(current.namespaces, namespace),
    decoded: current.decoded + decodedPayloads.added.length,
    failed: current.failed + newFailures.length,
    decodedPayloads: decodedPayloads.list,
    failedPayloads: failedPayloads.list,
    failures: [...current.failures, ...newFailures].slice(-TALLY_LIMITS.failures),
    reasonCounts: newFailures.reduce((counts, failure) => countReason(counts, failure, 1), current.reasonCounts),
  };
}

/**
 * Adds `count` payloads that failed for `error` and that nothing tells apart: counted by number, listed as one failure,
 * and remembered nowhere, so that they push no payload out of what the tally remembers.
 */
export function tallyUntold(current: TabTally, namespace: string, count: number, error: DecodeError): TabTally {
  if (count <= 0) return current;
  const failure: PayloadFailure = { ...failureOf('', namespace, '', error), count };
  return {
    ...current,
    namespaces: withNamespace(current.namespaces, namespace),
    failed: current.failed + count,
    failures: [...current.failures, failure].slice(-TALLY_LIMITS.failures),
    reasonCounts: countReason(current.reasonCounts, failure, count),
  };
}

/** Who reads a failure: the page itself is not told a codec server's own words (they could echo what it was sent). */
export type Audience = 'extension' | 'page';

export interface FailureGroup {
  namespace: string;
  sentence: string;
  /** How many payloads failed for this reason. */
  count: number;
  /**
   * Where they sit, of the failures listed (the newest) that have a place: none for payloads the bridge could not read
   * (unanswered.ts), nor for a reason whose failures are all older than those listed.
   */
  where: string[];
}

/** One line per reason and namespace: the same refusal for twelve payloads is one thing to fix. */
export function groupFailures({ failures, reasonCounts }: Pick<TabTally, 'failures' | 'reasonCounts'>, audience: Audience): FailureGroup[] {
  const groups = new Map<string, FailureGroup & { listed: number }>();
  const groupOf = (reason: Reason) => {
    const error = { kind: reason.kind, ...(reason.detail !== undefined ? { detail: reason.detail } : {}) } as DecodeError;
    const sentence = explainError(audience === 'page' ? errorForPage(error) : error);
    const key = `${reason.namespace}\n${sentence}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { namespace: reason.namespace, sentence, count: 0, where: [], listed: 0 }));
    return group;
  };
  // Lines in the order of their oldest failure listed, as the list shows them; reasons with none listed after them.
  for (const failure of failures) {
    const group = groupOf(failure);
    group.listed += failure.count ?? 1;
    if (failure.where !== '') group.where.push(failure.where);
  }
  for (const reason of reasonCounts) groupOf(reason).count += reason.count;
  return [...groups.values()].map(({ listed, ...group }) => ({ ...group, count: Math.max(group.count, listed) }));
}

/** What the in-page chip shows: the counts and the grouped reasons, without codec servers' words. */
export interface PageTally {
  decoded: number;
  failed: number;
  reasons: FailureGroup[];
}

export function forPage(current: TabTally): PageTally {
  return { decoded: current.decoded, failed: current.failed, reasons: groupFailures(current, 'page') };
}
