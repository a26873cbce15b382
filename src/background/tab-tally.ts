/** How one tab's counts grow: pure, so the rules for counting are testable on their own. */
import type { PayloadFailure, TabStatus } from '../shared/messages';

const MAX_FAILURES = 50;
/** Past this many distinct payloads a tab keeps counting, but may count a payload seen again twice. */
const MAX_REMEMBERED = 2000;
/** A page names namespaces through its API paths; a hostile one could name thousands. */
const MAX_NAMESPACES = 50;

export function emptyTabStatus(): TabStatus {
  return { namespaces: [], decoded: 0, failed: 0, decodedPayloads: [], failedPayloads: [], failures: [] };
}

export function withNamespace(namespaces: string[], namespace: string): string[] {
  return namespaces.includes(namespace) || namespaces.length >= MAX_NAMESPACES ? namespaces : [...namespaces, namespace];
}

/** The fingerprints not yet in `known`, each once. */
function unseen(fingerprints: string[], known: string[]): string[] {
  const seen = new Set(known);
  return fingerprints.filter((fingerprint) => !seen.has(fingerprint) && Boolean(seen.add(fingerprint)));
}

/** Adds one decode (or encode) call; payloads the tab already counted are not counted again. */
export function tally(current: TabStatus, namespace: string, decoded: string[], failures: PayloadFailure[]): TabStatus {
  const newlyDecoded = unseen(decoded, current.decodedPayloads);
  const newlyFailed = new Set(unseen(failures.map((f) => f.fingerprint), current.failedPayloads));
  const newFailures = failures.filter((f) => newlyFailed.delete(f.fingerprint));
  return {
    namespaces: withNamespace(current.namespaces, namespace),
    decoded: current.decoded + newlyDecoded.length,
    failed: current.failed + newFailures.length,
    decodedPayloads: [...current.decodedPayloads, ...newlyDecoded].slice(-MAX_REMEMBERED),
    failedPayloads: [...current.failedPayloads, ...newFailures.map((f) => f.fingerprint)].slice(-MAX_REMEMBERED),
    failures: [...current.failures, ...newFailures].slice(-MAX_FAILURES),
  };
}
