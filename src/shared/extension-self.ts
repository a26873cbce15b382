/** The extension's own identity, as receivers compare browser-stamped senders with it. */
import type { Runtime } from 'webextension-polyfill';

export interface Self {
  /** runtime.id */
  id: string;
  /** runtime.getURL(''): chrome-extension://<id>/ or moz-extension://<uuid>/ */
  baseUrl: string;
}

/** A message to a content script comes from the background itself: no tab, the extension's own URL. */
export function isFromBackground(sender: Runtime.MessageSender, self: Self): boolean {
  return sender.id === self.id && sender.tab === undefined && typeof sender.url === 'string' && sender.url.startsWith(self.baseUrl);
}
