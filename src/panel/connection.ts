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
  close(): void;
}

/** Calls `onChange` when the tab's results change, and `onStopped` if the background goes away. */
export function connect(tabId: number, onChange: () => void, onStopped: () => void): PanelConnection {
  const port = browser.runtime.connect({ name: PANEL_PORT });
  const send = (message: PanelPortMessage) => port.postMessage(message);
  port.onMessage.addListener((message: unknown) => {
    if ((message as { changed?: unknown } | null)?.changed === tabId) onChange();
  });
  port.onDisconnect.addListener(() => {
    clearInterval(ping);
    onStopped();
  });
  send({ showTab: tabId });
  // Talking to the background keeps it from being stopped while the panel is open.
  const ping = setInterval(() => send({ ping: true }), PANEL_PING_MS);
  return {
    close() {
      clearInterval(ping);
      port.disconnect();
    },
  };
}
