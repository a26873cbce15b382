import { describe, expect, it } from 'vitest';
import { PANEL_PAGE, panelPageFor, tabNamedIn } from './pages';

describe('the tab an extension page is opened for', () => {
  it('is read back from the address the panel is opened at', () => {
    const address = new URL(`chrome-extension://abc/${panelPageFor(42)}`);
    expect(address.pathname).toBe(`/${PANEL_PAGE}`);
    expect(tabNamedIn(address.search)).toBe(42);
  });

  it('is none when the query names no tab id, so the page falls back to the active tab', () => {
    for (const search of ['', '?', '?tab=', '?tab=0', '?tab=-3', '?tab=1.5', '?tab=abc', '?tab=1e300', '?other=4']) expect(tabNamedIn(search), search).toBeUndefined();
  });
});
