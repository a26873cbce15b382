/**
 * What was decoded in each tab, for the popup and the toolbar badge. Kept in
 * storage.session so a service-worker restart does not forget it; a navigation to a new
 * page starts it over.
 */
import browser from '../shared/browser';
import type { PayloadFailure, TabStatus } from '../shared/messages';

const MAX_FAILURES = 50;
/** Past this many distinct payloads a tab keeps counting, but may count a payload seen again twice. */
const MAX_REMEMBERED = 2000;
/** A page names namespaces through its API paths; a hostile one could name thousands. */
const MAX_NAMESPACES = 50;
const key = (tabId: number) => `tab:${tabId}`;

export function emptyTabStatus(): TabStatus {
  return { namespaces: [], decoded: 0, failed: 0, decodedPayloads: [], failures: [] };
}

export async function readTabStatus(tabId: number): Promise<TabStatus> {
  const stored = (await browser.storage.session.get(key(tabId)))[key(tabId)] as TabStatus | undefined;
  return stored ?? emptyTabStatus();
}

// Updates of one tab are chained so concurrent decodes in a page add up instead of overwriting.
const chains = new Map<number, Promise<unknown>>();

function update(tabId: number, change: (status: TabStatus) => TabStatus): Promise<TabStatus> {
  const next = (chains.get(tabId) ?? Promise.resolve()).then(async () => {
    const status = change(await readTabStatus(tabId));
    await browser.storage.session.set({ [key(tabId)]: status });
    return status;
  });
  chains.set(tabId, next.catch(() => undefined));
  return next;
}

async function showBadge(tabId: number, status: TabStatus): Promise<void> {
  const text = status.failed > 0 ? String(Math.min(status.failed, 999)) : '';
  try {
    await browser.action.setBadgeText({ tabId, text });
    if (text) await browser.action.setBadgeBackgroundColor({ tabId, color: '#b3261e' });
  } catch {
    // The tab closed meanwhile: nothing to show it on.
  }
}

export async function noteNamespace(tabId: number, namespace: string): Promise<void> {
  await update(tabId, (status) =>
    status.namespaces.includes(namespace) || status.namespaces.length >= MAX_NAMESPACES ? status : { ...status, namespaces: [...status.namespaces, namespace] },
  );
}

/** Adds what one decode (or encode) call did; payloads the tab already counted are not counted again. */
export async function noteResults(tabId: number, namespace: string, decoded: string[], failures: PayloadFailure[]): Promise<void> {
  const status = await update(tabId, (current) => {
    const known = new Set(current.decodedPayloads);
    const newlyDecoded = [...new Set(decoded)].filter((fingerprint) => !known.has(fingerprint));
    const knownFailures = new Set(current.failures.map((f) => `${f.fingerprint} ${f.kind}`));
    const newFailures = failures.filter((f) => !knownFailures.has(`${f.fingerprint} ${f.kind}`) && knownFailures.add(`${f.fingerprint} ${f.kind}`));
    return {
      namespaces: current.namespaces.includes(namespace) || current.namespaces.length >= MAX_NAMESPACES ? current.namespaces : [...current.namespaces, namespace],
      decoded: current.decoded + newlyDecoded.length,
      failed: current.failed + newFailures.length,
      decodedPayloads: [...current.decodedPayloads, ...newlyDecoded].slice(-MAX_REMEMBERED),
      failures: [...current.failures, ...newFailures].slice(-MAX_FAILURES),
    };
  });
  await showBadge(tabId, status);
}

export async function resetTab(tabId: number): Promise<void> {
  await update(tabId, () => emptyTabStatus());
  await showBadge(tabId, emptyTabStatus());
}

export async function forgetTab(tabId: number): Promise<void> {
  chains.delete(tabId);
  await browser.storage.session.remove(key(tabId));
}
