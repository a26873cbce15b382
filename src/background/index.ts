/** Background entry: a service worker in Chrome, an event page in Firefox. Listeners are registered synchronously so a woken worker hears the message that woke it. */
import browser, { type Runtime } from '../shared/browser';
import { route } from './router';
import { syncContentScripts } from './content-scripts';
import { loadSettings } from './settings-store';
import { forgetTab } from './tab-status';

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => route(message, sender));
browser.tabs.onRemoved.addListener((tabId) => void forgetTab(tabId));

// First install: open the settings, where the user picks a namespace and how to decode it.
browser.runtime.onInstalled.addListener(({ reason }) => {
  // A tab of its own (not openOptionsPage) so it opens the same way in every browser.
  if (reason === 'install') void browser.tabs.create({ url: browser.runtime.getURL('src/options/index.html') });
});

// Registered content scripts persist, but permissions can change while the browser is closed.
async function resync(): Promise<void> {
  try {
    await syncContentScripts((await loadSettings()).origins);
  } catch (error) {
    console.error('Payload Lens: could not register content scripts for added origins', error);
  }
}
browser.runtime.onStartup.addListener(() => void resync());
browser.runtime.onInstalled.addListener(() => void resync());
browser.permissions.onRemoved.addListener(() => void resync());
