/**
 * Runs in the page's own JavaScript world at document_start, before the Web UI's first
 * script, and holds no secrets: it sees encoded payloads and the decoded ones it is given.
 * Built as one self-contained classic script (the .iife name tells the build).
 */
import { openBridgeChannel } from './hook/bridge-channel';
import { hookFetch } from './hook/fetch-hook';
import { hookXhr } from './hook/xhr-hook';

const marker = Symbol.for('payload-lens.hook');
const page = window as Window & typeof globalThis & { [marker]?: true };

// Registered content scripts and manifest ones can both match after an update; hook once.
if (!page[marker]) {
  Object.defineProperty(page, marker, { value: true });
  const channel = openBridgeChannel(page);
  // XHR first: it keeps a reference to the page's own fetch, not the wrapped one.
  hookXhr(page, channel);
  hookFetch(page, channel);
}
