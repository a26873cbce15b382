/**
 * The one place the extension APIs come from. Chrome before 148 has only `chrome.*`
 * with callbacks in places; the polyfill gives every context the promise-based
 * `browser.*` and steps aside where the browser already has it. Never imported by the
 * page hook, which runs in the page and has no extension APIs.
 */
import browser from 'webextension-polyfill';

export default browser;
export type { Runtime, Tabs } from 'webextension-polyfill';
