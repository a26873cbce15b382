/**
 * What was decoded in each tab, for the popup and the toolbar badge. Kept in
 * storage.session so a service-worker restart does not forget it; a navigation to a new
 * page starts it over.
 */
import browser from '../shared/browser';
import type { PayloadFailure, TabStatus } from '../shared/messages';
import { emptyTabStatus, tally, withNamespace } from './tab-tally';

const key = (tabId: number) => `tab:${tabId}`;

export async function readTabStatus(tabId: number): Promise<TabStatus> {
  const stored = (await browser.storage.session.get(key(tabId)))[key(tabId)] as Partial<TabStatus> | undefined;
  // Filled up from the defaults: a status written by an earlier version may lack newer fields.
  return { ...emptyTabStatus(), ...stored };
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
  await update(tabId, (status) => ({ ...status, namespaces: withNamespace(status.namespaces, namespace) }));
}

/** Adds what one decode (or encode) call did; payloads the tab already counted are not counted again. */
export async function noteResults(tabId: number, namespace: string, decoded: string[], failures: PayloadFailure[]): Promise<void> {
  const status = await update(tabId, (current) => tally(current, namespace, decoded, failures));
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
