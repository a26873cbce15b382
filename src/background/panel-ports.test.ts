import { describe, expect, it, vi } from 'vitest';
import type { Runtime } from '../shared/browser';
import { PANEL_PORT } from '../shared/messages/panel-port';
import { PANEL_PAGE } from '../shared/pages';
import { servePanelPorts } from './panel-ports';
import { createPrivateView, type PrivateEntry } from './private-view';
import type { Self } from './sender';
import { memoryStore } from './storage/key-value';

const self: Self = { id: 'abcdefghijklmnop', baseUrl: 'chrome-extension://abcdefghijklmnop/' };
const WEB_UI = 'http://localhost:8233';
const entry: PrivateEntry = { namespace: 'default', where: 'input.payloads[0]', about: {}, result: { ok: true, payload: { metadata: {}, data: 'e30=' } } };

/** A panel's port as the background sees it: the panel shows `tabId`, and can close. */
function panelPort(tabId: number) {
  const onMessage: Array<(message: unknown) => void> = [];
  const onDisconnect: Array<() => void> = [];
  const port = {
    name: PANEL_PORT,
    sender: { id: self.id, url: `${self.baseUrl}${PANEL_PAGE}?tab=${tabId}` },
    onMessage: { addListener: (listener: (message: unknown) => void) => void onMessage.push(listener) },
    onDisconnect: { addListener: (listener: () => void) => void onDisconnect.push(listener) },
    postMessage: vi.fn(),
    disconnect: vi.fn(),
  } as unknown as Runtime.Port;
  return { port, show: () => onMessage.forEach((listener) => listener({ showTab: tabId })), close: () => onDisconnect.forEach((listener) => listener()) };
}

describe('panels showing a tab’s private view', () => {
  it('keep its results while any of them is open, and forget them when the last one closes', async () => {
    const view = createPrivateView(memoryStore());
    const serve = servePanelPorts(self, view);
    view.add(7, WEB_UI, [entry]);
    const side = panelPort(7);
    const inTab = panelPort(7);
    for (const panel of [side, inTab]) {
      serve(panel.port);
      panel.show();
    }

    side.close();
    expect((await view.read(7)).entries).toHaveLength(1);
    inTab.close();
    expect((await view.read(7)).entries).toHaveLength(0);
  });

  it('are each told of a change, even when one of them has closed without its port saying so yet', () => {
    const view = createPrivateView(memoryStore());
    const serve = servePanelPorts(self, view);
    const [closing, open] = [panelPort(7), panelPort(7)];
    for (const panel of [closing, open]) {
      serve(panel.port);
      panel.show();
    }
    vi.mocked(closing.port.postMessage).mockImplementation(() => {
      throw new Error('Attempting to use a disconnected port object');
    });
    expect(() => view.add(7, WEB_UI, [entry])).not.toThrow();
    expect(open.port.postMessage).toHaveBeenCalledWith({ changed: 7 });
  });

  it('are not heard from a port that is not the panel page’s', () => {
    const view = createPrivateView(memoryStore());
    const other = panelPort(7);
    (other.port as { sender: { url: string } }).sender.url = `${self.baseUrl}src/options/index.html`;
    servePanelPorts(self, view)(other.port);
    expect(other.port.disconnect).toHaveBeenCalled();
  });
});
