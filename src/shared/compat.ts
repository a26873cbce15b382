/**
 * Differences between Chrome and Firefox that the code meets at run time; everything
 * else about the two browsers is settled at build time (scripts/browser-manifest.ts).
 */
import browser from './browser';

export function isFirefox(): boolean {
  return browser.runtime.getURL('').startsWith('moz-extension:');
}

/**
 * The match pattern that covers an origin, for permissions and content-script
 * registration. Firefox does not accept ports in match patterns: there a pattern covers
 * every port of the host, and the background still checks the exact origin itself.
 */
export function originMatchPattern(origin: string): string {
  const url = new URL(origin);
  return `${url.protocol}//${isFirefox() ? url.hostname : url.host}/*`;
}
