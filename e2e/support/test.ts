/**
 * The e2e test fixtures: loopback servers shared by a worker (the fixture Web UI on a
 * built-in origin and a codec server, token-checking unless a spec says otherwise), and a browser with the
 * extension, chosen by the Playwright project's name: a fresh one for each test, or one a block of tests shares.
 */
import { test as base } from '@playwright/test';
import { startCodecServer, type CodecServerHandle } from '../fixtures/codec-server';
import { CODEC_ENDPOINT, CODEC_PORT, WEB_UI_PORT, listenOnFixedPort } from '../fixtures/ports';
import { startUiServer, type UiServerHandle } from '../fixtures/ui-server';
import { launchChromium } from './chromium-driver';
import type { ExtensionDriver } from './driver';
import { HeldBrowser, type BrowserTurn } from './held-browser';
import { launchFirefox } from './firefox-driver';
import { removeEveryRule } from './options-form';

export { CODEC_ENDPOINT };
/**
 * A Web UI address the user adds by hand. 127.0.0.2 is loopback too, but no built-in
 * pattern covers it in either browser, so only a registered content script reaches it.
 */
export const ADDED_UI_HOST = '127.0.0.2';
export const ADDED_UI_PORT = 8234;
export const ADDED_UI_ORIGIN = `http://${ADDED_UI_HOST}:${ADDED_UI_PORT}`;

interface WorkerFixtures {
  webUi: UiServerHandle;
  codec: CodecServerHandle;
  /** Whether the codec server checks an access token (a managed rule carries none). */
  codecChecksToken: boolean;
  /** The browser of the block of tests that shares one, if any. */
  heldBrowser: HeldBrowser;
}

interface TestFixtures {
  extension: ExtensionDriver;
  /** Firefox: the test build that can run probes in the bridge's world (see bridge-world.ts). */
  bridgeWorldProbe: boolean;
  /**
   * The name of the block of tests that shares one browser (see held-browser.ts); unset, each test has its own. A
   * sharing test starts where the last one of its block left the browser: its block resets what it must.
   */
  shareBrowser: string | undefined;
  /** The browser and whether this test is the first in it. */
  browserTurn: BrowserTurn;
  /** Whether this test is the first in its browser (always, unless its block shares one). */
  freshBrowser: boolean;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  webUi: [
    // Playwright reads a fixture's dependencies from its destructuring pattern; none here.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await listenOnFixedPort('fixture Web UI', WEB_UI_PORT, () => startUiServer({ host: 'localhost', port: WEB_UI_PORT }));
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  codecChecksToken: [true, { option: true, scope: 'worker' }],
  codec: [
    async ({ codecChecksToken }, use) => {
      const server = await listenOnFixedPort('fixture codec server', CODEC_PORT, () => startCodecServer({ host: '127.0.0.1', port: CODEC_PORT, auth: codecChecksToken }));
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  heldBrowser: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const held = new HeldBrowser();
      await use(held);
      await held.close();
    },
    { scope: 'worker' },
  ],
  bridgeWorldProbe: [false, { option: true }],
  shareBrowser: [undefined, { option: true }],
  browserTurn: async ({ webUi, codec, bridgeWorldProbe, shareBrowser, heldBrowser }, use, testInfo) => {
    webUi.resetRequests();
    codec.resetRequests();
    codec.resetBehaviour();
    const launch = () => (testInfo.project.name === 'firefox' ? launchFirefox({ bridgeWorldProbe }) : launchChromium({ grantedOrigins: [ADDED_UI_ORIGIN] }));
    if (shareBrowser !== undefined) {
      if (bridgeWorldProbe) throw new Error('A browser with the bridge-world probe is not shared.');
      await use(await heldBrowser.turnFor(shareBrowser, launch));
      return;
    }
    // No other block's browser stays open beside this one.
    await heldBrowser.close();
    const driver = await launch();
    try {
      await use({ driver, fresh: true });
    } finally {
      await driver.close();
    }
  },
  extension: async ({ browserTurn }, use) => use(browserTurn.driver),
  freshBrowser: async ({ browserTurn }, use) => use(browserTurn.fresh),
});

export { expect } from '@playwright/test';

/**
 * Runs the tests of the file, or of the describe block it is called in, only in `project`'s browser: the others are
 * skipped before any browser starts for them, as long as no hook before this one, and no afterEach, asks for
 * `extension` (an afterEach runs for a skipped test too).
 */
export function onlyIn(project: 'chromium' | 'firefox', reason: string): void {
  // eslint-disable-next-line no-empty-pattern
  test.beforeEach(({}, testInfo) => test.skip(testInfo.project.name !== project, reason));
}

/**
 * The tests of the file, or of the describe block it is called in, share one browser (see held-browser.ts), and each
 * starts with no rules, on a settings page loaded anew, with the Web UI tab (if a test before opened one) on a blank
 * page: left on the page before, the tab would take the next test's rule as its own, and count in what that test
 * counts. Only the rules, and with them their secrets, are reset: a test that changes addresses, access, preferences
 * or cookies that a later one would notice needs a browser of its own.
 */
export function shareBrowserFromNoRules(block: string): void {
  test.use({ shareBrowser: block });
  test.beforeEach(async ({ extension, freshBrowser }) => {
    if (freshBrowser) return;
    // Before the rules go: a page still open would hear the change and ask the background about it meanwhile.
    await extension.leaveWebUi();
    await removeEveryRule(extension);
  });
}
