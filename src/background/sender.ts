/**
 * Who sent a runtime message, from what the browser stamps on it, never from the message:
 * the extension's own pages, or the bridge in the top frame of a Web UI tab (whose address
 * then decides which rules may be used). Anything else is nobody the background answers.
 */
import type { Runtime } from 'webextension-polyfill';
import type { Self } from '../shared/extension-self';
import { PANEL_PAGE, RELAY_PAGE } from '../shared/pages';

export type { Self };

export type Caller =
  | { kind: 'extension-page'; url: string }
  /** The panel page, the one extension page shown what private view kept from a page. */
  | { kind: 'panel'; url: string }
  /** A content script in a tab; `origin` is the Web UI address of its page. */
  | { kind: 'bridge'; origin: string; tabId: number };

/** Chrome stamps the frame's origin; Firefox only its URL. */
type Sender = Runtime.MessageSender & { origin?: string };

function webOrigin(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

/** The page itself, whatever its query or fragment. */
function isPage(url: string, page: string): boolean {
  return url === page || url.startsWith(`${page}?`) || url.startsWith(`${page}#`);
}

export function classifySender(sender: Sender, self: Self): Caller | undefined {
  if (sender.id !== self.id || typeof sender.url !== 'string') return undefined;
  // Written out rather than read from URL: engines disagree on the origin of extension schemes.
  const extensionOrigin = self.baseUrl.replace(/\/$/, '');
  // An options page opened in a tab has a tab too: the URL, not the tab, says who it is.
  if (sender.url.startsWith(self.baseUrl)) {
    if (sender.origin !== undefined && sender.origin !== extensionOrigin) return undefined;
    // The relay page is framed by web pages, any of them (web-accessible): it asks nothing, and is not heard.
    if (isPage(sender.url, self.baseUrl + RELAY_PAGE)) return undefined;
    return { kind: isPage(sender.url, self.baseUrl + PANEL_PAGE) ? 'panel' : 'extension-page', url: sender.url };
  }
  const tabId = sender.tab?.id;
  // Only the top frame: a Web UI is never framed, and a frame inside it is someone else's page.
  if (tabId === undefined || sender.frameId !== 0) return undefined;
  const origin = webOrigin(sender.url);
  if (origin === undefined || (sender.origin !== undefined && sender.origin !== origin)) return undefined;
  return { kind: 'bridge', origin, tabId };
}
