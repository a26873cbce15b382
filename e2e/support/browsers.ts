/** Where the distribution's browsers are; tests never download their own. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../../test-data/test-data';

function which(command: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export function chromiumPath(): string {
  const found = process.env.CHROMIUM_PATH ?? which('chromium') ?? which('chromium-browser');
  if (!found) throw new Error('Chromium is not installed: run `npm run setup` (Debian: apt-get install chromium).');
  return found;
}

export function firefoxPath(): string {
  const found = process.env.FIREFOX_PATH ?? which('firefox-esr') ?? which('firefox');
  if (!found) throw new Error('Firefox ESR is not installed: run `npm run setup` (Debian: apt-get install firefox-esr).');
  return found;
}

export const chromeBuild = path.join(repoRoot, 'dist/chrome');
export const firefoxBuild = path.join(repoRoot, 'dist/firefox');

/**
 * The features Playwright enables in the Chromium it starts. Chromium takes only the last `--enable-features` it is
 * given, so a list of ours has to repeat them (browsers.test.ts checks it still does).
 */
export const PLAYWRIGHT_ENABLED_FEATURES = ['CDPScreenshotNewSurface', 'SkipListAccountsWithoutGaiaCookies'];

/**
 * Chromium holds its low-priority work back until it counts its start-up as over: by default once a visible tab has
 * loaded and stayed idle, here about three seconds after the extension's service worker starts. Reading the managed
 * policy is such work, and the extension's first start waits for the policy before it opens its settings (see
 * managed-policy-source.ts), so every test waited those seconds. With no wait for a visible tab, start-up ends once
 * the browser is up, and the policy comes then: the same answer, read the same way, seconds sooner. A Chromium that
 * does not know the feature ignores it.
 */
const START_UP_FEATURES = ['ImprovedStartupBestEffortDelay:StartupDelayVisibleTabTimeout/0s'];

/** Flags for a quiet, root-friendly Chromium on a machine without network. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-gpu',
  '--disable-quic',
  `--enable-features=${[...PLAYWRIGHT_ENABLED_FEATURES, ...START_UP_FEATURES].join(',')}`,
];
