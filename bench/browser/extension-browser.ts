/**
 * The extension in Debian's Chromium, for the benchmark: launched and configured as the end-to-end tests do it
 * (`launchChromium`, `saveRule` through the options page), plus what the test driver does not offer: a Web UI tab
 * as a Playwright Page, and DevTools protocol sessions on that page and on the extension's service worker.
 *
 * Every reach past the driver's interface is in this file, so a change to the driver breaks one place.
 */
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { launchChromium } from '../../e2e/support/chromium-driver';
import type { ExtensionDriver, RuleSpec } from '../../e2e/support/driver';
import { attachToTarget, type TargetSession } from '../../e2e/support/target-session';

export interface ExtensionBrowser {
  /** A Web UI tab of its own (the driver's options page stays in its tab). */
  page: Page;
  /** Saves a namespace rule through the options page; fails unless the page says it was saved. */
  saveRule(rule: RuleSpec): Promise<void>;
  /** A DevTools session on the Web UI tab: its page world and the extension's isolated world share one isolate. */
  pageSession(): Promise<TargetSession>;
  /** A DevTools session on the extension's service worker. */
  workerSession(): Promise<TargetSession>;
  close(): Promise<void>;
}

/** The driver keeps its browser context private; the benchmark needs it for tabs and DevTools sessions. */
function contextOf(driver: ExtensionDriver): BrowserContext {
  const context = (driver as unknown as { context?: BrowserContext }).context;
  if (!context?.newPage) throw new Error('The Chromium test driver no longer keeps its browser context in `context`: update bench/browser/extension-browser.ts.');
  return context;
}

/** `grantedOrigins`: codec servers the extension may call without a permission prompt (headless cannot answer one). */
export async function launchExtensionBrowser(grantedOrigins: string[] = []): Promise<ExtensionBrowser> {
  const driver = await launchChromium({ grantedOrigins });
  try {
    const context = contextOf(driver);
    const page = await context.newPage();
    await page.setViewportSize({ width: 1200, height: 900 });
    await page.bringToFront();
    let browserSession: CDPSession | undefined;
    return {
      page,
      async saveRule(rule) {
        const notice = await driver.saveRule(rule);
        if (!notice.startsWith('Saved')) throw new Error(`The rule for ${rule.namespace} was not saved: ${notice}`);
        // The driver brought its options tab to the front; a tab behind it gets no animation frames and slow timers.
        await page.bringToFront();
      },
      async pageSession() {
        const session = await context.newCDPSession(page);
        return {
          send: <T>(method: string, params?: Record<string, unknown>) => session.send(method as never, params as never) as Promise<T>,
          detach: () => session.detach(),
        };
      },
      async workerSession() {
        const browser = context.browser();
        if (!browser) throw new Error('Chromium gave no browser-level DevTools session.');
        browserSession ??= await browser.newBrowserCDPSession();
        return attachToTarget(browserSession, (target) => target.type === 'service_worker' && target.url.startsWith('chrome-extension://'));
      },
      close: () => driver.close(),
    };
  } catch (error) {
    await driver.close();
    throw error;
  }
}
