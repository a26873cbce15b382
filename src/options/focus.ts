/**
 * Where the keyboard goes when the element it was on goes away (a removed rule's button, a handled notice): to the
 * heading of the section it was in, which screen readers read out, while the page's notice says what happened.
 */

import { flushSync } from 'react-dom';

/** The headings focus returns to; each has tabIndex -1, so it can take focus without joining the tab order. */
export const HEADINGS = { attention: 'attention-title', policy: 'policy-title', rules: 'rules-title', origins: 'origins-title' } as const;

/** Focuses the first of these headings still on the page: a section may have gone with its last item. */
export function focusHeading(...ids: string[]): void {
  for (const id of ids) {
    const heading = document.getElementById(id);
    if (heading) return heading.focus();
  }
}

/**
 * Runs an action whose `shown` takes its item off the page at once, and sends the keyboard to the first of these
 * headings still there as soon as the item is gone, rather than leave it on nothing while the background answers. An
 * action the background refuses puts the item back, and the page's notice says why.
 */
export function withItemGone(run: () => Promise<boolean>, ...ids: string[]): Promise<boolean> {
  let outcome: Promise<boolean> = Promise.resolve(false);
  flushSync(() => {
    outcome = run();
  });
  focusHeading(...ids);
  return outcome;
}
