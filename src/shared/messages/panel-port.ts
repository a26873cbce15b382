/**
 * The port between the panel page and the background. The panel names the tab it shows
 * (`showTab`) and pings now and then so that a service worker is not stopped under an open
 * panel; the background answers `changed` when that tab's results change.
 */
export const PANEL_PORT = 'payload-lens:panel';

/** How often the panel pings: below the 30 seconds after which Chrome stops an idle service worker. */
export const PANEL_PING_MS = 20_000;

export type PanelPortMessage = { showTab: number } | { ping: true };
export type BackgroundPortMessage = { changed: number };
