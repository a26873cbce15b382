/**
 * The panel page keeps a port open to the background while it shows a tab's private view:
 * the background tells it when the tab's results change, and forgets them when the last
 * port showing that tab closes (the last panel showing it closed). The panel learns from
 * the port closing on its own side that the background stopped, and says so.
 */
import type { Runtime } from '../shared/browser';
import { PANEL_PORT, type BackgroundPortMessage } from '../shared/messages/panel-port';
import type { PrivateView } from './private-view';
import { classifySender, type Self } from './sender';

export function servePanelPorts(self: Self, privateView: PrivateView): (port: Runtime.Port) => void {
  // How many open panels show each tab: the results go when the last of them closes, not while another still shows them.
  const panels = new Map<number, number>();
  return (port) => {
    if (port.name !== PANEL_PORT || !port.sender || classifySender(port.sender, self)?.kind !== 'panel') {
      port.disconnect();
      return;
    }
    const shown = new Map<number, () => void>();
    port.onMessage.addListener((message: unknown) => {
      const tabId = (message as { showTab?: unknown } | null)?.showTab;
      if (typeof tabId !== 'number' || !Number.isSafeInteger(tabId) || shown.has(tabId)) return;
      shown.set(
        tabId,
        privateView.watch(tabId, () => {
          try {
            port.postMessage({ changed: tabId } satisfies BackgroundPortMessage);
          } catch {
            // The panel closed, and its port is about to say so: nobody to tell, and the other watchers still are.
          }
        }),
      );
      panels.set(tabId, (panels.get(tabId) ?? 0) + 1);
    });
    port.onDisconnect.addListener(() => {
      for (const [tabId, stop] of shown) {
        stop();
        const left = (panels.get(tabId) ?? 1) - 1;
        if (left > 0) {
          panels.set(tabId, left);
        } else {
          panels.delete(tabId);
          privateView.forget(tabId);
        }
      }
    });
  };
}
