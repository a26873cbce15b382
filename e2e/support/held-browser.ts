/**
 * The browser a block of tests shares (`test.use({ shareBrowser: 'block name' })`). A launch costs seconds of CPU, and
 * CI runs both browsers' suites at once on two cores, so tests that can start where the last one of their block left
 * off share one. Any failure ends the test worker, and the next test starts on a new browser.
 */
import type { ExtensionDriver } from './driver';

export interface BrowserTurn {
  driver: ExtensionDriver;
  /** Whether this test is the first in this browser: a block sets its browser up then, and resets it after. */
  fresh: boolean;
}

export class HeldBrowser {
  private held: { block: string; driver: ExtensionDriver } | undefined;

  /** The block's browser, launched for its first test; another block's browser is closed first. */
  async turnFor(block: string, launch: () => Promise<ExtensionDriver>): Promise<BrowserTurn> {
    if (this.held?.block === block) return { driver: this.held.driver, fresh: false };
    await this.close();
    const driver = await launch();
    this.held = { block, driver };
    return { driver, fresh: true };
  }

  async close(): Promise<void> {
    const held = this.held;
    this.held = undefined;
    await held?.driver.close();
  }
}
