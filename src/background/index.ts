/**
 * Background entry: a service worker in Chrome, an event page in Firefox. Listeners are
 * registered synchronously, so a woken worker hears the event that woke it.
 */
import browser, { type Runtime } from '../shared/browser';
import { syncContentScripts } from './content-scripts';
import { route } from './router';
import { loadSettings } from './settings-store';
import { forgetTab } from './tab-status';

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => route(message, sender));
browser.tabs.onRemoved.addListener((tabId) => void forgetTab(tabId));

/** Registered content scripts persist, but the user can grant or withdraw access while we are not looking. */
async function resync(): Promise<void> {
  try {
    await syncContentScripts((await loadSettings()).origins);
  } catch (error) {
    console.error('Payload Lens: could not register content scripts for added origins', error);
  }
}

browser.runtime.onInstalled.addListener(({ reason }) => {
  // First install: open the settings, where the user picks a namespace and how to decode it.
  // A tab of its own (not openOptionsPage), so it opens the same way in every browser.
  if (reason === 'install') void browser.tabs.create({ url: browser.runtime.getURL('src/options/index.html') });
  void resync();
});
browser.runtime.onStartup.addListener(() => void resync());
browser.permissions.onAdded.addListener(() => void resync());
browser.permissions.onRemoved.addListener(() => void resync());
