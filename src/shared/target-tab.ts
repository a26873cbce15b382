/**
 * The tab an extension page is about: the one its address names (the panel opened for a tab,
 * the popup opened in a tab of its own for keyboard users and by the tests), or else the
 * active tab of this window.
 */
import browser from './browser';
import { tabNamedIn } from './pages';

export async function targetTabId(): Promise<number | undefined> {
  const named = tabNamedIn(location.search);
  if (named !== undefined) return named;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}
