/**
 * The e2e test fixtures: loopback servers shared by a worker (the fixture Web UI on a
 * built-in origin and a codec server, token-checking unless a spec says otherwise), and a fresh browser with the
 * extension for each test, chosen by the Playwright project's name.
 */
import { test as base } from '@playwright/test';
import { startCodecServer, type CodecServerHandle } from '../fixtures/codec-server';
import { CODEC_ENDPOINT, CODEC_PORT, WEB_UI_PORT, listenOnFixedPort } from '../fixtures/ports';
import { startUiServer, type UiServerHandle } from '../fixtures/ui-server';
import { launchChromium } from './chromium-driver';
import type { ExtensionDriver } from './driver';
import { launchFirefox } from './firefox-driver';

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
}

interface TestFixtures {
  extension: ExtensionDriver;
  /** Firefox: the test build that can run probes in the bridge's world (see bridge-world.ts). */
  bridgeWorldProbe: boolean;
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
  bridgeWorldProbe: [false, { option: true }],
  extension: async ({ webUi, codec, bridgeWorldProbe }, use, testInfo) => {
    webUi.resetRequests();
    codec.resetRequests();
    codec.resetBehaviour();
    const driver = testInfo.project.name === 'firefox' ? await launchFirefox({ bridgeWorldProbe }) : await launchChromium({ grantedOrigins: [ADDED_UI_ORIGIN] });
    try {
      await use(driver);
    } finally {
      await driver.close();
    }
  },
});

export { expect } from '@playwright/test';
