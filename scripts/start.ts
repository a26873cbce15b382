/**
 * `npm start`: the product against its built-in demo. Builds the extension, starts the
 * fixture Temporal Web UI (http://localhost:8233) and a token-checking codec server
 * (http://localhost:8080) on loopback, and opens Chromium with the extension loaded and
 * already configured: namespace `default` through the codec server, `payments` with a
 * local key. Without a display it prints what to open and how to load the extension.
 */
import { execSync } from 'node:child_process';
import { startCodecServer, type CodecServerHandle } from '../e2e/fixtures/codec-server.ts';
import { FIXTURE_KEY_BASE64, FIXTURE_KEY_ID } from '../e2e/fixtures/fixture-key.ts';
import { startUiServer, type UiServerHandle } from '../e2e/fixtures/ui-server.ts';
import { chromeBuild } from '../e2e/support/browsers.ts';
import { launchChromium } from '../e2e/support/chromium-driver.ts';

const UI_PORT = 8233;
const CODEC_PORT = 8080;
const CODEC_ENDPOINT = `http://localhost:${CODEC_PORT}`;
const DEMO_PATH = '/namespaces/default/workflows/order-42/457c136e-cb78-4ac3-abc6-62352d40e66e/history';

async function listen<T>(what: string, port: number, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      console.error(`Port ${port} is taken, so the ${what} cannot start. The demo needs it because the extension`);
      console.error(`works there without asking for permission. Stop whatever uses it (\`temporal server start-dev\`?) and retry.`);
      process.exit(1);
    }
    throw error;
  }
}

function printManualSteps(webUi: UiServerHandle, token: string): void {
  console.log(`
No display found, so no browser was opened. To see the demo on a machine with a screen:
  1. Open chrome://extensions, switch on Developer mode, "Load unpacked" and pick
       ${chromeBuild}
     (Firefox: about:debugging → This Firefox → Load Temporary Add-on → dist/firefox/manifest.json)
  2. In the extension's settings, add namespace "default": Decode with "Codec server",
     Codec endpoint ${CODEC_ENDPOINT}, Access token:
       ${token}
     or Decode with "Local key", Key ID "${FIXTURE_KEY_ID}", Key ${FIXTURE_KEY_BASE64}
  3. Open ${webUi.url}${DEMO_PATH}
`);
}

async function main(): Promise<void> {
  console.log('Building the extension…');
  execSync('npm run --silent build', { stdio: ['ignore', 'ignore', 'inherit'] });

  const webUi = await listen('fixture Web UI', UI_PORT, () => startUiServer({ host: 'localhost', port: UI_PORT }));
  const codec: CodecServerHandle = await listen('codec server', CODEC_PORT, () => startCodecServer({ host: '127.0.0.1', port: CODEC_PORT, auth: true }));
  const token = await codec.mintToken({ permissions: ['default:read', 'default:write'], expiresInSeconds: 24 * 3600 });
  console.log(`Fixture Web UI: ${webUi.url}   codec server: ${CODEC_ENDPOINT}`);

  const shutdown = async () => {
    await Promise.allSettled([webUi.close(), codec.close()]);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());

  if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    printManualSteps(webUi, token);
    console.log('The servers keep running; press Ctrl-C to stop.');
    return;
  }

  const browser = await launchChromium({ headless: false });
  await browser.saveRule({ namespace: 'default', mode: 'remote', endpoint: CODEC_ENDPOINT, accessToken: token });
  await browser.saveRule({ namespace: 'payments', mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 });
  await browser.openWebUi(webUi.url + DEMO_PATH);
  console.log('Chromium is open on the demo workflow, decoded. Close the window or press Ctrl-C to stop.');
  await browser.closed();
  await shutdown();
}

await main();
