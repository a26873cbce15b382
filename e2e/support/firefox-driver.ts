/**
 * The extension in Debian's Firefox ESR, installed as a temporary add-on and driven
 * through WebDriver BiDi. BiDi will not navigate to moz-extension:// pages, so the
 * extension opens its own pages (settings on install, the popup view through
 * tabs.create from the settings page) and the test drives those tabs.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';
import { askProbeScript, FIREFOX_PROBE_SCRIPT, type ProbeName, type ProbeResult } from './bridge-world';
import { firefoxBuild, firefoxPath } from './browsers';
import { addGrantButton, GRANT_ANSWER, GRANT_BUTTON } from './host-grant';
import { OPTIONS_PATH, POPUP_NOTICE, POPUP_PATH, READ_POPUP, RENDERED, popupLoaded, type BackgroundMemory, type ExtensionDriver, type ExtensionPage, type PopupActions, type PopupView, type RuleSpec } from './driver';
import { connectFirefoxDevtools, DEVTOOLS_PREFS, freePort, type FirefoxDevtools } from './firefox-devtools';
import { killFirefox, quitFirefox } from './firefox-quit';
import { peakDuring } from './memory-sampler';
import { FOCUSED, WATCH_NEXT_NOTICE, nextNotice, watchNextNotice } from './notice';
import { addOrigin, fillRuleForm, type FormActions } from './options-form';
import { within } from './within';

export interface FirefoxOptions {
  /**
   * Install a test build with one more content script that runs the probes of
   * bridge-world.ts in the extension's isolated world (Firefox has no DevTools door there).
   */
  bridgeWorldProbe?: boolean;
  /** The browser program to start instead of the installed Firefox (one that starts it under a policy). */
  executablePath?: string;
}

/** A copy of dist/firefox with the probe content script beside the bridge. */
function buildWithProbe(): string {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'payload-lens-firefox-')), 'extension');
  cpSync(firefoxBuild, dir, { recursive: true });
  writeFileSync(path.join(dir, 'bridge-world-probe.js'), FIREFOX_PROBE_SCRIPT);
  const manifestFile = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { content_scripts: Array<{ matches: string[]; world?: string }> };
  const bridge = manifest.content_scripts.find((script) => script.world !== 'MAIN')!;
  manifest.content_scripts.push({ matches: bridge.matches, js: ['bridge-world-probe.js'], run_at: 'document_start' } as never);
  writeFileSync(manifestFile, JSON.stringify(manifest));
  return dir;
}

/** The add-on's id (browser_specific_settings.gecko.id of the manifest). */
const ADDON_ID = (JSON.parse(readFileSync(path.join(firefoxBuild, 'manifest.json'), 'utf8')) as { browser_specific_settings: { gecko: { id: string } } }).browser_specific_settings.gecko.id;

interface FirefoxProcess {
  browser: Browser;
  devtools: FirefoxDevtools;
}

/** How long installing the add-on may take (puppeteer would wait minutes for Firefox's answer). */
const INSTALL_MS = 30_000;

/** What every Firefox of the tests runs with, beside puppeteer's own test preferences. */
const FIREFOX_PREFS = {
  // No network here: keep Firefox from trying to reach its services.
  'app.update.enabled': false,
  'browser.shell.checkDefaultBrowser': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'extensions.update.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  // Answers the optional-permission prompt with "Allow", as the user would when adding a Web UI address.
  'extensions.webextOptionalPermissionPrompts': false,
  // A temporary add-on is removed at shutdown, and its storage and address with it, unless these say otherwise:
  // with them, installing it again after a restart is the same add-on with the same storage, as for a user.
  'extensions.webextensions.keepStorageOnUninstall': true,
  'extensions.webextensions.keepUuidOnUninstall': true,
  ...DEVTOOLS_PREFS,
};

/**
 * What a profile's first start leaves that a copy must not take: the lock is the old process's; and puppeteer puts a
 * profile's existing prefs.js back as it was when that Firefox closes, which would undo what the add-on's install
 * wrote there (its internal UUID, so its storage) and lose it across a browser restart.
 */
const NOT_COPIED = new Set(['lock', '.parentlock', 'prefs.js']);

/**
 * A profile that Firefox has started on once and quit, made once per test process. Firefox's first start on a new
 * profile spends seconds creating its databases and compiling its start-up scripts into the profile's cache, and
 * it accepts a WebDriver session only once its start-up work is done; a copy of this profile skips that work. It
 * never held the add-on: each copy is a browser the add-on has never been installed in.
 */
let profileTemplate: Promise<string> | undefined;

async function makeProfileTemplate(): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'payload-lens-firefox-template-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: firefoxPath(), headless: true, userDataDir: dir, extraPrefsFirefox: FIREFOX_PREFS });
  await browser.close();
  return dir;
}

/** A new profile: a copy of the template. */
async function newProfile(): Promise<string> {
  // A failed attempt is not kept: the next browser tries again.
  const template = await (profileTemplate ??= makeProfileTemplate().catch((error: unknown) => {
    profileTemplate = undefined;
    throw error;
  }));
  const profile = mkdtempSync(path.join(os.tmpdir(), 'payload-lens-firefox-profile-'));
  cpSync(template, profile, { recursive: true, filter: (source) => !NOT_COPIED.has(path.basename(source)) });
  return profile;
}

/** Firefox on `profile`, with the add-on installed from `extension` (again, after a restart: it is temporary). */
async function startFirefox(profile: string, extension: string, executablePath: string): Promise<FirefoxProcess> {
  const devtoolsPort = await freePort();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: true,
    userDataDir: profile,
    defaultViewport: { width: 1200, height: 900 },
    args: ['--start-debugger-server', String(devtoolsPort)],
    extraPrefsFirefox: FIREFOX_PREFS,
  });
  try {
    await within(browser.installExtension(extension), INSTALL_MS, 'Firefox did not install the add-on');
    return { browser, devtools: await connectFirefoxDevtools(devtoolsPort) };
  } catch (error) {
    // Nobody else knows of this Firefox yet.
    await quitFirefox(browser).catch(() => undefined);
    throw error;
  }
}

export async function launchFirefox({ bridgeWorldProbe = false, executablePath = firefoxPath() }: FirefoxOptions = {}): Promise<ExtensionDriver> {
  const profile = await newProfile();
  const extension = bridgeWorldProbe ? buildWithProbe() : firefoxBuild;
  const firefox = await startFirefox(profile, extension, executablePath);
  return new FirefoxDriver(firefox, await extensionTab(firefox.browser, OPTIONS_PATH), extension, profile, executablePath);
}

/** The extension's process (Firefox names it "WebExtensions"): it runs the event page and the extension's pages. */
function extensionProcessId(browserPid: number): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Arguments are separated by NULs, or by spaces once a process has rewritten its title.
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split(/[\0 ]/);
      const child = args.includes('-contentproc') && args[args.indexOf('-parentPid') + 1] === String(browserPid);
      if (child && readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'WebExtensions') return Number(entry);
    } catch {
      // The process ended while we looked.
    }
  }
  throw new Error('Firefox has no WebExtensions process.');
}

async function residentBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kilobytes = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
  if (kilobytes === undefined) throw new Error(`No resident memory for process ${pid}.`);
  return Number(kilobytes) * 1024;
}

/** How long one tab may take to say where it is before the search moves on to the next. */
const LOCATION_WAIT_MS = 1500;

/**
 * A tab the extension opened. Its target keeps reporting about:blank over BiDi (the
 * navigation to moz-extension:// is not reported), so the tab's own location decides. A tab that is loading or
 * closing may not answer for a long time, so each is given a moment and asked again on the next pass; Web UI tabs,
 * whose targets do report their address, are not asked at all. The newest tabs are asked first: the one wanted was
 * usually opened just now, and a browser shared by many tests holds older tabs that may each cost a moment.
 */
async function extensionTab(browser: Browser, pagePath: string, timeoutMs = 20_000): Promise<Page> {
  const deadline = Date.now() + timeoutMs;
  // What each tab said on the last pass, for the error: a search that fails once in many runs should say why.
  let lastPass: string[] = [];
  while (Date.now() < deadline) {
    lastPass = [];
    for (const page of (await browser.pages()).reverse()) {
      if (/^(https?|file):/.test(page.url())) continue;
      const href = await within(page.evaluate(() => location.href), LOCATION_WAIT_MS, 'no answer').catch((error: unknown) => {
        lastPass.push(`${page.url()} (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
        return '';
      });
      if (href.startsWith('moz-extension://') && href.includes(pagePath)) return page;
      if (href) lastPass.push(href);
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`The extension did not open ${pagePath} within ${timeoutMs / 1000} s; the other tabs said: ${lastPass.join(', ') || 'nothing'}.`);
}

/** Openings so far, to mark each: a tab that shows itself late is never taken for a later opening of the same page. */
let openings = 0;

/**
 * Opens an extension page with `open` (given the page's path and query, marked; it answers with the new tab's id) and
 * finds its tab. Now and then Firefox leaves a tab the extension creates at about:blank: past half the wait that tab
 * is closed with `close` and the page opened once more, so that no second copy of it (a second panel keeping a tab's
 * private view alive, say) is left behind.
 */
async function openedExtensionTab(
  browser: Browser,
  pathAndQuery: string,
  open: (marked: string) => Promise<number | undefined>,
  close: (tabId: number) => Promise<void>,
  timeoutMs = 20_000,
): Promise<Page> {
  const marked = `${pathAndQuery}${pathAndQuery.includes('?') ? '&' : '?'}opening=${++openings}`;
  const first = await open(marked);
  try {
    return await extensionTab(browser, marked, timeoutMs / 2);
  } catch {
    if (first !== undefined) await close(first).catch(() => undefined);
    await open(marked);
    return extensionTab(browser, marked, timeoutMs / 2);
  }
}

/** How long a form control may take to appear: the settings page renders some (the addresses) once it has read them. */
const CONTROL_WAIT_MS = 10_000;

async function elementByLabel(page: Page, text: string): Promise<ElementHandle<Element>> {
  // Waited for, as Playwright's getByLabel waits in Chromium.
  const handle = await page
    .waitForFunction(
      (wanted: string) => {
        // Exact first; then a label that starts with the name and carries a hint after it.
        const labels = Array.from(document.querySelectorAll('label'));
        const label = labels.find((l) => l.textContent?.trim() === wanted) ?? labels.find((l) => l.textContent?.trim().startsWith(`${wanted} `));
        return label?.control ?? null;
      },
      { timeout: CONTROL_WAIT_MS, polling: 100 },
      text,
    )
    .catch(() => undefined);
  const element = handle?.asElement() as ElementHandle<Element> | null | undefined;
  if (!element) throw new Error(`No form control labelled “${text}” within ${CONTROL_WAIT_MS / 1000} s.`);
  return element;
}

async function buttonByName(page: Page, name: string): Promise<ElementHandle<Element>> {
  const handle = await page.evaluateHandle((wanted: string) => Array.from(document.querySelectorAll('button')).find((b) => b.textContent?.trim() === wanted) ?? null, name);
  const element = handle.asElement() as ElementHandle<Element> | null;
  if (!element) throw new Error(`No button named “${name}”.`);
  return element;
}

/**
 * Clicks the button named so. A page may render it anew between finding and clicking it (a view refreshed from the
 * background): the click then finds no box to click, and the button is looked up once more.
 */
async function clickButtonNamed(page: Page, name: string): Promise<void> {
  try {
    await (await buttonByName(page, name)).click();
  } catch (error) {
    if (!/not clickable/.test(String(error))) throw error;
    await (await buttonByName(page, name)).click();
  }
}

class FirefoxDriver implements ExtensionDriver {
  readonly browserName = 'firefox' as const;
  private webUi: Page | undefined;

  private browser: Browser;
  private devtools: FirefoxDevtools;

  constructor(
    firefox: FirefoxProcess,
    private options: Page,
    private readonly extensionDir: string,
    private readonly profile: string,
    private readonly executablePath: string,
  ) {
    ({ browser: this.browser, devtools: this.devtools } = firefox);
  }

  private form(page: Page): FormActions {
    return {
      fill: async (label, value) => {
        const input = await elementByLabel(page, label);
        // What Playwright's fill does in Chromium: focus, select everything, replace it in one editing action (one
        // trusted input event, as a paste makes). Typing key by key costs a WebDriver round trip per character.
        const replaced = await input.evaluate((element, text) => {
          const field = element as HTMLInputElement | HTMLTextAreaElement;
          field.focus();
          field.select();
          return field.value === text || document.execCommand(text ? 'insertText' : 'delete', false, text);
        }, value);
        if (!replaced) throw new Error(`The form control labelled “${label}” took no text.`);
      },
      check: async (name) => {
        const input = await elementByLabel(page, name);
        if (!(await input.evaluate((element) => (element as HTMLInputElement).checked))) await input.click();
      },
      click: (name) => clickButtonNamed(page, name),
    };
  }

  /** Does something in the options page and returns the notice it then shows. */
  private async inOptions(act: (page: Page) => Promise<void>): Promise<string> {
    const page = this.options;
    await page.bringToFront();
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Payload Lens');
    await page.evaluate(WATCH_NEXT_NOTICE);
    await act(page);
    return nextNotice((expression) => page.evaluate(expression), 'The settings page');
  }

  saveRule(rule: RuleSpec): Promise<string> {
    return this.inOptions((page) => fillRuleForm(this.form(page), rule));
  }

  addUiOrigin(origin: string): Promise<string> {
    return this.inOptions((page) => addOrigin(this.form(page), origin));
  }

  /** The settings page in front, once it has its state. */
  private async readyOptions(): Promise<Page> {
    await this.options.bringToFront();
    await this.options.waitForFunction(() => document.querySelector('h1') !== null && !document.body.innerText.includes('Loading…'));
    return this.options;
  }

  async fillInOptions(label: string, value: string): Promise<void> {
    const page = await this.readyOptions();
    await this.form(page).fill(label, value);
  }

  async checkInOptions(label: string): Promise<void> {
    const page = await this.readyOptions();
    await this.form(page).check(label);
  }

  async pressInOptions(buttonName: string): Promise<void> {
    const page = await this.readyOptions();
    await this.form(page).click(buttonName);
  }

  clickInOptions(buttonName: string): Promise<string> {
    return this.inOptions((page) => clickButtonNamed(page, buttonName));
  }

  async chooseFileInOptions(name: string, contents: string): Promise<void> {
    await this.readyOptions();
    // BiDi's input.setFiles takes paths: the file is written where the browser can read it.
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'payload-lens-upload-')), name);
    writeFileSync(file, contents);
    const input = (await this.options.$('input[type=file]')) as ElementHandle<HTMLInputElement> | null;
    if (!input) throw new Error('The options page has no file input.');
    await input.uploadFile(file);
  }

  async optionsText(): Promise<string> {
    // Once the page has its state: before that it shows the heading and "Loading…".
    await this.options.waitForFunction(() => document.querySelector('h1') !== null && !document.body.innerText.includes('Loading…'));
    return this.options.evaluate(() => document.body.innerText);
  }

  removeUiOrigin(origin: string): Promise<string> {
    return this.inOptions(async (page) => {
      const handle = await page.evaluateHandle((label: string) => document.querySelector(`button[aria-label="${label}"]`), `Remove ${origin}`);
      const button = handle.asElement() as ElementHandle<Element> | null;
      if (!button) throw new Error(`No button to remove ${origin}.`);
      await button.click();
    });
  }

  evaluateInWebUi<T>(expression: string): Promise<T> {
    return this.ui().evaluate(expression) as Promise<T>;
  }

  async fillWebUi(label: string, value: string): Promise<void> {
    await this.form(this.ui()).fill(label, value);
  }

  async clickWebUi(buttonName: string): Promise<void> {
    await clickButtonNamed(this.ui(), buttonName);
  }

  async openWebUi(url: string): Promise<void> {
    this.webUi ??= await this.browser.newPage();
    await this.webUi.goto(url);
    await this.webUi.waitForFunction(() => document.body?.dataset.state !== 'loading');
  }

  async leaveWebUi(): Promise<void> {
    await this.webUi?.goto('about:blank');
  }

  private ui(): Page {
    if (!this.webUi) throw new Error('Open the Web UI first.');
    return this.webUi;
  }

  /** Firefox match patterns have no ports, so the tab is picked by its origin after the query. */
  async webUiTabId(): Promise<number> {
    const url = new URL(this.ui().url());
    const id = await this.options.evaluate(
      async (pattern: string, origin: string) => (await browser.tabs.query({ url: pattern })).find((tab) => tab.url?.startsWith(`${origin}/`))?.id,
      `${url.protocol}//${url.hostname}/*`,
      url.origin,
    );
    if (id === undefined) throw new Error('The Web UI tab was not found.');
    return id;
  }

  async openExtensionPage(pathAndQuery: string): Promise<ExtensionPage> {
    const page = await this.openTab(pathAndQuery);
    await page.waitForFunction(RENDERED);
    return {
      evaluate: <T>(expression: string) => page.evaluate(expression) as Promise<T>,
      screenshot: async (file) => void (await page.screenshot({ path: file as `${string}.png`, fullPage: true })),
      close: () => page.close(),
    };
  }

  async badge(): Promise<string> {
    const tabId = await this.webUiTabId();
    return this.options.evaluate((id: number | undefined) => browser.action.getBadgeText({ tabId: id }), tabId);
  }

  /** The popup's view for the Web UI tab, opened in a tab of its own by the extension (BiDi cannot open it). */
  private async openPopup(): Promise<Page> {
    const tabId = await this.webUiTabId();
    return this.openTab(`${POPUP_PATH}?tab=${tabId}`);
  }

  /** One of the extension's pages in a new tab, which the settings page has the extension open (BiDi cannot). */
  private openTab(pathAndQuery: string): Promise<Page> {
    return openedExtensionTab(
      this.browser,
      pathAndQuery,
      (marked) => this.options.evaluate(async (path: string) => (await browser.tabs.create({ url: browser.runtime.getURL(path), active: false })).id, marked),
      (tabId) => this.options.evaluate(async (id: number) => void (await browser.tabs.remove(id)), tabId),
    );
  }

  async inPopup(act: (popup: PopupActions) => Promise<void>): Promise<string> {
    const popup = await this.openPopup();
    try {
      await popup.bringToFront();
      await popup.waitForFunction(popupLoaded);
      await popup.evaluate(watchNextNotice(POPUP_NOTICE));
      const form = this.form(popup);
      await act({
        ...form,
        uncheck: async (label) => {
          const input = await elementByLabel(popup, label);
          if (await input.evaluate((element) => (element as HTMLInputElement).checked)) await input.click();
        },
        text: () => popup.evaluate(() => document.body.innerText),
        value: async (label) => (await elementByLabel(popup, label)).evaluate((element) => (element as HTMLInputElement).value),
        focused: () => popup.evaluate(FOCUSED) as Promise<string>,
        screenshot: async (file, scheme = 'light') => {
          await popup.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
          await popup.screenshot({ path: file as `${string}.png`, fullPage: true });
        },
      });
      return await nextNotice((expression) => popup.evaluate(expression), 'The popup');
    } finally {
      await popup.close();
    }
  }

  async popup(screenshot?: string): Promise<PopupView> {
    const popup = await this.openPopup();
    // Its summary says "Loading…" until the popup has its state.
    await popup.waitForFunction(popupLoaded);
    const view = (await popup.evaluate(READ_POPUP)) as PopupView;
    if (screenshot) await popup.screenshot({ path: screenshot as `${string}.png` });
    await popup.close();
    return view;
  }

  async screenshotWebUi(file: string): Promise<void> {
    await this.ui().screenshot({ path: file as `${string}.png` });
  }

  async screenshotOptions(file: string): Promise<void> {
    await this.options.screenshot({ path: file as `${string}.png`, fullPage: true });
  }

  async reloadOptions(): Promise<void> {
    await this.options.evaluate(() => {
      (window as { reloading?: boolean }).reloading = true;
      location.reload();
    });
    // Until the new document has loaded its state: the old one still shows the same heading.
    await this.options.waitForFunction(() => !(window as { reloading?: boolean }).reloading && document.querySelector('h1') !== null && !document.body.innerText.includes('Loading…'));
  }

  evaluateInOptions<T>(expression: string): Promise<T> {
    return this.options.evaluate(expression) as Promise<T>;
  }

  async probeBridgeWorld<T>(probe: ProbeName, ...args: unknown[]): Promise<ProbeResult<T>> {
    return this.ui().evaluate(askProbeScript(probe, args)) as Promise<ProbeResult<T>>;
  }

  async updateExtension(): Promise<void> {
    const before = this.options;
    // Installing a temporary add-on again under the same id is an update: same storage, onInstalled "update".
    await this.browser.installExtension(this.extensionDir);
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      for (const page of await this.browser.pages()) {
        if (page === before) continue;
        const href = await page.evaluate(() => location.href).catch(() => '');
        if (href.startsWith('moz-extension://') && href.includes(OPTIONS_PATH)) {
          this.options = page;
          return;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    throw new Error('The updated extension did not open its settings page.');
  }

  async revokeHostAccess(origin: string): Promise<void> {
    // What the add-on's permission switch in about:addons does. Firefox grants hosts without their port (the build's
    // patterns have none), so this withdraws every port of the origin's host.
    const { protocol, hostname } = new URL(origin);
    await this.options.evaluate((pattern: string) => browser.permissions.remove({ origins: [pattern] }), `${protocol}//${hostname}/*`);
  }

  async grantHostAccess(pattern: string): Promise<void> {
    // Clicked through WebDriver, as a user clicks; the profile answers the prompt with "Allow" (FIREFOX_PREFS).
    const page = await this.readyOptions();
    await page.evaluate(addGrantButton(pattern));
    await page.click(GRANT_BUTTON);
    if ((await within(page.evaluate(GRANT_ANSWER), 10_000, `Firefox did not answer the request for ${pattern}`)) !== true) throw new Error(`Firefox did not grant ${pattern}.`);
  }

  async removeExtension(): Promise<void> {
    await this.browser.uninstallExtension(ADDON_ID);
  }

  async stopBackground(): Promise<void> {
    await this.devtools.stopBackground(ADDON_ID);
  }

  async backgroundMemoryDuring<T>(run: () => Promise<T>): Promise<{ result: T; memory: BackgroundMemory }> {
    const pid = extensionProcessId(this.browser.process()!.pid!);
    return peakDuring('the WebExtensions process’s resident memory', () => residentBytes(pid), run);
  }

  async restartBrowser(): Promise<void> {
    this.devtools.close();
    // Only once the old Firefox has exited is the profile free for the new one.
    await quitFirefox(this.browser);
    this.webUi = undefined;
    ({ browser: this.browser, devtools: this.devtools } = await startFirefox(this.profile, this.extensionDir, this.executablePath));
    // The extension opens its settings only on a first install; BiDi cannot open an extension page, its background can.
    await this.devtools.evaluateInBackground(ADDON_ID, `browser.tabs.create({ url: browser.runtime.getURL(${JSON.stringify(OPTIONS_PATH)}) }).then(() => true)`);
    this.options = await extensionTab(this.browser, OPTIONS_PATH);
  }

  closed(): Promise<void> {
    return new Promise((resolve) => this.browser.once('disconnected', () => resolve()));
  }

  async close(): Promise<void> {
    this.devtools.close();
    // The profile is thrown away, so nothing Firefox would save on quitting is worth the second it takes.
    await killFirefox(this.browser);
    // Firefox's processes can still write to the profile just after it says it closed.
    await rm(this.profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 500 }).catch(() => undefined);
  }
}

// Extension pages have the `browser` global; declared here for code evaluated in them.
declare const browser: import('webextension-polyfill').Browser;
