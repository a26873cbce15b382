/**
 * What a test does with the extension, the same words for every browser. Each browser
 * has its own implementation (Chromium through Playwright, Firefox through WebDriver
 * BiDi), so one spec runs unchanged in both.
 */
import type { ProbeName, ProbeResult } from './bridge-world';
import type { FormActions } from './options-form';

export interface RuleSpec {
  namespace: string;
  /** The Web UI addresses the rule applies on ("Applies on"); the fixture Web UI's address when left out. */
  addresses?: string[] | 'every';
  mode: 'remote' | 'local';
  endpoint?: string;
  accessToken?: string;
  keyId?: string;
  key?: string;
  /** Tick "Remember on this device" (secrets kept sealed across browser restarts). */
  remember?: boolean;
  /** Tick "Show plaintext only inside Payload Lens". */
  privateView?: boolean;
}

/** One of the extension's own pages, opened in a tab of its own. */
export interface ExtensionPage {
  /** Evaluates an expression in the page (awaiting a promise it returns). */
  evaluate<T>(expression: string): Promise<T>;
  screenshot(file: string): Promise<void>;
  close(): Promise<void>;
}

/** One payload as the fixture Web UI shows it. */
export interface ShownPayload {
  eventId: string;
  eventType: string;
  field: string;
  /** The encoding the UI saw after the extension was done. */
  encoding: string;
  text: string;
}

export interface PopupView {
  summary: string;
  namespaces: string[];
  failures: string[];
  /** Everything the popup shows, as a user reads it. */
  text: string;
}

/** What a test does in the popup: the options form's actions, and a little more. */
export interface PopupActions extends FormActions {
  /** Unticks a checkbox or switch by its label. */
  uncheck(label: string): Promise<void>;
  /** The popup's text, as a user reads it. */
  text(): Promise<string>;
  /** What a form control labelled so holds, as its user sees it in the field. */
  value(label: string): Promise<string>;
  /** What has the keyboard: a form control's label, or else the element's text ('' for the page itself). */
  focused(): Promise<string>;
  /** Saves a picture of the popup as it is now, light or dark. */
  screenshot(file: string, scheme?: 'light' | 'dark'): Promise<void>;
}

/** The background's memory while something ran: its idle figure just before, and the highest seen meanwhile. */
export interface BackgroundMemory {
  /** What was measured: the service worker's JavaScript heap, or the extension process's resident memory. */
  what: string;
  idleBytes: number;
  peakBytes: number;
  aboveIdleBytes: number;
  samples: number;
}

export interface ExtensionDriver {
  readonly browserName: 'chromium' | 'firefox';
  /** Fills the options page form the way a user does and returns the notice it shows. */
  saveRule(rule: RuleSpec): Promise<string>;
  /** Opens the fixture Web UI in a tab (or reuses the tab) and waits until it has loaded. */
  openWebUi(url: string): Promise<void>;
  /** Takes the Web UI tab, if one is open, to a blank page, so that nothing a page started there goes on. */
  leaveWebUi(): Promise<void>;
  /** Evaluates an expression in the Web UI tab (the page's own world). */
  evaluateInWebUi<T>(expression: string): Promise<T>;
  /** Types into a Web UI form field by its label, and clicks a Web UI button by its name. */
  fillWebUi(label: string, value: string): Promise<void>;
  clickWebUi(buttonName: string): Promise<void>;
  /** Adds or removes a Web UI address in the options page; returns the notice shown. */
  addUiOrigin(origin: string): Promise<string>;
  /** Types into a field of the options page by its label (an empty value clears it). */
  fillInOptions(label: string, value: string): Promise<void>;
  /** Ticks a checkbox or chooses a radio button of the options page by its label. */
  checkInOptions(label: string): Promise<void>;
  /** Clicks a button of the options page that announces nothing (such as "Add header"), by its visible name. */
  pressInOptions(buttonName: string): Promise<void>;
  /** Clicks a button of the options page by its visible name; returns the notice shown. */
  clickInOptions(buttonName: string): Promise<string>;
  /** Gives the options page's file input a file, as a user choosing it in the file dialog does. */
  chooseFileInOptions(name: string, contents: string): Promise<void>;
  /** The options page's text, as a user reads it. */
  optionsText(): Promise<string>;
  removeUiOrigin(origin: string): Promise<string>;
  /** The popup's view for the Web UI tab (optionally saved as a picture). */
  popup(screenshot?: string): Promise<PopupView>;
  /**
   * Opens the popup's view for the Web UI tab, once it has loaded, does `act` in it, and
   * returns the next sentence the popup announces in its notice.
   */
  inPopup(act: (popup: PopupActions) => Promise<void>): Promise<string>;
  /** The id of the Web UI tab. */
  webUiTabId(): Promise<number>;
  /** Opens an extension page (path and query, e.g. `src/panel/index.html?tab=3`) in a tab of its own, as the popup tests open the popup. */
  openExtensionPage(pathAndQuery: string): Promise<ExtensionPage>;
  /** The toolbar badge's text for the Web UI tab. */
  badge(): Promise<string>;
  screenshotWebUi(file: string): Promise<void>;
  screenshotOptions(file: string): Promise<void>;
  /** Reloads the settings page, for what changed in storage behind its back. */
  reloadOptions(): Promise<void>;
  /** Evaluates an expression in the extension's settings page (an extension page: the extension's own origin). */
  evaluateInOptions<T>(expression: string): Promise<T>;
  /** Runs one of the probes of bridge-world.ts in the extension's isolated world of the Web UI tab. */
  probeBridgeWorld<T = unknown>(probe: ProbeName, ...args: unknown[]): Promise<ProbeResult<T>>;
  /**
   * Makes the browser update the extension in place (same id, same storage), as a store
   * update would; resolves once the settings page the extension then opens is there.
   */
  updateExtension(): Promise<void>;
  /**
   * Withdraws the extension's access to an origin the way a user does in the browser's own settings (Chromium: the
   * extensions page's "Site access"; Firefox: the add-on's permissions, which cover every port of the host at once).
   * Access to other hosts stays.
   */
  revokeHostAccess(origin: string): Promise<void>;
  /**
   * Has the browser grant the extension one of its optional host permissions, a match pattern (such as the one for
   * every https site), as a user allowing what the extension asked for does (Chromium: through the extensions page's
   * own API, as headless Chromium shows a prompt no one can answer; Firefox: asked by the extension's settings page
   * from a click, the prompt answered "Allow" by the profile). Resolves once granted; the extension may give it back
   * at any moment after.
   */
  grantHostAccess(pattern: string): Promise<void>;
  /**
   * Takes the extension away from under the open pages, as a user turning it off does (Chromium: switched off on the
   * extensions page; Firefox: removed, as WebDriver BiDi cannot switch an add-on off). Its content scripts in open
   * tabs lose their extension; the driver is of no further use.
   */
  removeExtension(): Promise<void>;
  /**
   * Stops the background as the browser does at any moment (Chromium: the service worker;
   * Firefox: the event page); the next event starts it again.
   */
  stopBackground(): Promise<void>;
  /** Runs `run` while sampling the background's memory (see BackgroundMemory). */
  backgroundMemoryDuring<T>(run: () => Promise<T>): Promise<{ result: T; memory: BackgroundMemory }>;
  /**
   * Closes the browser and starts it again on the same profile with the extension at the same
   * place (same id, same storage), then opens the settings page again.
   */
  restartBrowser(): Promise<void>;
  /** Resolves when the user closes the browser (for `npm start`). */
  closed(): Promise<void>;
  close(): Promise<void>;
}

/** The input and result payloads the fixture Web UI shows, read in the page so both browsers read the DOM alike. */
export function shownPayloads(driver: ExtensionDriver): Promise<ShownPayload[]> {
  return driver.evaluateInWebUi<ShownPayload[]>(READ_SHOWN_PAYLOADS);
}

const READ_SHOWN_PAYLOADS = `(() => Array.from(document.querySelectorAll('#events .payload')).map((pre) => {
  const event = pre.closest('.event');
  return {
    eventId: event?.getAttribute('data-event-id') ?? '',
    eventType: event?.getAttribute('data-event-type') ?? '',
    field: pre.getAttribute('data-field') ?? '',
    encoding: pre.getAttribute('data-encoding') ?? '',
    text: pre.textContent ?? '',
  };
}))()`;

export const READ_POPUP = `(() => ({
  summary: document.querySelector('.summary')?.textContent ?? '',
  namespaces: Array.from(document.querySelectorAll('[data-namespace]'), (el) => el.getAttribute('data-namespace') ?? ''),
  failures: Array.from(document.querySelectorAll('.failures li .bad'), (el) => el.textContent ?? ''),
  text: document.body.innerText,
}))()`;

/**
 * The popup has its state: before that its summary says "Loading…". A function, not a string: extension pages
 * allow no eval, which the browsers' drivers use to poll a string.
 */
export function popupLoaded(): boolean {
  const text = document.querySelector('.summary')?.textContent ?? '';
  return text !== '' && text !== 'Loading…';
}
/** The popup's notice, the live region of what the user did there. */
export const POPUP_NOTICE = '.notice';

export const POPUP_PATH = 'src/popup/index.html';
/** An extension page has rendered once React has put something in its root. */
export const RENDERED = `(document.getElementById('root')?.childElementCount ?? 0) > 0`;
export const OPTIONS_PATH = 'src/options/index.html';
