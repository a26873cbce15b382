/**
 * "Open a history file…", in Chromium and Firefox: a history saved by the Web UI (Download,
 * raw history.json) or the CLI is dropped on the page, decoded with the local-key rule, shown
 * event by event, and saved again decoded, in the same shape.
 */
import { readFileSync } from 'node:fs';
import { BIG_NUMBER, historyFileText, type HistoryFileSource } from '../test-data/history-files';
import { FIXTURE_KEY_BASE64, FIXTURE_KEY_ID, uiApiFixture } from '../test-data/test-data';
import { canonical } from './support/expected';
import type { ExtensionDriver, ExtensionPage } from './support/driver';
import { HISTORY_PAGE, clickButton as click, dropFile as drop, textOf, typeNamespace } from './support/history-page';
import { expect, shareBrowserFromNoRules, test } from './support/test';

const ENCRYPTED = Buffer.from('binary/encrypted').toString('base64');

shareBrowserFromNoRules('history-file');

/** order-42's plaintexts that its history holds (a query's answer is not history). */
const PLAINTEXTS = (JSON.parse(readFileSync(uiApiFixture('plaintexts-order-42.json'), 'utf8')) as { payloads: Array<{ where: string; plaintext: unknown }> }).payloads
  .filter((entry) => !entry.where.startsWith('QueryWorkflow'))
  .map((entry) => canonical(entry.plaintext));

/** Clicks "Save decoded copy" and returns what the browser was handed to save. */
async function saveCopy(page: ExtensionPage): Promise<{ name: string; text: string }> {
  await page.evaluate(`(() => {
    window.saved = new Promise((resolve) => {
      HTMLAnchorElement.prototype.click = function () { fetch(this.href).then((r) => r.text()).then((text) => resolve({ name: this.download, text })); };
    });
  })()`);
  await click(page, 'Save decoded copy');
  return page.evaluate('window.saved');
}

const SOURCES: Array<[HistoryFileSource, string]> = [
  ['web-ui', 'the Web UI’s “Download”'],
  ['raw', 'the Web UI’s raw history.json'],
  ['cli', 'temporal workflow show --output json'],
];

test('history files from the Web UI and the CLI open, decode and save decoded', async ({ extension }) => {
  test.slow();
  expect(await extension.saveRule({ namespace: 'default', mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 })).toContain('Saved');
  const page = await extension.openExtensionPage(HISTORY_PAGE);
  for (const [source, sourceName] of SOURCES) {
    await drop(page, `order-42-${source}.json`, historyFileText(source));
    await expect.poll(() => textOf(page, '.file-summary')).toBe(`order-42-${source}.json: 14 events, from ${sourceName}.`);
    // The file does not say its namespace: even the only rule waits until it is typed.
    const chosenRule = () => page.evaluate<string>(`document.querySelector('.rule-picker select').value`);
    expect(await chosenRule()).toBe('');
    if (source === SOURCES[0]![0]) {
      // A rule picked by hand for another namespace is used all the same, and the page says so before Decode.
      await typeNamespace(page, 'payments');
      await expect.poll(() => textOf(page, '.rule-picker [aria-live]')).toBe('No rule decodes the namespace “payments”.');
      await page.evaluate(`(() => {
        const select = document.querySelector('.rule-picker select');
        Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set.call(select, select.options[1].value);
        select.dispatchEvent(new Event('change', { bubbles: true }));
      })()`);
      await expect.poll(() => textOf(page, '.rule-picker [aria-live]')).toBe('The rule chosen is for “default”, not “payments”: Decode tries its key all the same.');
    }
    // The namespace typed chooses its rule again.
    await typeNamespace(page, 'default');
    await expect.poll(chosenRule).not.toBe('');
    expect(await textOf(page, '.rule-picker [aria-live]')).toBe('');
    await click(page, 'Decode');
    await expect.poll(() => textOf(page, '.progress'), { timeout: 20_000 }).toMatch(/^\d+ payloads decoded, 0 not decoded\.$/);

    const shown = await page.evaluate<string[]>(`Array.from(document.querySelectorAll('pre.payload-text'), (pre) => pre.textContent)`);
    const shownJson = new Set(shown.flatMap((text) => {
      try {
        return [canonical(JSON.parse(text))];
      } catch {
        return [];
      }
    }));
    for (const plaintext of PLAINTEXTS) expect(shownJson, `${source}: ${plaintext}`).toContain(plaintext);

    const copy = await saveCopy(page);
    expect(copy.name).toBe(`order-42-${source}-decoded.json`);
    expect(copy.text).not.toContain(ENCRYPTED);
    if (source === 'raw') expect(copy.text).toMatch(/^\[\{"event_id":1,"event_time":\{"seconds":\d+,"nanos":\d+\},"event_type":1,"task_id":9007199254740993,/);
    else expect((JSON.parse(copy.text) as { events: unknown[] }).events).toHaveLength(14);
    if (source === 'cli') expect(copy.text).toContain(`"traceId": ${BIG_NUMBER}`);
  }
  await page.close();
});

/** The history page, with a local-key rule for default and a history of 20,000 events opened in it. */
async function openBigHistory(extension: ExtensionDriver): Promise<ExtensionPage> {
  await extension.saveRule({ namespace: 'default', mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 });
  const page = await extension.openExtensionPage(HISTORY_PAGE);
  await drop(page, 'big.json', historyFileText('raw', 20_000));
  await expect.poll(() => textOf(page, '.file-summary'), { timeout: 30_000 }).toBe('big.json: 20000 events, from the Web UI’s raw history.json.');
  await typeNamespace(page, 'default');
  return page;
}

test('a history of 20,000 events opens, decodes, and is searched a page of events at a time', async ({ extension }) => {
  test.slow();
  const page = await openBigHistory(extension);
  expect(await textOf(page, '.event-count')).toBe('Events 1–100 of 20000.');
  await click(page, 'Decode');
  await expect.poll(() => textOf(page, '.progress'), { timeout: 120_000 }).toMatch(/^\d{5} payloads decoded, 0 not decoded\.$/);
  // Next, pressed from the keyboard in the pager below the list, turns the page and takes the keyboard to the list's top.
  await page.evaluate(`(() => {
    const next = [...document.querySelectorAll('.pager')].at(-1).querySelectorAll('button')[1];
    next.focus();
    next.click();
  })()`);
  expect(await textOf(page, '.event-count')).toBe('Events 101–200 of 20000.');
  expect(await page.evaluate<string>(`document.activeElement?.textContent ?? ''`)).toBe('Events');
  await page.evaluate(`(() => {
    const input = document.querySelector('input[type=search]');
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, '19999');
    input.dispatchEvent(new Event('input', { bubbles: true }));
  })()`);
  await expect.poll(() => textOf(page, '.event-count'), { timeout: 30_000 }).toBe('Events 1–1 of 1 matching (20000 in all).');
  await page.close();
});

test('a file opened while another is decoded is shown as it is, not with the other file’s results', async ({ extension }) => {
  test.slow();
  const page = await openBigHistory(extension);
  await click(page, 'Decode');
  await expect.poll(() => textOf(page, '.progress'), { timeout: 20_000 }).toMatch(/^Decoding: /);

  await drop(page, 'order-42.json', historyFileText('web-ui'));
  await expect.poll(() => textOf(page, '.file-summary')).toBe('order-42.json: 14 events, from the Web UI’s “Download”.');
  await typeNamespace(page, 'default');
  // The first file's decode ends meanwhile: Decode is offered again, and order-42 is not said to be decoded.
  // Busy with its own action, a button is aria-disabled (it keeps the keyboard); without its action, disabled.
  const buttonDisabled = (name: string) =>
    page.evaluate<boolean>(`(() => { const b = [...document.querySelectorAll('.actions button')].find((b) => b.textContent.includes(${JSON.stringify(name)})); return b.disabled || b.getAttribute('aria-disabled') === 'true'; })()`);
  await expect.poll(() => buttonDisabled('Decode'), { timeout: 60_000 }).toBe(false);
  expect(await textOf(page, '.progress')).toBe('');
  expect(await buttonDisabled('Save decoded copy')).toBe(true);
  await page.close();
});

test('the page follows the settings’ rules, opens a file dropped beside its column, says so, and keeps the keyboard on Decode', async ({ extension }) => {
  const page = await extension.openExtensionPage(HISTORY_PAGE);
  // Beside the page's column: the page takes the drop, so the browser does not open the file in its place; a link
  // dropped there is taken too (and nothing opens), while text dropped into a text field is the field's.
  const dropLink = (on: string) =>
    page.evaluate<boolean>(`(() => {
      const data = new DataTransfer();
      data.setData('text/uri-list', 'https://example.com/');
      return !document.querySelector(${JSON.stringify(on)}).dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    })()`);
  expect(await dropLink('html')).toBe(true);
  expect(await drop(page, 'order-42.json', historyFileText('web-ui'), 'html')).toBe(true);
  await expect.poll(() => textOf(page, '.file-summary')).toBe('order-42.json: 14 events, from the Web UI’s “Download”.');
  expect(await textOf(page, 'h1 + [role=status]')).toBe('Opened order-42.json: 14 events.');
  expect(await textOf(page, 'section .bad')).toBe('No rule yet: add one in the settings to decode this file.');

  // A rule saved in the settings meanwhile is offered here at once.
  await extension.saveRule({ namespace: 'default', mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 });
  await expect.poll(() => page.evaluate<number>(`document.querySelectorAll('.rule-picker select option').length`)).toBe(2);
  await typeNamespace(page, 'default');
  expect(await dropLink('.rule-picker input[type=text]')).toBe(false);
  await page.evaluate(`(() => { const decode = document.querySelector('.actions .primary'); decode.focus(); decode.click(); })()`);
  await expect.poll(() => textOf(page, '.progress'), { timeout: 20_000 }).toMatch(/^\d+ payloads decoded, 0 not decoded\.$/);
  expect(await page.evaluate<string>(`document.activeElement.textContent.trim()`)).toBe('Decode');
  await page.close();
});

test('an event with hundreds of payloads shows them a hundred at a time, the keyboard going on to the first one shown next', async ({ extension }) => {
  const page = await extension.openExtensionPage(HISTORY_PAGE);
  const payloads = Array.from({ length: 250 }, (_, i) => ({ metadata: { encoding: ENCRYPTED }, data: Buffer.from(`sealed ${i}`).toString('base64') }));
  const file = JSON.stringify({ events: [{ eventId: '1', eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED', workflowExecutionStartedEventAttributes: { input: { payloads } } }] });
  await drop(page, 'wide.json', file);
  await expect.poll(() => textOf(page, '.file-summary')).toBe('wide.json: 1 event, from the Web UI’s “Download”.');
  const shownCount = () => page.evaluate<number>(`document.querySelectorAll('.event pre.payload-text').length`);
  expect(await shownCount()).toBe(100);
  expect(await textOf(page, '.event .show-more')).toBe('Show 100 more of the 150 payloads not shown');
  // The event opened, as a user opens it to reach its button.
  await page.evaluate(`document.querySelector('.event details').open = true`);
  await page.evaluate(`document.querySelector('.event .show-more').click()`);
  expect(await shownCount()).toBe(200);
  expect(await page.evaluate<string>(`document.activeElement.dataset.field`)).toBe('input.payloads[100]');
  await page.evaluate(`document.querySelector('.event .show-more').click()`);
  expect(await shownCount()).toBe(250);
  expect(await textOf(page, '.event .show-more')).toBe('');
  expect(await page.evaluate<string>(`document.activeElement.dataset.field`)).toBe('input.payloads[200]');
  await page.close();
});
