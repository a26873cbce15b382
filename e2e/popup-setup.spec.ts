/**
 * Setting up a namespace from the popup (issue 10), in Chromium and Firefox: the codec
 * server the Web UI itself names, a local key for another namespace, the switch that turns
 * one off on the next load; and the in-page status chip, which gets out of the way when
 * all is well, stays open when something failed, and can be turned off from the popup.
 */
import { FIXTURE_KEY_BASE64, FIXTURE_KEY_ID } from '../test-data/test-data';
import { uiView } from './fixtures/ui-views';
import type { ExtensionDriver, PopupView } from './support/driver';
import { CODEC_ENDPOINT, expect, shareBrowserFromNoRules, test } from './support/test';

// Each test loads the Web UI several times and opens the popup several times (in Firefox, a tab each time).
test.describe.configure({ timeout: 180_000 });

const ORDER_42 = uiView('order-42').path;
const REFUND_3 = uiView('refund').path;
const CHIP = `document.querySelector('payload-lens-status')?.shadowRoot`;

/** The encodings the Web UI shows once its page has loaded; nothing while it is (re)loading. */
async function encodingsShown(extension: ExtensionDriver): Promise<string[]> {
  try {
    return await extension.evaluateInWebUi<string[]>(
      `document.body?.dataset.state === 'loading' ? [] : [...new Set(Array.from(document.querySelectorAll('pre.payload'), (el) => el.dataset.encoding))]`,
    );
  } catch {
    return []; // the page was navigating away under us
  }
}

/** The Web UI's own per-browser codec setting, as temporalio/ui keeps it in its origin's localStorage. */
const USE_CODEC_IN_WEB_UI = `localStorage.setItem('endpoint', ${JSON.stringify(JSON.stringify(CODEC_ENDPOINT))}); localStorage.setItem('overrideRemoteCodecConfiguration', 'true');`;

test('from the popup: the Web UI’s codec server for one namespace, a local key for another, and the switch', async ({ extension, webUi, codec }) => {
  await extension.openWebUi(webUi.url + ORDER_42);
  expect(await encodingsShown(extension)).toEqual(['binary/encrypted']);
  await extension.evaluateInWebUi(USE_CODEC_IN_WEB_UI);
  const token = await codec.mintToken({ permissions: ['default:read'] });

  // The Web UI's endpoint is offered, not filled in: the page chose it. The user takes it, adds the token and saves.
  const saved = await extension.inPopup(async (popup) => {
    await expect.poll(() => popup.text()).toContain(`This Web UI uses ${CODEC_ENDPOINT}; decode through it, batched.`);
    const text = await popup.text();
    expect(text).toMatch(new RegExp(`Web UI\\s+${webUi.url}\\s+Namespace\\s+default\\s+Rule\\s+None: its payloads are left as they are\\.`));
    expect(text).toContain('Nothing is decoded on this page: no rule applies here yet.');
    await popup.check('Codec server');
    expect(await popup.value('Codec endpoint')).toBe('');
    // An endpoint that cannot be saved is said beside it, and nothing is sent.
    await popup.fill('Codec endpoint', 'ftp://codec.example.com');
    await popup.click('Save');
    expect(await popup.text()).toContain('The codec endpoint must start with https://.');
    // Changed, the field's sentence goes until the next Save checks it again.
    await popup.fill('Codec endpoint', 'https://codec');
    expect(await popup.text()).not.toContain('The codec endpoint must start with https://.');
    // A host with “*” would be a request for access to every site: it is refused beside the field, saying why, though
    // Chromium's URL parser lets it through (escaped) and Firefox's refuses it.
    await popup.fill('Codec endpoint', 'https://*');
    await popup.click('Save');
    expect(await popup.text()).toContain('The codec endpoint’s host cannot contain “*”: enter the one host it is at, such as codec.example.com.');
    await popup.click('Use this endpoint');
    expect(await popup.value('Codec endpoint')).toBe(CODEC_ENDPOINT);
    // The button went with the click: the keyboard is in the field it filled.
    expect(await popup.focused()).toBe('Codec endpoint');
    await popup.fill('Access token', token);
    await popup.click('Save');
    // The saved rule's form replaces the one that made it, and takes the keyboard Save had.
    await expect.poll(() => popup.focused(), { timeout: 10_000 }).toBe('Change how default is decoded');
  });
  expect(saved).toBe(`Saved: default on ${webUi.url} is decoded with the codec server ${CODEC_ENDPOINT}. The tab reloads to show its payloads decoded.`);
  // The tab reloads by itself, and shows its payloads decoded, through the codec server with the token.
  await expect.poll(() => encodingsShown(extension), { timeout: 20_000 }).toEqual(['json/plain']);
  const decodes = codec.requests.filter((r) => r.path.endsWith('/decode'));
  expect(decodes.length).toBeGreaterThan(0);
  for (const request of decodes) expect(request.headers.authorization).toBe(`Bearer ${token}`);

  // The popup now shows the rule, its counts, and that a token is saved, never the token.
  let text = '';
  await expect
    .poll(async () => (text = (await extension.popup()).text), { timeout: 30_000 })
    .toMatch(/\d+ payloads decoded, 0 failed\./);
  expect(text).toContain(`“default” on ${webUi.url}: codec server ${CODEC_ENDPOINT}, with an access token`);
  expect(text).toContain('Change how default is decoded');
  expect(text).toContain('A token is saved; leave this empty to keep it.');
  expect(text).not.toContain(token);
  // Already decoded through it: the Web UI's endpoint is no longer offered.
  expect(text).not.toContain('This Web UI uses');

  // The page asks about namespaces of its choosing: a pattern among them is not offered to be set up, a name is.
  await extension.evaluateInWebUi(`Promise.all(['*', 'prod*', 'audit'].map((ns) => fetch('/api/v1/namespaces/' + ns + '/workflows').catch(() => undefined)))`);
  let asked: PopupView | undefined;
  await expect.poll(async () => (asked = await extension.popup()).namespaces, { timeout: 30_000 }).toContain('audit');
  expect(asked!.namespaces.filter((ns) => ns.includes('*'))).toEqual([]);
  expect(asked!.text).toMatch(/Other namespaces on this page[\s\S]*\baudit\s+Set up/);
  expect(asked!.text).not.toContain('prod*');

  // Another namespace, with a local key: the key never leaves the browser.
  const decodesBefore = codec.requests.length;
  await extension.openWebUi(webUi.url + REFUND_3);
  expect(await encodingsShown(extension)).toEqual(['binary/encrypted']);
  const savedLocal = await extension.inPopup(async (popup) => {
    await popup.check('Local key');
    await popup.fill('Key ID', FIXTURE_KEY_ID);
    await popup.fill('Key', FIXTURE_KEY_BASE64);
    await popup.click('Save');
  });
  expect(savedLocal).toBe(`Saved: payments on ${webUi.url} is decoded with a local key. The tab reloads to show its payloads decoded.`);
  await expect.poll(() => encodingsShown(extension), { timeout: 20_000 }).toEqual(['json/plain']);
  expect(codec.requests).toHaveLength(decodesBefore);

  // The switch turns payments off from the next load, encoding too, and says so; default is not touched.
  const off = await extension.inPopup(async (popup) => {
    expect(await popup.text()).toContain('Off: what the Web UI sends in payments goes unencoded too.');
    await popup.uncheck('Decode payloads in payments');
  });
  expect(off).toBe('Payloads in payments are left as they are from the next load of the page, and what the Web UI sends in payments goes unencoded.');
  await extension.openWebUi(webUi.url + REFUND_3);
  expect(await encodingsShown(extension)).toEqual(['binary/encrypted']);
  await extension.openWebUi(webUi.url + ORDER_42);
  expect(await encodingsShown(extension)).toEqual(['json/plain']);
});

test.describe('from no rules, in one browser', () => {
  // The key's test changes nothing but its rule; the chip's, which turns the chip off, comes last.
  shareBrowserFromNoRules('popup-setup: from no rules');

  test('in the popup, a key not pasted, or one that is not a key, is said beside the Key field and nothing is saved', async ({ extension, webUi }) => {
    await extension.openWebUi(webUi.url + REFUND_3);
    const saved = await extension.inPopup(async (popup) => {
      await popup.check('Local key');
      await popup.fill('Key ID', FIXTURE_KEY_ID);
      await popup.click('Save');
      expect(await popup.text()).toContain(`Paste the key for key ID “${FIXTURE_KEY_ID}”.`);
      await popup.fill('Key', 'not a key');
      await popup.click('Save');
      const text = await popup.text();
      expect(text).not.toContain('Paste the key for key ID');
      expect(text).toMatch(/16 or 32 bytes/);
      expect(text).toContain('Set up payments');
      // Pasted, it saves: the first sentence the popup announces is this one.
      await popup.fill('Key', FIXTURE_KEY_BASE64);
      await popup.click('Save');
    });
    expect(saved).toBe(`Saved: payments on ${webUi.url} is decoded with a local key. The tab reloads to show its payloads decoded.`);
    await expect.poll(() => encodingsShown(extension), { timeout: 20_000 }).toEqual(['json/plain']);
  });

  test('the status chip shrinks to a mark when all decoded, stays open when something failed, and the popup turns it off', async ({ extension, webUi, codec }) => {
    await extension.saveRule({ namespace: 'payments', mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 });
    await extension.saveRule({ namespace: 'default', mode: 'remote', endpoint: CODEC_ENDPOINT, accessToken: await codec.mintToken({ permissions: ['payments:read'] }) });
    const chipState = `(() => { const root = ${CHIP}; if (!root) return 'none'; const full = root.querySelector('.full'); return full && !full.hidden ? 'open: ' + full.textContent : 'mark: ' + root.querySelector('.mark').getAttribute('aria-label'); })()`;

    // All decoded: open at first, then a small mark that still says what happened.
    await extension.openWebUi(webUi.url + REFUND_3);
    expect(await encodingsShown(extension)).toEqual(['json/plain']);
    await expect.poll(() => extension.evaluateInWebUi<string>(chipState), { timeout: 30_000 }).toMatch(/^mark: Payload Lens: [1-9]\d* decoded, 0 failed\. Show details$/);

    // Refused by the codec server: the chip stays open well past the time it would shrink.
    await extension.openWebUi(webUi.url + ORDER_42);
    await expect.poll(() => extension.evaluateInWebUi<string>(chipState)).toMatch(/^open: Payload Lens: 0 decoded, [1-9]\d* failed$/);
    await new Promise((resolve) => setTimeout(resolve, 6000));
    expect(await extension.evaluateInWebUi<string>(chipState)).toMatch(/^open: /);

    // Turned off in the popup: it leaves the page at once, and does not come back on the next load.
    const notice = await extension.inPopup((popup) => popup.uncheck('Show the status chip on Web UI pages'));
    expect(notice).toBe('The status chip no longer shows on Web UI pages.');
    await expect.poll(() => extension.evaluateInWebUi<string>(chipState)).toBe('none');
    await extension.openWebUi(webUi.url + ORDER_42);
    await expect.poll(() => extension.evaluateInWebUi<number>(`document.querySelectorAll('pre.payload').length`)).toBeGreaterThan(0);
    expect(await extension.evaluateInWebUi<string>(chipState)).toBe('none');
  });
});
