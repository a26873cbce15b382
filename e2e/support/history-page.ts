/** The history file page, driven the same way in every browser (and by `npm run screenshots`). */
import type { ExtensionPage } from './driver';

export const HISTORY_PAGE = 'src/history/index.html';

/**
 * Drops a file on the page the way a user's drag and drop delivers it: on the page's column, or on the element `on`
 * names. Resolves to whether the page took the drop (a drop nobody cancels is the browser's: it opens the file).
 */
export function dropFile(page: ExtensionPage, name: string, text: string, on = 'main'): Promise<boolean> {
  return page.evaluate<boolean>(`(() => {
    const data = new DataTransfer();
    data.items.add(new File([${JSON.stringify(text)}], ${JSON.stringify(name)}, { type: 'application/json' }));
    const target = document.querySelector(${JSON.stringify(on)});
    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
    return !target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  })()`);
}

/** Types the namespace the history comes from, as a keystroke would set it. */
export const typeNamespace = (page: ExtensionPage, namespace: string): Promise<void> =>
  page.evaluate(`(() => {
    const input = document.querySelector('.rule-picker input[type=text]');
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, ${JSON.stringify(namespace)});
    input.dispatchEvent(new Event('input', { bubbles: true }));
  })()`);

export const textOf = (page: ExtensionPage, selector: string): Promise<string> => page.evaluate<string>(`document.querySelector(${JSON.stringify(selector)})?.textContent ?? ''`);

/** Clicks the first button whose visible text is `name`. */
export const clickButton = (page: ExtensionPage, name: string): Promise<void> =>
  page.evaluate(`Array.from(document.querySelectorAll('button')).find((b) => b.textContent.trim() === ${JSON.stringify(name)}).click()`);
