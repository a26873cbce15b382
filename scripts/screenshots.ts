/**
 * `npm run screenshots`: the README's pictures, taken in Chromium against the built-in
 * demo. Tests never write into the repository; this script is the one place pictures
 * come from. Run after changing anything they show, and commit the result.
 */
import { execSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { launchChromium, type ChromiumOptions } from '../e2e/support/chromium-driver.ts';
import { HISTORY_PAGE, clickButton, dropFile, textOf, typeNamespace } from '../e2e/support/history-page.ts';
import { historyFileText } from '../test-data/history-files.ts';
import { FIXTURE_KEY_BASE64, FIXTURE_KEY_ID, repoRoot } from '../test-data/test-data.ts';
import { CODEC_ENDPOINT, DEMO_WORKFLOW_PATH, startDemoServers, type DemoServers } from './demo-servers.ts';
import { FIXTURE_UI_ORIGIN } from '../e2e/support/options-form.ts';

type Shot = (name: string) => string;
const localKeyRule = { namespace: 'default', mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 } as const;

/** Private view: the Web UI tab keeps its encoded payloads; the panel page, for that tab, shows them decoded. */
async function privateViewShots(servers: DemoServers, file: string, options: ChromiumOptions = {}): Promise<void> {
  const browser = await launchChromium(options);
  try {
    await browser.saveRule({ ...localKeyRule, privateView: true });
    await browser.openWebUi(servers.webUi.url + DEMO_WORKFLOW_PATH);
    const panel = await browser.openExtensionPage(`src/panel/index.html?tab=${await browser.webUiTabId()}`);
    await waitFor(async () => /payloads decoded on/.test(await textOf(panel, '.summary')));
    await panel.screenshot(file);
  } finally {
    await browser.close();
  }
}

/** A raw history.json dropped on "Open a history file…", decoded with a local key, its first event open. */
async function historyFileShots(shot: Shot): Promise<void> {
  const browser = await launchChromium();
  try {
    await browser.saveRule(localKeyRule);
    const page = await browser.openExtensionPage(HISTORY_PAGE);
    await dropFile(page, 'order-42-history.json', historyFileText('raw'));
    await waitFor(async () => (await textOf(page, '.file-summary')) !== '');
    await typeNamespace(page, 'default');
    await clickButton(page, 'Decode');
    await waitFor(async () => /decoded, 0 not decoded/.test(await textOf(page, '.progress')));
    await page.evaluate(`document.querySelector('.event details').open = true`);
    await page.screenshot(shot('history-file.png'));
  } finally {
    await browser.close();
  }
}

const folder = path.join(repoRoot, 'docs/screenshots');

async function main(): Promise<void> {
  console.log('Building the extension…');
  execSync('npm run --silent build', { stdio: ['ignore', 'ignore', 'inherit'] });
  mkdirSync(folder, { recursive: true });
  const servers = await startDemoServers();
  const shot = (name: string) => {
    console.log(`docs/screenshots/${name}`);
    return path.join(folder, name);
  };
  try {
    // Decoded with a local key, and the settings that did it.
    const browser = await launchChromium();
    try {
      await browser.saveRule({ namespace: 'default', mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 });
      await browser.openWebUi(servers.webUi.url + DEMO_WORKFLOW_PATH);
      await browser.screenshotWebUi(shot('web-ui-decoded.png'));
      await browser.screenshotOptions(shot('options.png'));
    } finally {
      await browser.close();
    }

    await refusedShots(servers, shot('web-ui-refused.png'), shot('popup-refused.png'));
    await codecSettings(servers, shot);
    await popupPictures(servers, shot);
    await privateViewShots(servers, shot('private-view.png'));
    await historyFileShots(shot);
    await storePictures(servers, (name) => shot(`store/${name}`));
  } finally {
    await servers.close();
  }
}

/** The stores' pictures, 1280×800 each (docs/store-listing.md lists them). */
async function storePictures(servers: DemoServers, shot: Shot): Promise<void> {
  mkdirSync(path.join(folder, 'store'), { recursive: true });
  const pictureSize = { width: 1280, height: 800 };
  const browser = await launchChromium({ pictureSize });
  try {
    await browser.saveRule(localKeyRule);
    const token = await servers.codec.mintToken({ permissions: ['payments:read'], expiresInSeconds: 8 * 3600 });
    await browser.saveRule({ namespace: 'payments', mode: 'remote', endpoint: CODEC_ENDPOINT, accessToken: token });
    await browser.openWebUi(servers.webUi.url + DEMO_WORKFLOW_PATH);
    await browser.screenshotWebUi(shot('1-history-decoded.png'));
    // Saving leaves the page at its form: the picture starts at the rules.
    await browser.evaluateInOptions('window.scrollTo(0, 0)');
    await browser.screenshotOptions(shot('3-options.png'));
  } finally {
    await browser.close();
  }
  await privateViewShots(servers, shot('2-private-view.png'), { pictureSize });
  await refusedShots(servers, shot('4-failure-explained.png'), undefined, { pictureSize });
}

/** A codec server that refuses the token: the chip opened to its reasons, and the popup. */
async function refusedShots(servers: DemoServers, pageFile: string, popupFile?: string, options: ChromiumOptions = {}): Promise<void> {
  const browser = await launchChromium(options);
  try {
    const token = await servers.codec.mintToken({ permissions: ['payments:read'] });
    await browser.saveRule({ namespace: 'default', mode: 'remote', endpoint: CODEC_ENDPOINT, accessToken: token });
    await browser.openWebUi(servers.webUi.url + DEMO_WORKFLOW_PATH);
    const chip = `document.querySelector('payload-lens-status')?.shadowRoot`;
    await waitFor(() => browser.evaluateInWebUi<boolean>(`Boolean(${chip}?.querySelector('button:not([disabled])'))`));
    await browser.evaluateInWebUi(`${chip}.querySelector('button').click()`);
    await browser.screenshotWebUi(pageFile);
    if (popupFile) await browser.popup(popupFile);
  } finally {
    await browser.close();
  }
}

/** The options page's codec server settings: a `{namespace}` endpoint, a token and what it grants, and a Test. */
async function codecSettings(servers: DemoServers, shot: (name: string) => string): Promise<void> {
  const browser = await launchChromium();
  try {
    const token = await servers.codec.mintToken({ permissions: ['default:write', 'payments:worker'], expiresInSeconds: 8 * 3600, subject: 'dev@example.com', claims: { aud: 'temporal-codec' } });
    await browser.fillInOptions('Namespace', 'default');
    await browser.checkInOptions(FIXTURE_UI_ORIGIN);
    await browser.checkInOptions('Codec server');
    await browser.fillInOptions('Codec endpoint', `${CODEC_ENDPOINT}/{namespace}`);
    await browser.fillInOptions('Access token', token);
    await browser.pressInOptions('Add header');
    await browser.fillInOptions('Header 1 name', 'X-Proxy-Key');
    await browser.fillInOptions('Header 1 value', 'proxy-key');
    await browser.clickInOptions('Test');
    await browser.screenshotOptions(shot('options-codec.png'));
  } finally {
    await browser.close();
  }
}

/**
 * The popup setting up a namespace in a Web UI that has its own codec endpoint (light and
 * dark), then what it shows once the tab decoded through it.
 */
async function popupPictures(servers: DemoServers, shot: (name: string) => string): Promise<void> {
  const browser = await launchChromium();
  try {
    await browser.openWebUi(servers.webUi.url + DEMO_WORKFLOW_PATH);
    // The Web UI's own per-browser codec setting, as temporalio/ui keeps it.
    await browser.evaluateInWebUi(`localStorage.setItem('endpoint', ${JSON.stringify(JSON.stringify(CODEC_ENDPOINT))}); localStorage.setItem('overrideRemoteCodecConfiguration', 'true')`);
    await browser.inPopup(async (popup) => {
      await waitFor(async () => (await popup.text()).includes('This Web UI uses'));
      await popup.click('Use this endpoint');
      await popup.fill('Access token', servers.token);
      await popup.screenshot(shot('popup-setup.png'));
      await popup.screenshot(shot('popup-setup-dark.png'), 'dark');
      await popup.click('Save');
    });
    await waitFor(async () => /^[1-9]\d* payloads decoded, 0 failed\.$/.test((await browser.popup()).summary), 60_000);
    await browser.popup(shot('popup-decoded.png'));
  } finally {
    await browser.close();
  }
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('The page did not reach the state to photograph.');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

await main();
