/**
 * Asks the browser for access to a codec server's origin. Must be called straight from
 * the click (before any await), because browsers only show the prompt for a user gesture.
 * Already granted origins resolve true without a prompt.
 */
import browser from './browser';
import { originMatchPattern } from './compat';

export function requestOriginAccess(url: string): Promise<boolean> {
  let pattern: string;
  try {
    pattern = originMatchPattern(new URL(url).origin);
  } catch {
    return Promise.resolve(true); // the background explains a bad address better than a prompt could
  }
  return browser.permissions.request({ origins: [pattern] }).catch(() => false);
}
