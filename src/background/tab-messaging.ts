/** Telling tabs and the extension's own pages that something changed; none of it may fail a caller. */
import type { PageTally } from '../core/tab-tally';
import browser from '../shared/browser';
import type { Envelope } from '../shared/messages/define';
import { envelope } from '../shared/messages/runtime';
import type { TabSurface } from './tab-status';

/** Only the top frame holds the bridge (it answers only there). */
const TOP_FRAME = { frameId: 0 };

/**
 * To every tab: a tab without our content script refuses the message, which is fine. The
 * message carries nothing; each bridge asks again and is answered for its own address.
 */
export async function tellOpenTabs(message: Envelope): Promise<void> {
  const tabs = await browser.tabs.query({}).catch(() => []);
  await Promise.allSettled(tabs.map((tab) => (tab.id === undefined ? undefined : browser.tabs.sendMessage(tab.id, message, TOP_FRAME))));
}

let pending: ReturnType<typeof setTimeout> | undefined;
/** Views reload what they show; a burst of changes (a page decoding) is told once. */
export function tellExtensionPages(): void {
  if (pending !== undefined) return;
  pending = setTimeout(() => {
    pending = undefined;
    // No extension page open: nobody receives it, and the browser says so by rejecting.
    browser.runtime.sendMessage(envelope('state-changed', {})).catch(() => undefined);
  }, 200);
}

export const tabSurface: TabSurface = {
  async showBadge(tabId, failed) {
    const text = failed > 0 ? String(Math.min(failed, 999)) : '';
    try {
      await browser.action.setBadgeText({ tabId, text });
      if (text) await browser.action.setBadgeBackgroundColor({ tabId, color: '#b3261e' });
    } catch {
      // The tab closed meanwhile: nothing to show it on.
    }
  },
  async pushToPage(tabId, tally: PageTally) {
    await browser.tabs.sendMessage(tabId, envelope('tab-tally', tally), TOP_FRAME).catch(() => undefined);
  },
};
