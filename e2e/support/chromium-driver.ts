/** The extension in Debian's Chromium, loaded unpacked and driven through Playwright. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { CHROMIUM_FLAGS, chromeBuild, chromiumPath } from './browsers';
import { OPTIONS_PATH, POPUP_NOTICE, POPUP_PATH, READ_POPUP, RENDERED, popupLoaded, type BackgroundMemory, type ExtensionDriver, type ExtensionPage, type PopupActions, type PopupView, type RuleSpec } from './driver';
import { peakDuring } from './memory-sampler';
import { attachToTarget } from './target-session';
import { addGrantButton, GRANT_ANSWER, GRANT_BUTTON } from './host-grant';
import { within } from './within';
import { PROBES_SOURCE, type ProbeName, type ProbeResult } from './bridge-world';
import { FOCUSED, WATCH_NEXT_NOTICE, nextNotice, watchNextNotice } from './notice';
import { addOrigin, fillRuleForm, type FormActions } from './options-form';

export interface ChromiumOptions {
  /** Headless for tests; `npm start` shows the window. */
  headless?: boolean;
  /**
   * Host permissions to hold from the start, standing in for the user's "Allow": headless
   * Chromium shows the optional-permission prompt where no one can answer it. The
   * extension still asks (the browser then answers yes at once) and registers its scripts.
   */
  grantedOrigins?: string[];
  /** The browser program to start instead of the installed Chromium (one that starts it under a policy). */
  executablePath?: string;
  /** A manifest `key`, which fixes the extension's id. */
  manifestKey?: string;
  /** Every page's size, and then every picture is exactly that size (the stores ask for 1280×800). */
  pictureSize?: { width: number; height: number };
}

/**
 * The extension as this browser loads it: a copy of dist/chrome in the profile's folder,
 * whose manifest already holds the given host permissions. A copy, so an update can be
 * played by changing its version in place.
 */
export function extensionCopy(origins: string[], into: string, key: string | undefined): string {
  const dir = path.join(into, 'extension');
  cpSync(chromeBuild, dir, { recursive: true });
  editManifest(dir, (manifest) => {
    manifest.host_permissions.push(...origins.map((origin) => `${origin}/*`));
    if (key !== undefined) manifest.key = key;
  });
  return dir;
}

/** The options form's fields and buttons in a Playwright page, found as a user finds them: by their labels. */
export function pageForm(page: Page): FormActions {
  return {
    fill: (label, value) => page.getByLabel(label, { exact: true }).fill(value),
    check: (name) => page.getByLabel(name, { exact: true }).check(),
    click: (name) => page.getByRole('button', { name, exact: true }).click(),
  };
}

/** Does something in an options page, once it has drawn itself, and returns the notice it then shows. */
export async function actInOptions(page: Page, act: (page: Page) => Promise<void>): Promise<string> {
  await page.getByRole('heading', { name: 'Payload Lens' }).waitFor();
  await page.evaluate(WATCH_NEXT_NOTICE);
  await act(page);
  return nextNotice((expression) => page.evaluate(expression), 'The settings page');
}

interface EditableManifest {
  host_permissions: string[];
  version: string;
  key?: string;
}

function editManifest(dir: string, edit: (manifest: EditableManifest) => void): void {
  const manifestFile = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as EditableManifest;
  edit(manifest);
  writeFileSync(manifestFile, JSON.stringify(manifest));
}

/**
 * Playwright otherwise watches the service worker's network: Chromium then hands the driver a copy of every request
 * the background makes, codec request bodies included, which no user's browser does (a 1,000-payload answer through
 * a codec server spent about as long on it as on everything else). Read when the worker is first seen.
 */
process.env['PLAYWRIGHT_DISABLE_SERVICE_WORKER_NETWORK'] ??= '1';

async function openContext(profile: string, extension: string, headless: boolean, executablePath: string, pictureSize?: { width: number; height: number }): Promise<{ context: BrowserContext; base: string }> {
  const context = await chromium.launchPersistentContext(path.join(profile, 'profile'), {
    executablePath,
    headless,
    args: [...CHROMIUM_FLAGS, `--disable-extensions-except=${extension}`, `--load-extension=${extension}`],
    viewport: headless ? (pictureSize ?? { width: 1200, height: 900 }) : null,
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  return { context, base: `chrome-extension://${new URL(worker.url()).host}/` };
}

export async function launchChromium({ headless = true, grantedOrigins = [], executablePath = chromiumPath(), manifestKey, pictureSize }: ChromiumOptions = {}): Promise<ExtensionDriver> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'payload-lens-chromium-'));
  const extension = extensionCopy(grantedOrigins, profile, manifestKey);
  const { context, base } = await openContext(profile, extension, headless, executablePath, pictureSize);
  const options = await installPage(context, base + OPTIONS_PATH);
  return new ChromiumDriver(context, base, profile, options, extension, headless, executablePath, pictureSize);
}

/**
 * The settings tab the extension opens on install (it may still be loading when we look). Playwright announces a new
 * tab with its address already set, so each new tab is looked at as it comes; the look every 100 ms is for a tab
 * that reaches the page only after it was announced.
 */
async function installPage(context: BrowserContext, url: string): Promise<Page> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const page = context.pages().find((p) => p.url().startsWith(url));
    if (page) return page;
    await context.waitForEvent('page', { timeout: 100 }).catch(() => undefined);
  }
  throw new Error('The extension did not open its settings page.');
}

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

/** Evaluates `expression` in the extension's service worker, started if it is stopped; Chromium only. */
export async function evaluateInServiceWorker<T>(driver: ExtensionDriver, expression: string): Promise<T> {
  if (!(driver instanceof ChromiumDriver)) throw new Error('The service worker is reached in Chromium only.');
  return driver.evaluateInWorker<T>(expression);
}

class ChromiumDriver implements ExtensionDriver {
  readonly browserName = 'chromium' as const;
  private webUi: Page | undefined;
  private browserSession: CDPSession | undefined;

  constructor(
    private context: BrowserContext,
    private base: string,
    private readonly profile: string,
    private options: Page,
    private readonly extensionDir: string,
    private readonly headless: boolean,
    private readonly executablePath: string,
    private readonly pictureSize?: { width: number; height: number },
  ) {}

  /** A whole page, unless pictures have a fixed size. */
  private get fullPage(): boolean {
    return this.pictureSize === undefined;
  }

  private async optionsPage(): Promise<Page> {
    await this.options.bringToFront();
    return this.options;
  }

  /** Does something in the options page and returns the notice it then shows. */
  private async inOptions(act: (page: Page) => Promise<void>): Promise<string> {
    return actInOptions(await this.optionsPage(), act);
  }

  saveRule(rule: RuleSpec): Promise<string> {
    return this.inOptions((page) => fillRuleForm(pageForm(page), rule));
  }

  addUiOrigin(origin: string): Promise<string> {
    return this.inOptions((page) => addOrigin(pageForm(page), origin));
  }

  async fillInOptions(label: string, value: string): Promise<void> {
    await pageForm(await this.optionsPage()).fill(label, value);
  }

  async checkInOptions(label: string): Promise<void> {
    await pageForm(await this.optionsPage()).check(label);
  }

  async pressInOptions(buttonName: string): Promise<void> {
    // By the visible text, as clickInOptions does.
    await (await this.optionsPage()).locator('button', { hasText: buttonName }).first().click();
  }

  clickInOptions(buttonName: string): Promise<string> {
    // By the visible text, as a sighted user picks it (some buttons carry a longer accessible name).
    return this.inOptions((page) => page.locator('button', { hasText: buttonName }).first().click());
  }

  async chooseFileInOptions(name: string, contents: string): Promise<void> {
    const page = await this.optionsPage();
    await page.locator('input[type=file]').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(contents) });
  }

  async optionsText(): Promise<string> {
    const page = await this.optionsPage();
    // Once the page has its state: before that it shows the heading and "Loading…".
    await page.waitForFunction(() => document.querySelector('h1') !== null && !document.body.innerText.includes('Loading…'));
    return page.locator('body').innerText();
  }

  removeUiOrigin(origin: string): Promise<string> {
    return this.inOptions((page) => page.getByRole('button', { name: `Remove ${origin}`, exact: true }).click());
  }

  evaluateInWebUi<T>(expression: string): Promise<T> {
    return this.ui().evaluate(expression) as Promise<T>;
  }

  async fillWebUi(label: string, value: string): Promise<void> {
    // Web UI labels may carry hints after the name ("Input JSON, sent as …").
    const name = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`);
    await this.ui().getByRole('textbox', { name }).fill(value);
  }

  async clickWebUi(buttonName: string): Promise<void> {
    await this.ui().getByRole('button', { name: buttonName, exact: true }).click();
  }

  async openWebUi(url: string): Promise<void> {
    this.webUi ??= await this.context.newPage();
    await this.webUi.goto(url);
    await this.webUi.waitForFunction(() => document.body?.dataset.state !== 'loading');
  }

  async leaveWebUi(): Promise<void> {
    await this.webUi?.goto('about:blank');
  }

  async evaluateInWorker<T>(expression: string): Promise<T> {
    await this.runningWorker();
    const ours = (candidate: { url(): string }) => candidate.url().startsWith(this.base);
    const worker = this.context.serviceWorkers().find(ours) ?? (await this.context.waitForEvent('serviceworker', { predicate: ours }));
    return (await worker.evaluate(expression)) as T;
  }

  private ui(): Page {
    if (!this.webUi) throw new Error('Open the Web UI first.');
    return this.webUi;
  }

  async webUiTabId(): Promise<number> {
    const origin = new URL(this.ui().url()).origin;
    const id = await (await this.optionsPage()).evaluate(async (pattern) => {
      const [tab] = await chrome.tabs.query({ url: pattern });
      return tab?.id;
    }, `${origin}/*`);
    if (id === undefined) throw new Error('The Web UI tab was not found.');
    return id;
  }

  async openExtensionPage(pathAndQuery: string): Promise<ExtensionPage> {
    const page = await this.context.newPage();
    await page.goto(this.base + pathAndQuery);
    await page.waitForFunction(RENDERED);
    return {
      evaluate: <T>(expression: string) => page.evaluate(expression) as Promise<T>,
      screenshot: async (file) => void (await page.screenshot({ path: file, fullPage: this.fullPage })),
      close: () => page.close(),
    };
  }

  async popup(screenshot?: string): Promise<PopupView> {
    const tabId = await this.webUiTabId();
    const popup = await this.context.newPage();
    await popup.setViewportSize({ width: 360, height: 420 });
    await popup.goto(`${this.base}${POPUP_PATH}?tab=${tabId}`);
    // Its summary says "Loading…" until the popup has its state.
    await popup.waitForFunction(popupLoaded);
    const view = (await popup.evaluate(READ_POPUP)) as PopupView;
    if (screenshot) await popup.locator('main').screenshot({ path: screenshot });
    await popup.close();
    return view;
  }

  async inPopup(act: (popup: PopupActions) => Promise<void>): Promise<string> {
    const tabId = await this.webUiTabId();
    const popup = await this.context.newPage();
    try {
      await popup.setViewportSize({ width: 360, height: 700 });
      await popup.goto(`${this.base}${POPUP_PATH}?tab=${tabId}`);
      await popup.waitForFunction(popupLoaded);
      await popup.evaluate(watchNextNotice(POPUP_NOTICE));
      await act({
        ...pageForm(popup),
        uncheck: (label) => popup.getByLabel(label, { exact: true }).uncheck(),
        text: () => popup.locator('body').innerText(),
        value: (label) => popup.getByLabel(label, { exact: true }).inputValue(),
        focused: () => popup.evaluate(FOCUSED),
        screenshot: async (file, scheme = 'light') => {
          await popup.emulateMedia({ colorScheme: scheme });
          await popup.locator('main').screenshot({ path: file });
        },
      });
      return await nextNotice((expression) => popup.evaluate(expression), 'The popup');
    } finally {
      await popup.close();
    }
  }

  async badge(): Promise<string> {
    const tabId = await this.webUiTabId();
    return (await this.optionsPage()).evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
  }

  async screenshotWebUi(file: string): Promise<void> {
    await this.ui().screenshot({ path: file });
  }

  async screenshotOptions(file: string): Promise<void> {
    const page = await this.optionsPage();
    const size = page.viewportSize();
    if (!this.fullPage) return void (await page.screenshot({ path: file }));
    // A headed window has no set size to change.
    if (!size) return void (await page.screenshot({ path: file, fullPage: true }));
    // A whole page is pictured with the window at its own height, where the sticky notice stays: part-way down the
    // picture, over the form. The window is made as tall as the page for it, so the notice is at the bottom.
    await page.setViewportSize({ width: size.width, height: await page.evaluate(() => document.documentElement.scrollHeight) });
    try {
      await page.screenshot({ path: file, fullPage: true });
    } finally {
      await page.setViewportSize(size);
    }
  }

  async reloadOptions(): Promise<void> {
    await this.options.reload();
    await this.options.waitForFunction(() => document.querySelector('h1') !== null && !document.body.innerText.includes('Loading…'));
  }

  async evaluateInOptions<T>(expression: string): Promise<T> {
    return (await this.optionsPage()).evaluate(expression) as Promise<T>;
  }

  async probeBridgeWorld<T>(probe: ProbeName, ...args: unknown[]): Promise<ProbeResult<T>> {
    const session = await this.context.newCDPSession(this.ui());
    try {
      const contexts: Array<{ id: number; name: string; auxData?: { type?: string; frameId?: string } }> = [];
      session.on('Runtime.executionContextCreated', ({ context }) => contexts.push(context));
      await session.send('Runtime.enable');
      const { frameTree } = await session.send('Page.getFrameTree');
      // The world Chromium gives the extension's content scripts is named after the extension.
      const world = contexts.find((c) => c.name === 'Payload Lens' && c.auxData?.type === 'isolated' && c.auxData.frameId === frameTree.frame.id);
      if (!world) throw new Error('The extension has no isolated world in the Web UI tab.');
      const { result, exceptionDetails } = await session.send('Runtime.evaluate', {
        expression: `(${PROBES_SOURCE}).${probe}(...${JSON.stringify(args)})`,
        contextId: world.id,
        awaitPromise: true,
        returnByValue: true,
      });
      if (exceptionDetails) throw new Error(`The probe ${probe} threw: ${exceptionDetails.text}`);
      return result.value as ProbeResult<T>;
    } finally {
      await session.detach();
    }
  }

  /** A DevTools session on the browser itself, for targets Playwright does not hand out. */
  private async browserCdp(): Promise<CDPSession> {
    const browser = this.context.browser();
    if (!browser) throw new Error('Chromium gave no browser-level DevTools session.');
    this.browserSession ??= await browser.newBrowserCDPSession();
    return this.browserSession;
  }

  private async workerTargets(): Promise<TargetInfo[]> {
    const { targetInfos } = (await (await this.browserCdp()).send('Target.getTargets')) as { targetInfos: TargetInfo[] };
    return targetInfos.filter((target) => target.type === 'service_worker' && target.url.startsWith(this.base));
  }

  async stopBackground(): Promise<void> {
    const session = await this.browserCdp();
    const deadline = Date.now() + 10_000;
    for (let attempt = 0; ; attempt++) {
      const running = await this.workerTargets();
      if (running.length === 0) return;
      if (Date.now() > deadline) throw new Error('The service worker did not stop.');
      // Stopped again every second: an event can start it again at once (the tab's relay frame coming up hands it
      // a channel), before this sees it gone.
      if (attempt % 10 === 0) for (const { targetId } of running) await session.send('Target.closeTarget', { targetId }).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The service worker, started if it is stopped: any message from an extension page wakes it. */
  private async runningWorker(): Promise<void> {
    const deadline = Date.now() + 10_000;
    while ((await this.workerTargets()).length === 0) {
      if (Date.now() > deadline) throw new Error('The service worker did not start.');
      // Not brought to the front: the Web UI tab must stay the active one while it is measured.
      await this.options.evaluate(() => chrome.runtime.sendMessage({ type: 'wake-up' }).catch(() => undefined));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async backgroundMemoryDuring<T>(run: () => Promise<T>): Promise<{ result: T; memory: BackgroundMemory }> {
    await this.runningWorker();
    const worker = await attachToTarget(await this.browserCdp(), (target) => target.type === 'service_worker' && target.url.startsWith(this.base));
    try {
      // Idle is what is left after a full collection; the peak counts garbage not yet collected, as memory does.
      await worker.send('HeapProfiler.collectGarbage');
      const used = async () => (await worker.send<{ usedSize: number }>('Runtime.getHeapUsage')).usedSize;
      return await peakDuring('the service worker’s JavaScript heap', used, run);
    } finally {
      await worker.detach();
    }
  }

  async restartBrowser(): Promise<void> {
    await this.context.close();
    this.browserSession = undefined;
    this.webUi = undefined;
    ({ context: this.context, base: this.base } = await openContext(this.profile, this.extensionDir, this.headless, this.executablePath, this.pictureSize));
    // The extension opens its settings only on a first install: open them as the user would.
    this.options = await this.context.newPage();
    await this.options.goto(this.base + OPTIONS_PATH);
  }

  async updateExtension(): Promise<void> {
    // A new version at the same path, loaded into the same profile: Chromium updates the
    // extension in place (same id, same storage) and fires onInstalled with reason "update".
    await this.context.close();
    editManifest(this.extensionDir, (manifest) => {
      const parts = manifest.version.split('.').map(Number);
      parts[parts.length - 1]! += 1;
      manifest.version = parts.join('.');
    });
    this.browserSession = undefined;
    ({ context: this.context, base: this.base } = await openContext(this.profile, this.extensionDir, this.headless, this.executablePath, this.pictureSize));
    this.webUi = undefined;
    this.options = await installPage(this.context, this.base + OPTIONS_PATH);
  }

  async revokeHostAccess(origin: string): Promise<void> {
    // Host permissions of the manifest cannot be removed by the extension, only withheld by the user: "Site access:
    // On specific sites" on the extensions page, then every site back but this one.
    const page = await this.context.newPage();
    try {
      await page.goto('chrome://extensions');
      await page.evaluate(
        async ({ id, revoked }) => {
          const api = (globalThis as unknown as { chrome: { developerPrivate: DeveloperPrivate } }).chrome.developerPrivate;
          const granted = (await api.getExtensionInfo(id)).permissions.runtimeHostPermissions?.hosts.filter((h) => h.granted).map((h) => h.host) ?? [];
          await api.updateExtensionConfiguration({ extensionId: id, hostAccess: 'ON_SPECIFIC_SITES' });
          for (const host of granted) if (host !== revoked) await api.addHostPermission(id, host);
        },
        { id: new URL(this.base).host, revoked: `${origin}/*` },
      );
    } finally {
      await page.close();
    }
  }

  async grantHostAccess(pattern: string): Promise<void> {
    // Headless Chromium shows the extension's request where no one can answer it. The extensions page's own API grants
    // a site without asking, but for a pattern that is only optional it just records the grant in the profile; the
    // extension's request for a pattern the profile holds granted is then answered yes without a prompt.
    const page = await this.context.newPage();
    try {
      await page.goto('chrome://extensions');
      await page.evaluate(
        ({ id, host }) => (globalThis as unknown as { chrome: { developerPrivate: DeveloperPrivate } }).chrome.developerPrivate.addHostPermission(id, host),
        { id: new URL(this.base).host, host: pattern },
      );
    } finally {
      await page.close();
    }
    const options = await this.optionsPage();
    await options.evaluate(addGrantButton(pattern));
    await options.click(GRANT_BUTTON);
    if ((await within(options.evaluate(GRANT_ANSWER), 10_000, `Chromium did not answer the request for ${pattern}`)) !== true) throw new Error(`Chromium did not grant ${pattern}.`);
  }

  async removeExtension(): Promise<void> {
    // The extensions page's switch: chrome.management is that page's own API there.
    const page = await this.context.newPage();
    try {
      await page.goto('chrome://extensions');
      await page.evaluate((id) => (globalThis as unknown as { chrome: { management: { setEnabled(id: string, enabled: boolean): Promise<void> } } }).chrome.management.setEnabled(id, false), new URL(this.base).host);
    } finally {
      await page.close();
    }
  }

  closed(): Promise<void> {
    return new Promise((resolve) => this.context.once('close', () => resolve()));
  }

  async close(): Promise<void> {
    const closed = this.closed();
    try {
      // The profile is thrown away, so nothing Chromium would save on a graceful close is worth the time it takes.
      await this.killBrowser();
      // Playwright closes the context itself once it sees the browser gone: asking it to as well races with that.
      await within(closed, 10_000, 'Playwright did not see the killed Chromium go');
    } catch {
      await this.context.close();
    }
    // Its other processes were killed with it, but one may still be finishing a write in the profile for a moment.
    rmSync(this.profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 });
  }

  /**
   * Ends Chromium and every process it started, as Playwright itself does with a browser that does not close: they
   * form the process group Playwright started the browser as the leader of.
   */
  private async killBrowser(): Promise<void> {
    const { processInfo } = (await (await this.browserCdp()).send('SystemInfo.getProcessInfo')) as { processInfo: Array<{ type: string; id: number }> };
    const browser = processInfo.find((info) => info.type === 'browser');
    if (!browser) throw new Error('Chromium did not say which process is the browser.');
    process.kill(-browser.id, 'SIGKILL');
  }
}

/** The part of chrome.developerPrivate (the extensions page's own API) that withholds site access. */
interface DeveloperPrivate {
  getExtensionInfo(id: string): Promise<{ permissions: { runtimeHostPermissions?: { hosts: Array<{ host: string; granted: boolean }> } } }>;
  updateExtensionConfiguration(update: { extensionId: string; hostAccess: 'ON_CLICK' | 'ON_SPECIFIC_SITES' | 'ON_ALL_SITES' }): Promise<void>;
  addHostPermission(id: string, host: string): Promise<void>;
}
