/**
 * The options page's codec server settings (issue 10), in Chromium and Firefox: `{namespace}` endpoints, the ID
 * token, headers and cookies reach the codec server as configured; "Test" says what happened in one sentence per
 * outcome; the token inspector reads a JWT’s Temporal permissions; "Try a namespace" names the rule that wins; a
 * namespace or endpoint a rule cannot have is said beside its field.
 */
import { SESSION_COOKIE, SESSION_VALUE, type CodecFault } from './fixtures/codec-server';
import { uiView } from './fixtures/ui-views';
import { WILDCARD_ORIGIN_REFUSAL } from '../src/core/origins';
import { FIXTURE_KEY_BASE64, FIXTURE_KEY_ID } from '../test-data/test-data';
import type { ExtensionDriver } from './support/driver';
import { FIXTURE_UI_ORIGIN, FOCUSED_FIELD, pressAndLook, pressLabelled } from './support/options-form';
import { CODEC_ENDPOINT, expect, shareBrowserFromNoRules, test } from './support/test';

const ORDER_42 = uiView('order-42').path;

// Many fields typed one key at a time, and one Test that waits out the codec request's timeout.
test.describe.configure({ timeout: 180_000 });

shareBrowserFromNoRules('options-codec');

/** A new codec-server rule for `namespace`, filled in as a user does, not saved yet. */
const REMEMBER_CHECKED = `[...document.querySelectorAll('label')].find((label) => label.textContent.includes('Remember on this device')).querySelector('input').checked`;

async function fillCodecRule(extension: ExtensionDriver, namespace: string, endpoint: string, accessToken: string): Promise<void> {
  await extension.fillInOptions('Namespace', namespace);
  await extension.checkInOptions(FIXTURE_UI_ORIGIN);
  await extension.checkInOptions('Codec server');
  await extension.fillInOptions('Codec endpoint', endpoint);
  await extension.fillInOptions('Access token', accessToken);
}

test('{namespace} endpoints, the ID token, headers and cookies reach the codec server as configured', async ({ extension, webUi, codec }) => {
  // A login proxy's session cookie for the codec server's address, left in this browser.
  await extension.openWebUi(`${CODEC_ENDPOINT}/__login`);
  // Write, so that Test's /encode (the rule encodes what the Web UI sends) works too.
  const token = await codec.mintToken({ permissions: ['default:write'] });
  await fillCodecRule(extension, 'default', `${CODEC_ENDPOINT}/{namespace}`, token);
  await extension.fillInOptions('ID token', 'fixture-id-token');
  await extension.pressInOptions('Add header');
  await extension.fillInOptions('Header 1 name', 'X-Proxy-Key');
  await extension.fillInOptions('Header 1 value', 'proxy-secret-1');
  await extension.checkInOptions('Include browser cookies');
  expect(await extension.optionsText()).toContain(`For “default”, requests go to ${CODEC_ENDPOINT}/default/decode.`);

  const expected = {
    path: '/default/decode',
    authorization: `Bearer ${token}`,
    idToken: 'fixture-id-token',
    proxy: 'proxy-secret-1',
    cookie: `${SESSION_COOKIE}=${SESSION_VALUE}`,
  };
  const seen = () =>
    codec.requests
      .filter((r) => r.method === 'POST')
      .map((r) => ({ path: r.path, authorization: r.headers.authorization, idToken: r.headers['authorization-extras'], proxy: r.headers['x-proxy-key'], cookie: r.headers.cookie }));

  // "Test" sends what the form says before anything is saved...
  expect(await extension.clickInOptions('Test')).toBe(
    `It works: the codec server at ${CODEC_ENDPOINT}/default/decode answered the test payload for “default”, and its /encode encodes what the Web UI sends.`,
  );
  expect(seen()).toEqual([expected, { ...expected, path: '/default/encode' }]);

  // ...and decoding sends the same once it is.
  expect(await extension.clickInOptions('Save')).toMatch(/^Saved: namespace “default”/);
  codec.resetRequests();
  await extension.openWebUi(webUi.url + ORDER_42);
  expect(await extension.evaluateInWebUi<string[]>(`Array.from(new Set(Array.from(document.querySelectorAll('pre.payload'), (el) => el.dataset.encoding)))`)).toEqual(['json/plain']);
  expect(seen().length).toBeGreaterThan(0);
  expect(new Set(seen().map((request) => JSON.stringify(request)))).toEqual(new Set([JSON.stringify(expected)]));
  // The rules list says what is saved, never the secrets.
  const text = await extension.optionsText();
  expect(text).toContain('with a saved access token (until the browser closes), an ID token, header X-Proxy-Key, browser cookies');
  expect(text).not.toContain('proxy-secret-1');
  expect(text).not.toContain('fixture-id-token');
});

test('"Test" says in one sentence what the codec server did', async ({ extension, codec }) => {
  await fillCodecRule(extension, 'default', CODEC_ENDPOINT, await codec.mintToken({ permissions: ['default:read'] }));
  const outcomes: Array<[CodecFault | null, RegExp]> = [
    // The token may read, not write: the rule encodes what the Web UI sends, and Test asks /encode too.
    [null, /^Decoding works, but the codec server refused the access token for \/encode \(401\), so what the Web UI sends would be refused: check the token/],
    ['unchanged', /^Decoding works, but the codec server’s \/encode gave the test payload back unencoded/],
    ['unauthorized', /^The codec server refused the access token \(401\)/],
    ['forbidden', /forbids decoding in “default” \(403\)/],
    ['not-found', /^http:\/\/localhost:8080\/decode is not a codec server \(404\)/],
    ['too-large', /refused the test request as too large \(413\)/],
    ['refuse-connections', /^The codec server at http:\/\/localhost:8080 could not be reached/],
    ['wrong-count', /answered, but not with the payload it was sent \(not one payload for each sent\): it does not speak the codec server protocol\.$/],
    ['catch-all', /answered, but not with the payload it was sent \(the plain JSON payload came back changed\): it does not speak the codec server protocol\.$/],
    ['never-answer', /^The codec server did not answer within 15 seconds\.$/],
  ];
  for (const [fault, sentence] of outcomes) {
    codec.setBehaviour({ fault });
    expect(await extension.clickInOptions('Test'), fault ?? 'works').toMatch(sentence);
  }
  codec.setBehaviour({ fault: null });

  // An address the browser has not granted: nothing is sent, and the sentence says how to get there.
  codec.resetRequests();
  await extension.fillInOptions('Codec endpoint', 'http://127.0.0.3:8080');
  expect(await extension.clickInOptions('Test')).toMatch(/^The browser does not let the extension reach http:\/\/127\.0\.0\.3:8080 yet: save the rule/);
  // No token and a server that wants one.
  await extension.fillInOptions('Codec endpoint', CODEC_ENDPOINT);
  await extension.fillInOptions('Access token', '');
  expect(await extension.clickInOptions('Test')).toBe('The codec server wants an access token (401): enter one in “Access token”.');

  // A pattern: the test needs one namespace named, and says so beside the field, which takes the keyboard.
  await extension.fillInOptions('Namespace', 'pay*');
  codec.resetRequests();
  await extension.pressInOptions('Test');
  await expect.poll(() => extension.optionsText()).toContain('Name one namespace the rule covers, to test with.');
  expect(await extension.evaluateInOptions<string>(`document.activeElement?.getAttribute('aria-invalid') ?? ''`)).toBe('true');
  expect(codec.requests).toEqual([]);
});

test('the token inspector shows what a JWT grants for the rule, and warns when it grants no read', async ({ extension, codec }) => {
  const reader = await codec.mintToken({ permissions: ['default:read', 'payments:worker'], expiresInSeconds: 7200, subject: 'dev@example.com', claims: { aud: 'temporal-codec' } });
  await fillCodecRule(extension, 'default', CODEC_ENDPOINT, reader);
  let text = await extension.optionsText();
  expect(text).toContain('What this token says');
  expect(text).toMatch(/Issuer\s+http:\/\/127\.0\.0\.1:8080/);
  expect(text).toMatch(/Subject\s+dev@example\.com/);
  expect(text).toMatch(/Audience\s+temporal-codec/);
  expect(text).toMatch(/Expires\s+.+ \(in (1 h 59 min|2 h 00 min)\)/);
  expect(text).toMatch(/Temporal permissions\s+“default”: read/);
  expect(text).not.toContain('Warning');

  const worker = await codec.mintToken({ permissions: ['default:worker'], expiresInSeconds: 600 });
  await extension.fillInOptions('Access token', worker);
  text = await extension.optionsText();
  expect(text).toMatch(/“default”: worker/);
  expect(text).toMatch(/Warning: This token expires in (9|10) minutes\./);
  expect(text).toContain('Warning: This token grants no read on “default”: the codec server needs read, write or admin (worker is not enough).');

  // Saved, the token is no longer in the page, and the page still says what the background read from it.
  await extension.checkInOptions('Remember on this device');
  await extension.clickInOptions('Save');
  text = await extension.optionsText();
  expect(text).toContain('The saved token: This token expires in');
  await extension.pressInOptions('Change');
  text = await extension.optionsText();
  expect(text).toContain('What the saved token says');
  expect(text).toMatch(/Temporal permissions\s+“default”: worker/);
  expect(await extension.evaluateInOptions<string>('document.documentElement.outerHTML')).not.toContain(worker);
  // A token entered again is kept as the saved one is: on this device.
  expect(await extension.evaluateInOptions<boolean>(REMEMBER_CHECKED)).toBe(true);

  // An opaque token is fine: there is just nothing to read.
  await extension.fillInOptions('Access token', 'opaque-token-value');
  expect(await extension.optionsText()).toContain('Not a JWT, nothing to inspect.');

  // Some issuers write the largest safe integer for "never": past any date the page can show, and said so.
  const forever = await codec.mintToken({ permissions: ['default:read'], expiresInSeconds: Number.MAX_SAFE_INTEGER - Math.floor(Date.now() / 1000) });
  await extension.fillInOptions('Access token', forever);
  expect(await extension.optionsText()).toMatch(/Expires\s+later than any calendar date \(in \d+ d \d+ h\)/);

  // Another codec server in the endpoint: the saved token is said to go on saving, before anything is saved.
  await extension.fillInOptions('Access token', '');
  await extension.fillInOptions('Codec endpoint', 'https://codec.example.org');
  expect(await extension.optionsText()).toContain(
    `The saved token is only ever sent to ${new URL(CODEC_ENDPOINT).origin}: saving with this endpoint forgets it, so enter the one for this codec server.`,
  );
});

test('"Try a namespace" names the rule that wins on an address', async ({ extension, codec }) => {
  const token = await codec.mintToken({ permissions: ['temporal-system:read'] });
  await extension.saveRule({ namespace: 'pay*', mode: 'remote', endpoint: CODEC_ENDPOINT, accessToken: token });
  await extension.saveRule({ namespace: 'payments', mode: 'local', keyId: 'k', key: '00112233445566778899aabbccddeeff' });
  await extension.fillInOptions('Try a namespace', 'payroll');
  expect(await extension.optionsText()).toContain(`The rule for namespaces matching “pay*” wins for “payroll” on ${FIXTURE_UI_ORIGIN}: decoded through the codec server ${CODEC_ENDPOINT}.`);
  await extension.fillInOptions('Try a namespace', 'payments');
  expect(await extension.optionsText()).toContain(`The rule for “payments” wins for “payments” on ${FIXTURE_UI_ORIGIN}: decoded with a local key.`);
  await extension.fillInOptions('Try a namespace', 'orders');
  expect(await extension.optionsText()).toContain(`No rule covers “orders” on ${FIXTURE_UI_ORIGIN}: its payloads are shown as they are.`);
});

test('a namespace or endpoint a rule cannot have is said beside its field, which takes the keyboard', async ({ extension }) => {
  await fillCodecRule(extension, 'pay ments', 'ftp://codec.example.com', '');
  await extension.pressInOptions('Save');
  const text = await extension.optionsText();
  expect(text).toContain('A namespace has no spaces.');
  expect(text).toContain('The codec endpoint must start with https://.');
  expect(await extension.evaluateInOptions<unknown>(FOCUSED_FIELD)).toEqual(['Namespace', 'true', 'A namespace has no spaces.']);
  // Nothing was saved.
  expect(await extension.optionsText()).toContain('No namespace is decoded yet.');
});

test('a rule on no address is said beside “Applies on”, whose first address takes the keyboard', async ({ extension }) => {
  await extension.fillInOptions('Namespace', 'payments');
  await extension.checkInOptions('Codec server');
  await extension.fillInOptions('Codec endpoint', CODEC_ENDPOINT);
  await extension.pressInOptions('Save');
  const sentence = 'Choose at least one Web UI address the rule applies on, or “Every enabled address”.';
  expect(await extension.optionsText()).toContain(sentence);
  const focused = `(() => { const el = document.activeElement; return [el?.type, el?.closest('fieldset')?.querySelector('legend')?.textContent, el?.getAttribute('aria-invalid'), document.getElementById(el?.getAttribute('aria-describedby')?.split(' ')[0] ?? '')?.textContent]; })()`;
  expect(await extension.evaluateInOptions<unknown>(focused)).toEqual(['checkbox', 'Applies on', 'true', sentence]);
  expect(await extension.optionsText()).toContain('No namespace is decoded yet.');

  // Ticked, the sentence goes at once, and it saves.
  await extension.checkInOptions(FIXTURE_UI_ORIGIN);
  expect(await extension.optionsText()).not.toContain(sentence);
  expect(await extension.clickInOptions('Save')).toContain('Saved');
});

test('a rule’s Decode switch moves when pressed, and the rule is off once the background has it', async ({ extension }) => {
  expect(await extension.saveRule({ namespace: 'payments', mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 })).toContain('Saved');
  const box = `document.querySelector('input[aria-label="Decode payments"]')`;
  // Read right after the click: the switch shows the change before the background has it.
  expect(await extension.evaluateInOptions<boolean>(`(() => { const box = ${box}; box.click(); return box.checked; })()`)).toBe(false);
  await expect.poll(() => extension.optionsText()).toContain('Not decoding “payments”: what the Web UI sends in “payments” goes unencoded.');
  await extension.reloadOptions();
  expect(await extension.evaluateInOptions<boolean>(`${box}.checked`)).toBe(false);
});

test('a rule removed goes from the list when pressed, the keyboard to the rules’ heading, and is gone once the background has it', async ({ extension }) => {
  expect(await extension.saveRule({ namespace: 'payments', mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 })).toContain('Saved');
  await pressLabelled(extension, 'Remove payments');
  // Read right after the click: the rule has gone before the background has removed it.
  expect(await pressAndLook(extension, 'Remove it', `[document.querySelector('button[aria-label="Change payments"]') !== null, document.activeElement?.id]`)).toEqual([false, 'rules-title']);
  await expect.poll(() => extension.optionsText()).toContain('Removed the rule for “payments” and its secrets.');
  await extension.reloadOptions();
  expect(await extension.optionsText()).toContain('No namespace is decoded yet.');
});

test('a Web UI address that cannot be added is said beside its field, which takes the keyboard', async ({ extension }) => {
  await extension.fillInOptions('Temporal UI address', 'https://*.corp.example.com');
  // Pressed from the keyboard (the page has other buttons whose text starts with “Add”).
  await extension.evaluateInOptions(`(() => { const add = document.querySelector('.origin-form button[type=submit]'); add.focus(); add.click(); return true; })()`);
  await expect.poll(() => extension.evaluateInOptions<unknown>(FOCUSED_FIELD)).toEqual(['Temporal UI address', 'true', WILDCARD_ORIGIN_REFUSAL]);
  expect(await extension.optionsText()).not.toContain('https://*.corp.example.com');
});

test('a local key not pasted, or not a key, is said beside its field, which takes the keyboard', async ({ extension }) => {
  const focused = `(() => { const el = document.activeElement; return [el?.labels?.[0]?.textContent, el?.closest('fieldset')?.querySelector('legend')?.textContent, el?.getAttribute('aria-invalid'), document.getElementById(el?.getAttribute('aria-describedby')?.split(' ')[0] ?? '')?.textContent]; })()`;
  await extension.fillInOptions('Namespace', 'payments');
  await extension.checkInOptions(FIXTURE_UI_ORIGIN);
  await extension.checkInOptions('Local key');
  await extension.fillInOptions('Key ID', FIXTURE_KEY_ID);

  // One that is not a key: its hint says why as it is typed, and the field is marked only on Save, which it stops.
  await extension.fillInOptions('Key', 'not a key');
  const keyField = `document.querySelector('fieldset.key-row input[type=password]')`;
  expect(await extension.evaluateInOptions<string | null>(`${keyField}.getAttribute('aria-invalid')`)).toBeNull();
  await extension.pressInOptions('Save');
  const [label, legend, invalid, said] = await extension.evaluateInOptions<string[]>(focused);
  expect([label, legend, invalid]).toEqual(['Key', `Key “${FIXTURE_KEY_ID}”`, 'true']);
  expect(said).toMatch(new RegExp(`^Key “${FIXTURE_KEY_ID}”: .*16 or 32 bytes`));

  // None at all.
  await extension.fillInOptions('Key', '');
  await extension.pressInOptions('Save');
  expect(await extension.evaluateInOptions<unknown>(focused)).toEqual(['Key', `Key “${FIXTURE_KEY_ID}”`, 'true', `Paste the key for key ID “${FIXTURE_KEY_ID}”.`]);
  expect(await extension.optionsText()).toContain('No namespace is decoded yet.');

  // Pasted, it saves.
  await extension.fillInOptions('Key', FIXTURE_KEY_BASE64);
  expect(await extension.clickInOptions('Save')).toContain('Saved');
});

test('a header without a value is said under its row, and its value field takes the keyboard', async ({ extension, codec }) => {
  await fillCodecRule(extension, 'default', CODEC_ENDPOINT, await codec.mintToken({ permissions: ['default:read'] }));
  await extension.pressInOptions('Add header');
  await extension.fillInOptions('Header 1 name', 'X-Proxy-Key');
  await extension.pressInOptions('Save');
  expect(await extension.evaluateInOptions<unknown>(FOCUSED_FIELD)).toEqual(['Header 1 value', 'true', 'Enter a value for the header X-Proxy-Key.']);
  expect(await extension.optionsText()).toContain('No namespace is decoded yet.');

  // A name the extension writes itself is said the same way, on the name.
  await extension.fillInOptions('Header 1 name', 'Authorization');
  await extension.fillInOptions('Header 1 value', 'proxy-secret-1');
  await extension.pressInOptions('Save');
  expect(await extension.evaluateInOptions<unknown>(FOCUSED_FIELD)).toEqual(['Header 1 name', 'true', 'The extension sets the Authorization header itself; use the Access token or ID token field instead.']);

  await extension.fillInOptions('Header 1 name', 'X-Proxy-Key');
  expect(await extension.clickInOptions('Save')).toContain('Saved');
});

test('a token for a plain http:// codec server elsewhere is refused beside the endpoint, before the browser asks for access', async ({ extension, codec }) => {
  // Asking for access to that address would open a prompt; the form refuses first, so none opens and the test goes on.
  await fillCodecRule(extension, 'default', 'http://codec.internal.example', await codec.mintToken({ permissions: ['default:read'] }));
  await extension.pressInOptions('Save');
  expect(await extension.evaluateInOptions<unknown>(FOCUSED_FIELD)).toEqual(['Codec endpoint', 'true', 'Tokens and header values are only sent to https:// endpoints (or this computer); use an https:// endpoint.']);
  expect(await extension.optionsText()).toContain('No namespace is decoded yet.');

  await extension.fillInOptions('Codec endpoint', CODEC_ENDPOINT);
  expect(await extension.clickInOptions('Save')).toContain('Saved');
});

test('a rule removed while its form is open is said at once, and Save adds what the form holds as a new rule', async ({ extension }) => {
  expect(await extension.saveRule({ namespace: 'payments', mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 })).toContain('Saved');
  await pressLabelled(extension, 'Change payments');
  await pressLabelled(extension, 'Remove payments');
  expect(await extension.clickInOptions('Remove it')).toContain('Removed the rule for “payments”');
  // The form says so once it has drawn itself again after the removal.
  await expect.poll(() => extension.optionsText()).toContain('Add the rule for “payments” again');
  const text = await extension.optionsText();
  expect(text).toContain('This rule was removed meanwhile. Save adds what the form holds as a new rule; type again any token, header value or key it had saved.');

  // Its key went with it: the form asks for it instead of counting on it.
  await extension.pressInOptions('Save');
  expect(await extension.evaluateInOptions<unknown>(FOCUSED_FIELD)).toEqual(['Key', 'true', `Paste the key for key ID “${FIXTURE_KEY_ID}”.`]);
  await extension.fillInOptions('Key', FIXTURE_KEY_BASE64);
  expect(await extension.clickInOptions('Save')).toMatch(/^Saved: namespace “payments”/);
  expect(await extension.optionsText()).toContain(`Local key “${FIXTURE_KEY_ID}”`);
});

test('a save the background refuses for what the form cannot know is said beside Save as well as in the notice', async ({ extension, codec }) => {
  await fillCodecRule(extension, 'default', CODEC_ENDPOINT, await codec.mintToken({ permissions: ['default:read'] }));
  expect(await extension.clickInOptions('Save')).toContain('Saved');
  await pressLabelled(extension, 'Change default');
  // Another window gives the rule its 20 headers while this form, opened with none, adds one more. The background
  // cannot tell windows apart: the request is sent from this page, beside the form, as another window sends it.
  const saved = await extension.evaluateInOptions<unknown>(`(async () => {
    const api = globalThis.browser ?? chrome;
    const rule = (await api.runtime.sendMessage({ type: 'get-state', body: {} })).value.rules.find((r) => r.namespace === 'default');
    const headers = Array.from({ length: 20 }, (_, i) => ({ name: 'X-Other-' + i, value: 'other-' + i }));
    const input = { id: rule.id, namespace: 'default', addresses: rule.addresses, mode: 'remote', endpoint: rule.endpoint, headers, remember: false, seen: { keyIds: [], headerNames: [] } };
    return (await api.runtime.sendMessage({ type: 'save-rule', body: { rule: input } })).ok;
  })()`);
  expect(saved).toBe(true);
  await extension.pressInOptions('Add header');
  await extension.fillInOptions('Header 1 name', 'X-Proxy-Key');
  await extension.fillInOptions('Header 1 value', 'proxy-secret-1');
  const refusal = 'A rule sends at most 20 headers; another window added some meanwhile: reopen the rule.';
  expect(await extension.clickInOptions('Save')).toBe(refusal);
  expect(await extension.evaluateInOptions<string>(`document.getElementById(document.querySelector('.rule-form button[type=submit]').getAttribute('aria-describedby'))?.textContent ?? ''`)).toBe(refusal);
});

test('forgetting every secret is asked first, in place, and the keyboard follows', async ({ extension }) => {
  const focused = `document.activeElement?.textContent`;
  // Looked at until the page has drawn what the press changed: a read of the settings under way may draw it again first.
  await extension.pressInOptions('Forget all secrets');
  await expect.poll(() => extension.optionsText()).toContain('Forget every saved token, header value and key? They cannot be brought back.');
  await expect.poll(() => extension.evaluateInOptions<string>(focused)).toBe('Forget them all');
  await extension.pressInOptions('Keep');
  await expect.poll(() => extension.optionsText()).not.toContain('They cannot be brought back.');
  await expect.poll(() => extension.evaluateInOptions<string>(focused)).toBe('Forget all secrets');
  await extension.pressInOptions('Forget all secrets');
  expect(await extension.clickInOptions('Forget them all')).toBe('Forgot every saved token, header value and key. The rules stay.');
});
