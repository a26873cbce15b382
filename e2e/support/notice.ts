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

export const NEXT_NOTICE = 'window.__nextNotice';

/** What has the keyboard on a page, as PopupActions.focused says it. */
export const FOCUSED = `(() => {
  const element = document.activeElement;
  if (!element || element === document.body) return '';
  return (element.labels?.[0] ?? element).textContent.trim();
})()`;
