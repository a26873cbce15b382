/**
 * An optional host permission asked for as the extension's own pages ask for one: from a click, since browsers grant
 * nothing asked for without one. Evaluated in the settings page; the driver clicks GRANT_BUTTON between the two.
 */
export const GRANT_BUTTON = '#payload-lens-test-grant';

/** Puts a button in the page that asks the browser for `pattern` when clicked, and then goes. */
export function addGrantButton(pattern: string): string {
  return `(() => {
    const button = document.createElement('button');
    button.id = ${JSON.stringify(GRANT_BUTTON.slice(1))};
    button.textContent = 'Ask for ' + ${JSON.stringify(pattern)};
    button.addEventListener('click', () => {
      window.__granting = (globalThis.browser ?? globalThis.chrome).permissions.request({ origins: [${JSON.stringify(pattern)}] }).catch(() => false);
      button.remove();
    });
    document.body.append(button);
    return true;
  })()`;
}

/** The browser's answer to the click: true when it granted the pattern. */
export const GRANT_ANSWER = 'window.__granting';
