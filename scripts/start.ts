/**
 * `npm start`: the product against its built-in demo. Builds the extension, starts the
 * fixture Temporal Web UI (http://localhost:8233) and a token-checking codec server
 * (http://localhost:8080) on loopback, and opens Chromium with the extension loaded and
 * already configured: namespace `default` through the codec server, `payments` with a
 * local key. Without a display it prints what to open and how to load the extension.
 */
import { execSync } from 'node:child_process';
import { chromeBuild } from '../e2e/support/browsers.ts';
import { launchChromium } from '../e2e/support/chromium-driver.ts';
import { FIXTURE_KEY_BASE64, FIXTURE_KEY_ID } from '../test-data/test-data.ts';
import { CODEC_ENDPOINT, DEMO_WORKFLOW_PATH, startDemoServers } from './demo-servers.ts';

function printManualSteps(webUiUrl: string, token: string): void {
  console.log(`
No display found, so no browser was opened. To see the demo on a machine with a screen:
  1. Open chrome://extensions, switch on Developer mode, "Load unpacked" and pick
       ${chromeBuild}
     (Firefox: about:debugging → This Firefox → Load Temporary Add-on → dist/firefox/manifest.json)
  2. In the extension's settings, add namespace "default", Applies on ${webUiUrl}: Decode with "Codec server",
     Codec endpoint ${CODEC_ENDPOINT}, Access token:
       ${token}
     or Decode with "Local key", Key ID "${FIXTURE_KEY_ID}", Key ${FIXTURE_KEY_BASE64}
  3. Open ${webUiUrl}${DEMO_WORKFLOW_PATH}
`);
}

async function main(): Promise<void> {
  console.log('Building the extension…');
  execSync('npm run --silent build', { stdio: ['ignore', 'ignore', 'inherit'] });

  const servers = await startDemoServers();
  const { webUi, token } = servers;
  console.log(`Fixture Web UI: ${webUi.url}   codec server: ${CODEC_ENDPOINT}`);

  const shutdown = async () => {
    await servers.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());

  if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    printManualSteps(webUi.url, token);
    console.log('The servers keep running; press Ctrl-C to stop.');
    return;
  }

  const browser = await launchChromium({ headless: false });
  await browser.saveRule({ namespace: 'default', mode: 'remote', endpoint: CODEC_ENDPOINT, accessToken: token });
  await browser.saveRule({ namespace: 'payments', mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 });
  await browser.openWebUi(webUi.url + DEMO_WORKFLOW_PATH);
  console.log('Chromium is open on the demo workflow, decoded. Close the window or press Ctrl-C to stop.');
  await browser.closed();
  await shutdown();
}

await main();
