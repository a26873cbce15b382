import { within } from './within';

/**
 * Waiting for what an action in the options page announces. The live region keeps its last
 * sentence, so "some text is there" would return the previous action's notice: this waits
 * for the next one written after the action starts. Evaluated in the options page.
 */
export const WATCH_NEXT_NOTICE = watchNextNotice('.notice[role="status"]');

/** The same for the live region `selector` names (the popup has two: its summary and its notice). */
export function watchNextNotice(selector: string): string {
  return `(() => {
  const region = document.querySelector(${JSON.stringify(selector)});
  window.__nextNotice = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      const text = (region.textContent ?? '').trim();
      if (text) {
        observer.disconnect();
        resolve(text);
      }
    });
    observer.observe(region, { childList: true, characterData: true, subtree: true });
  });
})()`;
}

const NEXT_NOTICE = 'window.__nextNotice';

/**
 * Longer than the slowest action a spec runs (a *Test* may wait out a codec server's decode and encode timeouts), far
 * shorter than a test's own timeout: a page that never speaks fails its step in seconds and names what it showed.
 */
const NOTICE_WAIT_MS = 45_000;

/** A page as both drivers can read it: by evaluating an expression there. */
type Evaluates = (expression: string) => Promise<unknown>;

/** The notice `watchNextNotice` waits for, or an error quoting what the page shows when none comes. */
export async function nextNotice(evaluate: Evaluates, where: string): Promise<string> {
  try {
    return (await within(evaluate(NEXT_NOTICE), NOTICE_WAIT_MS, `${where} showed no notice`)) as string;
  } catch (error) {
    const shown = await within(evaluate('document.body.innerText'), 5_000, 'no answer').catch(() => 'nothing it would say');
    throw new Error(`${error instanceof Error ? error.message : String(error)} It showed: ${String(shown).slice(0, 2_000)}`, { cause: error });
  }
}

/** What has the keyboard on a page, as PopupActions.focused says it. */
export const FOCUSED = `(() => {
  const element = document.activeElement;
  if (!element || element === document.body) return '';
  return (element.labels?.[0] ?? element).textContent.trim();
})()`;
