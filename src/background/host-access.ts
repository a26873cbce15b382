/** Whether the browser lets the extension reach an origin (Firefox users can withdraw this at any time). */
import browser from '../shared/browser';
import { originMatchPattern } from '../shared/compat';

export async function hasOriginAccess(origin: string): Promise<boolean> {
  try {
    return await browser.permissions.contains({ origins: [originMatchPattern(origin)] });
  } catch {
    return false;
  }
}
