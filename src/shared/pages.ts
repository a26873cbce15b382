/** The extension's own pages, by their path inside the extension. */
export const POPUP_PAGE = 'src/popup/index.html';
export const OPTIONS_PAGE = 'src/options/index.html';
/** Private view: the decoded payloads of one tab (Chrome's side panel, Firefox's sidebar, or a tab). */
export const PANEL_PAGE = 'src/panel/index.html';
/** "Open a history file…" */
export const HISTORY_FILE_PAGE = 'src/history/index.html';
/** The relay a Web UI tab's bridge frames in its page, in Chrome only (src/shared/messages/relay.ts). */
export const RELAY_PAGE = 'src/relay/index.html';

/** An extension page opened for one tab names it in its query. */
const TAB_QUERY = 'tab';

/** The panel for one tab; the query names the tab whose private view it shows. */
export const panelPageFor = (tabId: number): string => `${PANEL_PAGE}?${TAB_QUERY}=${tabId}`;

/** The tab an extension page's query (`location.search`) names, if it names one. */
export function tabNamedIn(search: string): number | undefined {
  const named = Number(new URLSearchParams(search).get(TAB_QUERY));
  return Number.isSafeInteger(named) && named > 0 ? named : undefined;
}
