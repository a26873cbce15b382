/**
 * Opens the private view of a tab where the browser has room for it: Chrome's side panel
 * (Chrome 116 can open it from a click), Firefox's sidebar, or else a tab of its own. Must
 * be called straight from the click: both browsers refuse to open a panel later.
 */
import browser from './browser';
import { HISTORY_FILE_PAGE, panelPageFor } from './pages';

interface ChromeSidePanel {
  setOptions(options: { tabId: number; path: string; enabled: boolean }): Promise<void>;
  open(options: { tabId: number }): Promise<void>;
}
interface FirefoxSidebar {
  setPanel(details: { tabId: number; panel: string }): Promise<void>;
  open(): Promise<void>;
}

export function openPanel(tabId: number): Promise<unknown> {
  const path = panelPageFor(tabId);
  const inTab = () => browser.tabs.create({ url: browser.runtime.getURL(path) });
  const sidePanel = (globalThis as { chrome?: { sidePanel?: Partial<ChromeSidePanel> } }).chrome?.sidePanel;
  if (sidePanel?.open && sidePanel.setOptions) {
    // Not awaited: open() must run in the same turn as the click.
    void sidePanel.setOptions({ tabId, path, enabled: true });
    return sidePanel.open({ tabId }).catch(inTab);
  }
  const sidebar = (browser as unknown as { sidebarAction?: Partial<FirefoxSidebar> }).sidebarAction;
  if (sidebar?.open && sidebar.setPanel) {
    void sidebar.setPanel({ tabId, panel: browser.runtime.getURL(path) });
    return sidebar.open().catch(inTab);
  }
  return inTab();
}

export function openHistoryFilePage(): Promise<unknown> {
  return browser.tabs.create({ url: browser.runtime.getURL(HISTORY_FILE_PAGE) });
}
