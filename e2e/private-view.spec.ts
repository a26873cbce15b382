/**
 * Private view, in Chromium and Firefox: with "Show plaintext only inside Payload Lens" the
 * Web UI page keeps every answer exactly as the server sent it and its DOM holds no
 * plaintext, while the extension's panel page (opened in a tab for the Web UI tab, as the
 * popup tests do) shows all of it, and forgets it once closed. The settings say when another
 * rule of the address would decode the same payloads for the page.
 */
import { uiView } from './fixtures/ui-views';
import { FIXTURE_KEY_BASE64, FIXTURE_KEY_ID } from '../test-data/test-data';
import { canonical } from './support/expected';
import { shownPayloads, type ExtensionPage } from './support/driver';
import { expect, shareBrowserFromNoRules, test } from './support/test';

shareBrowserFromNoRules('private-view');

const ORDER_42 = uiView('order-42');
/** What the extension decodes: every payload of the view but those the server sent as plain JSON. */
const DECODED = ORDER_42.expected.filter((payload) => payload.source !== 'plain');

function stringLeaves(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) stringLeaves(item, into);
  return into;
}

/** Text of each payload the panel shows, as canonical JSON where it is JSON. */
const READ_PANEL = `Array.from(document.querySelectorAll('pre.payload-text'), (pre) => pre.textContent)`;
const panelStatus = (panel: ExtensionPage) => panel.evaluate<string>(`document.querySelector('.summary')?.textContent ?? ''`);

test('the page keeps its encoded answers and the panel shows their plaintext', async ({ extension, webUi }) => {
  // Two browser pages, a reload and a panel opened twice: more than the default time on a busy machine.
  test.slow();
  expect(await extension.saveRule({ namespace: 'default', mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64, privateView: true })).toContain('Saved');
  await extension.openWebUi(webUi.url + ORDER_42.path);

  // The page renders what the server sent.
  const shown = await shownPayloads(extension);
  expect(shown.length).toBeGreaterThan(0);
  expect(shown.map((p) => p.encoding)).toEqual(shown.map(() => 'binary/encrypted'));

  // Every answer the page gets, through fetch and XMLHttpRequest, is the server's, byte for byte.
  const paths = [...new Set(webUi.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/api/v1/namespaces/default/')).map((r) => r.path + r.query))];
  expect(paths.length).toBeGreaterThan(2);
  const served = await Promise.all(paths.map(async (path) => (await fetch(webUi.url + path)).text()));
  const received = await extension.evaluateInWebUi<Array<[string, string]>>(`Promise.all(${JSON.stringify(paths)}.map(async (path) => [
    await (await fetch(path)).text(),
    await new Promise((resolve) => { const xhr = new XMLHttpRequest(); xhr.open('GET', path); xhr.onload = () => resolve(xhr.responseText); xhr.send(); }),
  ]))`);
  received.forEach(([viaFetch, viaXhr], i) => {
    expect(viaFetch, paths[i]).toBe(served[i]);
    expect(viaXhr, paths[i]).toBe(served[i]);
  });

  // No plaintext anywhere in the page: its DOM and the answers hold none of the decoded text.
  // Text the page may show anyway: the answers themselves, plain payloads and search attributes (never encoded).
  const plainText = [
    ...served,
    ...ORDER_42.expected.filter((payload) => payload.source === 'plain').map((payload) => JSON.stringify(payload.plaintext)),
    ...ORDER_42.searchAttributes.map((attribute) => Buffer.from((JSON.parse(attribute.raw) as { data?: string }).data ?? '', 'base64').toString('utf8')),
  ];
  const secrets = [...new Set(DECODED.flatMap((payload) => stringLeaves(payload.plaintext)))].filter((leaf) => leaf.length >= 6 && !plainText.some((text) => text.includes(leaf)));
  expect(secrets.length).toBeGreaterThan(5);
  const dom = await extension.evaluateInWebUi<string>('document.documentElement.outerHTML');
  for (const secret of secrets) {
    expect(dom).not.toContain(secret);
    for (const [viaFetch] of received) expect(viaFetch).not.toContain(secret);
  }

  // The panel, for that tab, shows every payload the page loaded, decoded.
  const tabId = await extension.webUiTabId();
  let panel = await extension.openExtensionPage(`src/panel/index.html?tab=${tabId}`);
  await expect.poll(() => panelStatus(panel), { timeout: 15_000 }).toMatch(/^\d+ payloads decoded on http:\/\/localhost:8233\.$/);
  const panelTexts = await panel.evaluate<string[]>(READ_PANEL);
  const panelJson = new Set(panelTexts.flatMap((text) => {
    try {
      return [canonical(JSON.parse(text))];
    } catch {
      return [];
    }
  }));
  for (const payload of DECODED) expect(panelJson, payload.where).toContain(canonical(payload.plaintext));
  // Organised as the Web UI shows a workflow: input, result, memo, summary, then the events.
  const headings = await panel.evaluate<string[]>(`Array.from(document.querySelectorAll('article h2, article h3'), (h) => h.textContent)`);
  expect(headings.slice(0, 6)).toEqual(['order-42', 'Input', 'Result', 'Memo', 'Summary', 'Events of order-42']);
  const events = await panel.evaluate<string[]>(`Array.from(document.querySelectorAll('.event'), (li) => li.dataset.eventId)`);
  expect(events).toEqual([...events].sort((a, b) => Number(a) - Number(b)));
  // Each part's heading is its toggle: Input closes, and says so.
  const input = `document.querySelector('article h3 button')`;
  const inputState = `[${input}.getAttribute('aria-expanded'), document.getElementById(${input}.getAttribute('aria-controls')).hidden]`;
  expect(await panel.evaluate<unknown>(inputState)).toEqual(['true', false]);
  await panel.evaluate(`${input}.click()`);
  expect(await panel.evaluate<unknown>(inputState)).toEqual(['false', true]);

  // Closed, the panel's tab takes the plaintext with it: opened again, there is nothing until the page loads again.
  await panel.close();
  panel = await extension.openExtensionPage(`src/panel/index.html?tab=${tabId}`);
  await expect.poll(() => panelStatus(panel), { timeout: 15_000 }).toMatch(/^Nothing decoded for this tab yet\./);
  await extension.openWebUi(webUi.url + ORDER_42.path);
  await expect.poll(() => panelStatus(panel), { timeout: 15_000 }).toMatch(/payloads decoded on/);
  await panel.close();
});

test('the panel opened without a tab, as the browser’s own side panel opens it, follows the tab in view', async ({ extension, webUi }) => {
  expect(await extension.saveRule({ namespace: 'default', mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64, privateView: true })).toContain('Saved');
  await extension.openWebUi(webUi.url + ORDER_42.path);
  const tabId = await extension.webUiTabId();
  const panel = await extension.openExtensionPage('src/panel/index.html');
  const tabs = `(globalThis.browser ?? globalThis.chrome).tabs`;
  // In a tab of its own, once that tab is in view (Firefox's driver opens it behind the others), it shows that tab:
  // nothing is decoded there.
  await panel.evaluate(`${tabs}.getCurrent().then((own) => ${tabs}.update(own.id, { active: true }))`);
  await expect.poll(() => panelStatus(panel), { timeout: 15_000 }).toMatch(/^Nothing decoded for this tab yet\./);
  await panel.evaluate(`${tabs}.update(${tabId}, { active: true })`);
  await expect.poll(() => panelStatus(panel), { timeout: 15_000 }).toMatch(/^\d+ payloads decoded on http:\/\/localhost:8233\.$/);

  // The background stops: the panel says what went with it, and reloading the tab, as it says, brings them back.
  const stoppedSaid = () => panel.evaluate<string>(`document.querySelector('.stopped p')?.textContent ?? ''`);
  await extension.stopBackground();
  await expect.poll(stoppedSaid, { timeout: 15_000 }).toMatch(/^The extension’s background was stopped/);
  const reloadTheTab = async () => {
    await panel.evaluate(`document.querySelector('.stopped button').click()`);
    // The button goes with the notice: the keyboard goes to the top of the panel.
    expect(await panel.evaluate<string>(`document.activeElement?.tagName ?? ''`)).toBe('H1');
    await expect.poll(() => panelStatus(panel), { timeout: 15_000 }).toMatch(/^\d+ payloads decoded on http:\/\/localhost:8233\.$/);
    expect(await stoppedSaid()).toBe('');
  };
  await reloadTheTab();

  // Stopped again, following another tab wakes it, and the tab it had decoded for says so when the panel comes back,
  // until it is reloaded.
  await extension.stopBackground();
  await expect.poll(stoppedSaid, { timeout: 15_000 }).toMatch(/^The extension’s background was stopped/);
  await panel.evaluate(`${tabs}.getCurrent().then((own) => ${tabs}.update(own.id, { active: true }))`);
  await expect.poll(() => panelStatus(panel), { timeout: 15_000 }).toMatch(/^Nothing decoded for this tab yet\./);
  expect(await stoppedSaid()).toBe('');
  await panel.evaluate(`${tabs}.update(${tabId}, { active: true })`);
  await expect.poll(stoppedSaid, { timeout: 15_000 }).toMatch(/^The extension’s background was stopped/);
  await reloadTheTab();

  // Stopped once more, and the tab goes on to a page with nothing to decode: the panel says so, not what was lost.
  await extension.stopBackground();
  await expect.poll(stoppedSaid, { timeout: 15_000 }).toMatch(/^The extension’s background was stopped/);
  await extension.openWebUi(`${webUi.url}/namespaces/default/workflows/start`);
  await expect.poll(() => panelStatus(panel), { timeout: 15_000 }).toMatch(/^Nothing decoded for this tab yet\./);
  expect(await stoppedSaid()).toBe('');
  await panel.close();
});

test('the settings say when another rule of the address would show the page what a private rule keeps from it', async ({ extension }) => {
  expect(await extension.saveRule({ namespace: 'default', mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64, privateView: true })).toContain('Saved');
  const warning = 'A page there can still see these payloads decoded, by asking for them under another namespace: the rule for every namespace decodes them with a key of the same ID';
  expect(await extension.optionsText()).not.toContain(warning);
  expect(await extension.saveRule({ namespace: '*', mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 })).toContain('Saved');
  expect(await extension.optionsText()).toContain(warning);
});
