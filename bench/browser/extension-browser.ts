/**
 * The extension in Debian's Chromium, for the benchmark: the same unpacked copy of the build the end-to-end tests
 * load, with a Web UI tab and DevTools sessions on that tab and on the extension's service worker.
 *
 * Chromium is started here, not by the test driver, so that nothing watches the tabs while they are measured. A
 * driver turns on the Network domain of every page it is attached to, and Chromium then copies every request and
 * answer for it: with a session that had it on, the fixture's 20,000-event load without decoding took about a sixth
 * longer (1.9 s against 1.6 to 1.8 s, in one browser, alternating), and what a local key adds looked about ten
 * points smaller. The benchmark's tabs are driven through a DevTools pipe of its own that enables no such thing
 * (bench-tab.ts). Playwright is connected only while a rule is saved through the options page, as a user saves one,
 * and disconnected before anything is measured.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, chromiumPath } from '../../e2e/support/browsers';
import { actInOptions, extensionCopy, pageForm } from '../../e2e/support/chromium-driver';
import { OPTIONS_PATH, type RuleSpec } from '../../e2e/support/driver';
import { within } from '../../e2e/support/within';
import { fillRuleForm } from '../../e2e/support/options-form';
import { openTab, evaluateOn, VIEWPORT, type BenchTab } from './bench-tab';
import { DevToolsPipe, type DevToolsSession } from './devtools-pipe';
import { startGroup, type ProcessGroup } from './process-group';
import type { TraceEvent } from '../profile/trace-summary';

export interface ExtensionBrowser {
  /** The Web UI tab (the options page has a tab of its own). */
  page: BenchTab;
  /** Another blank tab, whose frames in other processes can be evaluated in. */
  newTab(): Promise<BenchTab>;
  /** Saves a namespace rule through the options page; fails unless the page says it was saved. */
  saveRule(rule: RuleSpec): Promise<void>;
  /** A DevTools session of its own on the Web UI tab: its page world and the extension's isolated world share one isolate. */
  pageSession(): Promise<DevToolsSession>;
  /** A DevTools session on the extension's service worker. */
  workerSession(): Promise<DevToolsSession>;
  /** Stops the extension's service worker, as Chromium does after half a minute without events; the next event starts it. */
  stopWorker(): Promise<void>;
  /** Evaluates `expression` in the extension's service worker. */
  evaluateInWorker<T>(expression: string): Promise<T>;
  /** The events of a Chrome trace of every process, in `categories`, while `run` runs. */
  trace<T>(categories: string, run: () => Promise<T>): Promise<{ result: T; events: TraceEvent[] }>;
  /** Chromium's version, as "156.0.8078.129". */
  version: string;
  /** The folder in the temporary directory that holds its profile and the extension's copy; removed on close. */
  folder: string;
  close(): Promise<void>;
}

/**
 * Of the switches a test driver starts Chromium with, those that keep every load alike; the others are left out, most
 * about updaters, sign-in, crash reports and audio, a few changing what Chromium runs (its field-trial testing
 * configuration, paint holding, IPC flooding protection) where a user's browser runs Chromium's defaults:
 * - a headless browser shows no window, and without the first three Chromium slows the timers and lowers the priority
 *   of pages it deems hidden, where a user's tab in front has neither (a 20,000-event load with a local key took a
 *   sixth longer);
 * - the benchmark opens one large history after another in one tab, and a page kept for "Back" would hold its heap
 *   in the renderer the next may share;
 * - scroll bars hidden, so rows are as wide as they were.
 */
const BENCH_SWITCHES = [
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-renderer-backgrounding',
  '--disable-back-forward-cache',
  '--hide-scrollbars',
];

const START_TIMEOUT_MS = 30_000;
const CLOSE_TIMEOUT_MS = 10_000;
/** What Chromium last wrote to its error output, for a start that fails. */
const STDERR_TAIL_CHARS = 4000;

/** A target as Target.getTargets lists it. */
export interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
  /** Whether a DevTools session is attached to it. */
  attached: boolean;
}

/** The extension's service worker (the only extension the benchmark's browser loads). */
export const isExtensionWorker = (t: TargetInfo): boolean => t.type === 'service_worker' && t.url.startsWith('chrome-extension://');

/** What `look` finds, looking every 100 ms; an error once START_TIMEOUT_MS passed, even while a look is under way. */
async function poll<T>(what: string, look: () => Promise<T | undefined> | T | undefined): Promise<T> {
  let looking = true;
  const found = (async () => {
    while (looking) {
      const seen = await look();
      if (seen !== undefined) return seen;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('Stopped looking.');
  })();
  try {
    return await within(found, START_TIMEOUT_MS, `Chromium did not ${what}`);
  } finally {
    looking = false;
  }
}

function start(profile: string, extension: string): ProcessGroup {
  return startGroup(
    chromiumPath(),
    [
      ...CHROMIUM_FLAGS,
      ...BENCH_SWITCHES,
      '--headless',
      `--window-size=${VIEWPORT.width},${VIEWPORT.height}`,
      `--disable-extensions-except=${extension}`,
      `--load-extension=${extension}`,
      `--user-data-dir=${profile}`,
      // The pipe for the benchmark's own sessions; a port for Playwright while it saves a rule.
      '--remote-debugging-pipe',
      '--remote-debugging-port=0',
      'about:blank',
    ],
    ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
  );
}

/** `grantedOrigins`: codec servers the extension may call without a permission prompt (headless cannot answer one). */
export async function launchExtensionBrowser(grantedOrigins: string[] = []): Promise<ExtensionBrowser> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'payload-lens-bench-'));
  const profile = path.join(folder, 'profile');
  const browser = start(profile, extensionCopy(grantedOrigins, folder, undefined));
  const { child } = browser;
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-STDERR_TAIL_CHARS)));
  const pipe = new DevToolsPipe(child.stdio[3] as Writable, child.stdio[4] as Readable);
  void browser.exited.then((error) => pipe.close(error ?? new Error('Chromium exited.')));
  let closing: Promise<void> | undefined;
  // Once, however often asked: a signal's clean-up and the run's own end may both ask (bench/run.ts).
  const close = () =>
    (closing ??= (async () => {
      // Asked to close first: its renderers and helpers end before the profile is removed under them.
      await browser.end(() => pipe.browser.send('Browser.close'), CLOSE_TIMEOUT_MS);
      try {
        rmSync(folder, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
      } catch (error) {
        // A folder left in the temporary directory is no reason to lose the run's results.
        console.warn(`The benchmark's browser profile was not removed (${String(error)}): ${folder}`);
      }
    })());
  try {
    const targets = async () => (await pipe.browser.send<{ targetInfos: TargetInfo[] }>('Target.getTargets')).targetInfos;
    const worker = await poll('start the extension', async () => (await targets()).find(isExtensionWorker));
    const base = `chrome-extension://${new URL(worker.url).host}/`;
    // Attached for the whole run, as a test driver stays attached: Chromium does not stop a service worker DevTools is
    // attached to, so no round begins by starting it again after a quiet spell (the carriage floor's). The session
    // outlasts a stop and a new start of the same worker (e2e/bench-browser.spec.ts). Evaluations in the worker use it.
    const keptOnWorker = await pipe.attach(worker.targetId);
    // The extension opens its settings on install, in front: the Web UI tab must come to the front after it.
    await poll('open the settings page on install', async () => (await targets()).find((t) => t.type === 'page' && t.url.startsWith(base + OPTIONS_PATH)));
    const portFile = path.join(profile, 'DevToolsActivePort');
    const port = await poll('open its DevTools port', () => (existsSync(portFile) ? readFileSync(portFile, 'utf8').split('\n')[0] || undefined : undefined));
    const { product } = await pipe.browser.send<{ product: string }>('Browser.getVersion');
    const page = await openTab(pipe);
    await page.bringToFront();
    const workerSession = async () => {
      const found = (await targets()).find(isExtensionWorker);
      if (!found) throw new Error('The extension has no service worker running.');
      return pipe.attach(found.targetId);
    };
    return {
      page,
      newTab: () => openTab(pipe, { withFrames: true }),
      async saveRule(rule) {
        const playwright = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
        try {
          const context = playwright.contexts()[0];
          if (!context) throw new Error('Playwright found no browser context to save a rule in.');
          const options = context.pages().find((p) => p.url().startsWith(base + OPTIONS_PATH)) ?? (await context.newPage());
          if (!options.url().startsWith(base + OPTIONS_PATH)) await options.goto(base + OPTIONS_PATH);
          await options.bringToFront();
          const notice = await actInOptions(options, (page) => fillRuleForm(pageForm(page), rule));
          if (!notice.startsWith('Saved')) throw new Error(`The rule for ${rule.namespace} was not saved: ${notice}`);
        } finally {
          // Disconnects: Chromium turns off the domains Playwright turned on in every tab, Network among them; the
          // browser goes on.
          await playwright.close();
        }
        // The options tab came to the front; a tab behind it gets no animation frames and slow timers.
        await page.bringToFront();
      },
      pageSession: () => pipe.attach(page.targetId),
      workerSession,
      async stopWorker() {
        const session = await pipe.attach(page.targetId);
        try {
          await session.send('ServiceWorker.enable');
          let looks = 0;
          await poll('stop the service worker', async () => {
            // Asked again every second: an event can start it again at once (a settings page's port closed under it
            // connects again), before this sees it gone.
            if (looks++ % 10 === 0) await session.send('ServiceWorker.stopAllWorkers');
            return (await targets()).some(isExtensionWorker) ? undefined : true;
          });
          await session.send('ServiceWorker.disable');
        } finally {
          await session.detach();
        }
      },
      evaluateInWorker: <T>(expression: string) => evaluateOn<T>(keptOnWorker, expression),
      async trace<T>(categories: string, run: () => Promise<T>) {
        await pipe.browser.send('Tracing.start', { categories, transferMode: 'ReturnAsStream' });
        const result = await run();
        const [{ stream }] = (await Promise.all([pipe.browser.next('Tracing.tracingComplete'), pipe.browser.send('Tracing.end')])) as [{ stream: string }, unknown];
        const chunks: Buffer[] = [];
        for (;;) {
          const { data, eof, base64Encoded } = await pipe.browser.send<{ data: string; eof: boolean; base64Encoded?: boolean }>('IO.read', { handle: stream, size: 1 << 20 });
          chunks.push(Buffer.from(data, base64Encoded ? 'base64' : 'utf8'));
          if (eof) break;
        }
        await pipe.browser.send('IO.close', { handle: stream });
        // Chromium writes either the events alone or an object holding them.
        const trace = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
        return { result, events: Array.isArray(trace) ? trace : (trace.traceEvents ?? []) };
      },
      version: product.slice(product.indexOf('/') + 1),
      folder,
      close,
    };
  } catch (error) {
    await close();
    throw stderr ? new Error(`${String(error)}\nChromium wrote:\n${stderr}`, { cause: error }) : error;
  }
}
