/**
 * The panel's line to the background: which tab it shows, that tab's results when they
 * change, and whether the background stopped under it (the port closes from its side).
 */
import browser from '../shared/browser';
import { requestBackground } from '../shared/background-request';
import { PANEL_PING_MS, PANEL_PORT, type PanelPortMessage } from '../shared/messages/panel-port';
import type { PrivateViewOfTabView } from '../shared/messages/private-view';

export function readPrivateView(tabId: number): Promise<PrivateViewOfTabView> {
  return requestBackground('private-view', { tabId }, 'The extension’s background did not answer.');
}

export interface PanelConnection {
  /** Watches `tabId` too: its results are kept while this panel is open, and `onChange` hears of them. */
  show(tabId: number): void;
  close(): void;
}

/**
 * Calls `onChange` with the tab whose results changed, of those shown, and `onStopped` if the background goes away.
 * The results of every tab shown are kept until the panel closes (the port does), so a panel that follows the tab in
 * view finds a tab's payloads again when it comes back to it.
 */
export function connect(onChange: (tabId: number) => void, onStopped: () => void): PanelConnection {
  const port = browser.runtime.connect({ name: PANEL_PORT });
  const send = (message: PanelPortMessage) => {
    try {
      port.postMessage(message);
    } catch {
      // The port closed (the background stopped): onDisconnect has said so, or is about to.
    }
  };
  port.onMessage.addListener((message: unknown) => {
    const changed = (message as { changed?: unknown } | null)?.changed;
    if (typeof changed === 'number') onChange(changed);
  });
  port.onDisconnect.addListener(() => {
    clearInterval(ping);
    onStopped();
  });
  // Talking to the background keeps it from being stopped while the panel is open.
  const ping = setInterval(() => send({ ping: true }), PANEL_PING_MS);
  return {
    show: (tabId) => send({ showTab: tabId }),
    close() {
      clearInterval(ping);
      port.disconnect();
    },
  };
}
