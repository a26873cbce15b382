/**
 * Trust (issue 8), in Chromium and Firefox: a rule works only on the addresses it is bound
 * to; code in a page, or in the bridge's own world, can neither use nor redirect a secret;
 * a codec server's echo of the token is stored and shown nowhere; stored settings never
 * vanish, damaged or from the previous version, whose tokens wait until their codec server is confirmed; an
 * extension switched off under an open page leaves it nothing decoded, and nothing sent that it would have encoded;
 * access to many sites at
 * once, which no setting needs, is given back as soon as the browser grants it, unless it covers an address the user
 * added, whose access the browser would take back with it: then the settings page says so.
 */
import { startCodecServer } from './fixtures/codec-server';
import { HOSTILE_NAMESPACE, encryptedPayload, historyAnswer, hostileHistoryPath } from './fixtures/hostile';
import { HOOK_WAIT_MS } from '../src/core/deadlines';
import { startUiServer } from './fixtures/ui-server';
import { uiView } from './fixtures/ui-views';
import { FIXTURE_KEY_BASE64, FIXTURE_KEY_ID } from '../test-data/test-data';
import { DUMP_ALL_STORAGE, readSettingsRecord, writeSettingsRecord, writeVersion1Settings } from './support/extension-storage';
import { encodingsIn, FETCH_ENCODINGS } from './support/answer-encodings';
import type { ExtensionDriver } from './support/driver';
import { fixtureCiphertext } from './support/expected';
import { SPEAK_AS_HOOK } from './support/hook-speech';
import { pressAndLook, pressLabelled } from './support/options-form';
import { ADDED_UI_HOST, ADDED_UI_ORIGIN, ADDED_UI_PORT, CODEC_ENDPOINT, expect, test } from './support/test';

const ORDER_42 = uiView('order-42').path;
const ORDER_42_HISTORY = '/api/v1/namespaces/default/workflows/order-42/history';
const REFUND_3 = uiView('refund').path;
const CHIP_TEXT = `document.querySelector('payload-lens-status')?.shadowRoot?.textContent ?? ''`;

const PLAIN = { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('{"forged":true}').toString('base64') };

/**
 * What a hostile page does, speaking to the bridge exactly as the page hook would: asks which
 * namespaces are configured, asks for its own ciphertext to be decrypted and for data to be
 * encrypted under the user's key. Returns every message the bridge sent back.
 */
function attack(ciphertext: unknown): string {
  return `(async () => {
    const heard = [];
    window.addEventListener('message', (event) => {
      if (event.source === window && event.data && event.data.source === 'payload-lens:bridge') heard.push(event.data);
    });
    ${SPEAK_AS_HOOK}
    onReply((fields, outcomes) => heard.push({ ...fields, ...(outcomes === undefined ? {} : { outcomes }) }));
    const post = (message) => window.postMessage({ source: 'payload-lens:hook', ...message }, location.origin);
    post({ type: 'hello' });
    for (const namespace of ['default', 'payments', 'anything']) post({ type: 'plan?', namespace });
    // Packed as the page hook packs a batch (src/shared/messages/packed.ts).
    const batch = (payload) => JSON.stringify({ payloads: [payload], where: ['x'] });
    for (const [id, namespace] of [[901, 'default'], [902, 'payments']]) sendRequest({ type: 'decode', id, namespace, count: 1 }, batch(${JSON.stringify(ciphertext)}));
    sendRequest({ type: 'encode', id: 903, namespace: 'payments', count: 1 }, batch(${JSON.stringify(PLAIN)}));
    await new Promise((resolve) => setTimeout(resolve, 3000));
    return heard;
  })()`;
}

interface Heard {
  type: string;
  id?: number;
  active?: boolean;
  decode?: boolean;
  encode?: boolean;
  /** The background's outcomes, packed (src/shared/messages/packed.ts). */
  outcomes?: string[];
}

/** Nothing the page heard is a configuration, a decoded payload or an encoded one. */
function expectNothingGiven(heard: Heard[]): void {
  for (const message of heard) {
    if (message.type === 'ready') expect(message.active).toBe(false);
    if (message.type === 'plan') expect([message.decode, message.encode]).toEqual([false, false]);
    if (message.type === 'decoded' || message.type === 'encoded') {
      expect((message.outcomes ?? []).flatMap((text) => JSON.parse(text) as Array<{ ok?: boolean }>).filter((outcome) => outcome.ok === true)).toEqual([]);
    }
  }
}

/** The encodings of every payload the fixture Web UI shows. */
async function shownEncodings(extension: ExtensionDriver): Promise<Set<string>> {
  return new Set(await extension.evaluateInWebUi<string[]>(`Array.from(document.querySelectorAll('pre.payload'), (el) => el.dataset.encoding)`));
}

async function pageText(extension: ExtensionDriver): Promise<string> {
  return extension.evaluateInWebUi<string>(`document.documentElement.outerHTML + (${CHIP_TEXT})`);
}

test('a rule works only on the addresses it is bound to: another enabled address gets nothing from it', async ({ extension, webUi, codec }) => {
  const added = await startUiServer({ host: ADDED_UI_HOST, port: ADDED_UI_PORT });
  // Firefox matches content scripts on every port of localhost: a page on another port must get nothing either.
  const otherPort = await startUiServer({ host: 'localhost', port: 8299 });
  try {
    expect(await extension.addUiOrigin(ADDED_UI_ORIGIN)).toContain('Added');
    const token = await codec.mintToken({ permissions: ['default:read', 'default:write'] });
    await extension.saveRule({ namespace: 'default', addresses: [ADDED_UI_ORIGIN], mode: 'remote', endpoint: CODEC_ENDPOINT, accessToken: token });
    await extension.saveRule({ namespace: 'payments', addresses: [ADDED_UI_ORIGIN], mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 });

    for (const hostile of [webUi.url, otherPort.url]) {
      codec.resetRequests();
      await extension.openWebUi(hostile + ORDER_42);
      const heard = await extension.evaluateInWebUi<Heard[]>(attack(fixtureCiphertext()));
      expectNothingGiven(heard);
      // No rule applies here: the bridge, where there is one (Chrome's content scripts match the port), does not even
      // pass the requests on, and they come back without outcomes.
      const replies = heard.filter((message) => message.type === 'decoded' || message.type === 'encoded');
      expect(replies.filter((message) => message.outcomes !== undefined)).toEqual([]);
      // Where a bridge runs (it said whether the extension works here), it heard and answered each request.
      if (heard.some((message) => message.type === 'ready')) expect(replies.map((message) => message.id).sort()).toEqual([901, 902, 903]);
      // The Web UI there shows its payloads as they are, and the codec server heard nothing.
      expect(await shownEncodings(extension)).toEqual(new Set(['binary/encrypted']));
      expect(codec.requests).toEqual([]);
    }

    // On the address the rules are bound to, the same Web UI decodes, through the codec server with the token.
    await extension.openWebUi(ADDED_UI_ORIGIN + ORDER_42);
    expect(await shownEncodings(extension)).toEqual(new Set(['json/plain']));
    expect(codec.requests.filter((r) => r.path.endsWith('/decode')).every((r) => r.headers.authorization === `Bearer ${token}`)).toBe(true);
    await extension.openWebUi(ADDED_UI_ORIGIN + REFUND_3);
    expect(await shownEncodings(extension)).toEqual(new Set(['json/plain']));
  } finally {
    await Promise.all([added.close(), otherPort.close()]);
  }
});

test.describe('with the bridge world probed', () => {
  test.use({ bridgeWorldProbe: true });

  test("code in the bridge's world can neither read nor change settings or secrets, nor send the token elsewhere", async ({ extension, webUi, codec }) => {
    // Where a redirected token would go, if anything could redirect it.
    const trap = await startCodecServer({ host: '127.0.0.1', port: 0 });
    try {
      const token = await codec.mintToken({ permissions: ['default:read', 'default:write'] });
      await extension.saveRule({ namespace: 'default', mode: 'remote', endpoint: CODEC_ENDPOINT, accessToken: token, remember: true });
      await extension.saveRule({ namespace: 'payments', mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 });
      await extension.openWebUi(webUi.url + ORDER_42);

      // Nothing of the settings or secrets is where a content script can read it.
      expect(await extension.probeBridgeWorld('storageLocal')).toEqual({ value: {} });
      expect(await extension.probeBridgeWorld('storageSession')).toHaveProperty('error');
      const databases = await extension.probeBridgeWorld<string[]>('databases');
      expect('value' in databases && databases.value.filter((name) => name.startsWith('payload-lens'))).toEqual([]);

      // Messages only the extension's pages may send are refused; so is anything not in the catalogue.
      for (const message of [
        { type: 'get-state', body: {} },
        { type: 'save-rule', body: { rule: { namespace: 'default', addresses: 'every', mode: 'remote', endpoint: trap.url, remember: false } } },
        { type: 'forget-all-secrets', body: {} },
        { type: 'steal', body: {} },
      ]) {
        expect(await extension.probeBridgeWorld('send', message)).toEqual({ value: { ok: false, error: expect.stringMatching(/may not make that request|Unknown request/) } });
      }

      // What it can write (storage.local, in Firefox and Chrome before 140) is never read as settings:
      // a version 1 record pointing the rule at another address changes nothing.
      const redirect = { version: 1, origins: [], rules: [{ id: 'evil', namespace: 'default', enabled: true, mode: 'remote', remote: { endpoint: trap.url, passAccessToken: true, includeCredentials: false, headers: {} } }] };
      expect(await extension.probeBridgeWorld('writeStorageLocal', { settings: redirect })).toEqual({ value: true });
      // A workflow not seen yet, so its payloads are sent for decoding now, not taken from the cache.
      codec.resetRequests();
      await extension.openWebUi(webUi.url + uiView('order-44').path);
      expect(await shownEncodings(extension)).toEqual(new Set(['json/plain']));
      expect(codec.requests.filter((r) => r.path.endsWith('/decode')).length).toBeGreaterThan(0);
      expect(codec.requests.every((r) => r.headers.authorization === `Bearer ${token}`)).toBe(true);
      expect(trap.requests).toEqual([]);
      // The settings page still shows the user's rules, not the page's.
      expect(await extension.optionsText()).not.toContain(trap.url);
    } finally {
      await trap.close();
    }
  });
});

test('an extension turned off under an open page gives it nothing decoded any more, not even what it decoded before', async ({ extension, webUi }) => {
  const asSent = encodingsIn(await (await fetch(webUi.url + ORDER_42_HISTORY)).json());
  expect(asSent).toContain('binary/encrypted');
  expect(await extension.saveRule({ namespace: 'default', mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 })).toContain('Saved');
  await extension.openWebUi(webUi.url + ORDER_42);
  expect(await shownEncodings(extension)).toEqual(new Set(['json/plain']));
  // Asked again, as the Web UI asks when the user comes back to the workflow: decoded, as before.
  const again = await extension.evaluateInWebUi<string[]>(FETCH_ENCODINGS(ORDER_42_HISTORY));
  expect(again).toHaveLength(asSent.length);
  expect(again).not.toContain('binary/encrypted');
  await expect.poll(() => extension.evaluateInWebUi<string>(CHIP_TEXT), { timeout: 30_000 }).toMatch(/[1-9]\d* decoded/);

  await extension.removeExtension();

  // The page's own script stays in the page, and so does what it was given; its next answers are as they were sent.
  await expect.poll(() => extension.evaluateInWebUi<string[]>(FETCH_ENCODINGS(ORDER_42_HISTORY)), { timeout: 15_000 }).toEqual(asSent);
  // The chip's counts no longer stand: it is gone.
  expect(await extension.evaluateInWebUi<string>(CHIP_TEXT)).toBe('');
});

test('an extension turned off under an open page leaves unsent, saying why, a request it would have encoded', async ({ extension, webUi }) => {
  expect(await extension.saveRule({ namespace: 'default', mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 })).toContain('Saved');
  await extension.openWebUi(`${webUi.url}/namespaces/default/workflows/start`);
  // The page has spoken to the namespace's API before, as the Web UI has by the time anyone starts a workflow.
  expect(await extension.evaluateInWebUi<string[]>(FETCH_ENCODINGS(ORDER_42_HISTORY))).not.toContain('binary/encrypted');
  await extension.fillWebUi('Workflow ID', 'order-79');

  await extension.removeExtension();
  await extension.clickWebUi('Start workflow');

  const shown = () => extension.evaluateInWebUi<string>(`document.querySelector('#start-result')?.textContent ?? ''`);
  await expect.poll(shown, { timeout: 5_000 }).toMatch(/Payload Lens did not send this request: the extension was switched off, removed or updated after this page opened; reload the page/);
  expect(webUi.startedWorkflows).toHaveLength(0);
});

test('an extension turned off while an answer waits for its codec server gives the page that answer as it came, at once', async ({ extension, webUi, codec }) => {
  expect(await extension.saveRule({ namespace: HOSTILE_NAMESPACE, mode: 'remote', endpoint: CODEC_ENDPOINT, accessToken: await codec.mintToken({ permissions: ['default:read'] }) })).toContain('Saved');
  await extension.openWebUi(webUi.url + ORDER_42);
  expect(await shownEncodings(extension)).toEqual(new Set(['json/plain']));
  const waiting = historyAnswer([encryptedPayload({ waiting: true })]);
  webUi.craftAnswer('GET', hostileHistoryPath('waiting'), waiting);
  codec.setBehaviour({ fault: 'never-answer' });
  // Asked, and left waiting for the codec server; the page's fetch resolves once the hook has an answer for it.
  await extension.evaluateInWebUi<boolean>(`(window.__waiting = (async () => {
    const started = performance.now();
    const answer = await (await fetch(${JSON.stringify(hostileHistoryPath('waiting'))})).json();
    return { ms: performance.now() - started, encodings: answer.history.events.map((e) => atob(e.workflowExecutionStartedEventAttributes.input.payloads[0].metadata.encoding)) };
  })(), true)`);
  await expect.poll(() => codec.requests.length, { timeout: 10_000 }).toBeGreaterThan(0);

  const removed = Date.now();
  await extension.removeExtension();
  const seen = await extension.evaluateInWebUi<{ ms: number; encodings: string[] }>('window.__waiting');
  expect(seen.encodings).toEqual(['binary/encrypted']);
  // Not the hook's whole wait (HOOK_WAIT_MS): Firefox unloads the bridge without a word, and the hook notices.
  expect(Date.now() - removed).toBeLessThan(HOOK_WAIT_MS / 2);
});

test('a codec server that echoes the token gets it shown and stored nowhere', async ({ extension, webUi, codec }) => {
  const token = await codec.mintToken({ permissions: ['default:read'] });
  await extension.saveRule({ namespace: 'default', mode: 'remote', endpoint: CODEC_ENDPOINT, accessToken: token, remember: true });
  codec.setBehaviour({ fault: 'echo-authorization' });
  await extension.openWebUi(webUi.url + ORDER_42);
  await expect.poll(() => extension.evaluateInWebUi<string>(CHIP_TEXT)).toMatch(/failed/);
  // The server did echo it: it is in what the server sent back.
  expect(codec.requests.some((r) => r.status === 500)).toBe(true);

  // The tab's status is written once per burst of answers: the popup may open before it is. Opening one takes Firefox
  // seconds under load, so this waits as long as the other checks of the popup's failures.
  await expect.poll(async () => (await extension.popup()).failures.length, { timeout: 30_000 }).toBeGreaterThan(0);
  const popup = await extension.popup();
  const signature = token.split('.')[2]!;
  for (const [where, text] of [
    ['page', await pageText(extension)],
    ['popup', JSON.stringify(popup)],
    ['storage', await extension.evaluateInOptions<string>(DUMP_ALL_STORAGE)],
    ['settings page', await extension.optionsText()],
  ] as const) {
    expect(text.includes(token) || text.includes(signature), where).toBe(false);
  }
});

test('damaged stored settings keep the other rules working, are never written over, and are shown', async ({ extension, webUi }) => {
  await extension.saveRule({ namespace: 'default', mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 });
  const record = await extension.evaluateInOptions<{ rules: unknown[] }>(readSettingsRecord());
  const broken = { id: 'broken-rule', addresses: ['http://localhost:8233'], namespace: 'payments', enabled: true, mode: 'telepathy' };

  // Only another version of the extension writes the record beside the background, and it comes with a new background:
  // each damaged record is read by a background started after it was written.
  const damage = async (damaged: unknown) => {
    await extension.evaluateInOptions(writeSettingsRecord(damaged));
    await extension.stopBackground();
  };

  // A rule that also names an address with “*” in its host (stored before such hosts were refused) goes on decoding
  // on its other addresses, and the address is shown.
  const [savedRule] = record.rules as { addresses: string[] }[];
  await damage({ ...record, rules: [{ ...savedRule, addresses: [...savedRule!.addresses, 'https://*.corp.example.com'] }] });
  await extension.openWebUi(webUi.url + ORDER_42);
  expect(await shownEncodings(extension)).toEqual(new Set(['json/plain']));
  await extension.reloadOptions();
  expect(await extension.optionsText()).toMatch(/Needs your attention[\s\S]*An address of the rule for “default” could not be read \(A Web UI address cannot contain “\*”/);

  // One bad rule: the good one decodes, the bad one is shown, and a later save keeps it.
  await damage({ ...record, rules: [...record.rules, broken] });
  await extension.openWebUi(webUi.url + ORDER_42);
  expect(await shownEncodings(extension)).toEqual(new Set(['json/plain']));
  await extension.reloadOptions();
  expect(await extension.optionsText()).toMatch(/Needs your attention[\s\S]*A rule could not be read \(mode: /);
  await extension.saveRule({ namespace: 'orders', mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 });
  expect(JSON.stringify(await extension.evaluateInOptions(readSettingsRecord()))).toContain(JSON.stringify(broken));
  // Discarded from the settings page: it goes when pressed, and nothing else goes. It was all that needed attention, so
  // the section went with it and the keyboard is on the rules' heading.
  expect(await pressAndLook(extension, 'Discard it', `[document.body.innerText.includes('A rule could not be read'), document.activeElement?.id]`)).toEqual([false, 'rules-title']);
  await expect.poll(() => extension.optionsText()).toContain('Discarded what could not be read.');
  const afterDiscard = JSON.stringify(await extension.evaluateInOptions(readSettingsRecord()));
  expect(afterDiscard).not.toContain('broken-rule');
  expect(afterDiscard).toContain('"namespace":"orders"');

  // A version this one does not know: kept as it was; what reads as the current version still works.
  await damage({ ...record, version: 99 });
  await extension.openWebUi(webUi.url + ORDER_42);
  expect(await shownEncodings(extension)).toEqual(new Set(['json/plain']));
  await extension.reloadOptions();
  expect(await extension.optionsText()).toContain('version 99');

  // Garbage: nothing works from it, but nothing writes over it either.
  await damage('garbage');
  await extension.reloadOptions();
  expect(await extension.optionsText()).toContain('The stored settings are not a settings record at all.');
  await extension.saveRule({ namespace: 'default', mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 });
  expect(await extension.evaluateInOptions(readSettingsRecord())).toMatchObject({ setAside: [{ raw: 'garbage' }] });
  await extension.openWebUi(webUi.url + ORDER_42);
  expect(await shownEncodings(extension)).toEqual(new Set(['json/plain']));
});

test('an update from version 1 keeps every rule where it worked, asks once to narrow them, and sends no moved token before its codec server is confirmed', async ({ extension, webUi, codec }) => {
  const token = await codec.mintToken({ permissions: ['default:read'] });
  const version1 = {
    version: 1,
    origins: [],
    rules: [
      { id: 'r-default', namespace: 'default', enabled: true, mode: 'remote', encodeRequests: true, remote: { endpoint: CODEC_ENDPOINT, passAccessToken: true, includeCredentials: false, headers: {} } },
      { id: 'r-payments', namespace: 'payments', enabled: true, mode: 'local', encodeRequests: true, local: { keyIds: [FIXTURE_KEY_ID] } },
    ],
  };
  // As version 1 left things: its settings and sealed secrets in storage.local, nothing in the new place.
  await extension.evaluateInOptions(writeVersion1Settings(version1, { 'token:r-default': token, [`key:r-payments:${FIXTURE_KEY_ID}`]: FIXTURE_KEY_BASE64 }));
  await extension.evaluateInOptions(writeSettingsRecord(undefined));

  await extension.updateExtension();

  const options = await extension.optionsText();
  expect(options).toMatch(/applies on every enabled address, as all rules did before this version/);
  // Version 1's settings, which a page could write, named the codec server: the token waits until the user says so.
  const codecOrigin = new URL(CODEC_ENDPOINT).origin;
  expect(options).toContain(`In the rule for “default”, the access token comes from Payload Lens 0.1.0, whose settings a web page could change, and is sent to ${codecOrigin} only once you confirm that it is your codec server.`);
  // An export with the secrets would leave it out, and says so.
  expect(options).toContain('What the rule for “default” brought from Payload Lens 0.1.0 waits under “Needs your attention” for its codec server to be confirmed, and is not in the file.');
  await extension.openWebUi(webUi.url + REFUND_3);
  expect(await shownEncodings(extension)).toEqual(new Set(['json/plain']));
  await extension.openWebUi(webUi.url + ORDER_42);
  expect(await shownEncodings(extension)).toEqual(new Set(['binary/encrypted']));
  // The status chip fills in as the background answers.
  await expect.poll(() => pageText(extension)).toContain('came from Payload Lens 0.1.0 and is sent to its codec server only once you confirm that address on the settings page');
  expect(codec.requests.filter((r) => r.path.endsWith('/decode'))).toEqual([]);
  // The popup of that tab points to where the question is asked.
  expect((await extension.popup()).text).toContain(`is sent to ${codecOrigin} only once you confirm that it is your codec server. The settings ask under “Needs your attention”.`);

  expect(await extension.clickInOptions(`Send it to ${codecOrigin}`)).toBe(`The rule for “default” sends it to ${codecOrigin} now.`);
  expect(await extension.optionsText()).not.toContain('comes from Payload Lens 0.1.0');
  for (const view of [ORDER_42, REFUND_3]) {
    await extension.openWebUi(webUi.url + view);
    expect(await shownEncodings(extension), view).toEqual(new Set(['json/plain']));
  }
  const decodeRequests = codec.requests.filter((r) => r.path.endsWith('/decode'));
  expect(decodeRequests.length).toBeGreaterThan(0);
  expect(decodeRequests.every((r) => r.headers.authorization === `Bearer ${token}`)).toBe(true);
  // storage.local, which content scripts can reach, holds nothing any more.
  expect(JSON.parse(await extension.evaluateInOptions<string>(DUMP_ALL_STORAGE)).local).toEqual({});
});

/** Match patterns that version 0.1.0 asked for when an address had “*” in its host: every https site, or every host under one. */
const MANY_SITES = ['https://*/*', 'http://*.corp.example.com/*'];
/** Evaluated in an extension page: the host permissions the browser holds for the extension now. */
const GRANTED_ORIGINS = `(globalThis.browser ?? globalThis.chrome).permissions.getAll().then((all) => all.origins ?? [])`;
/** Evaluated in the settings page: from then on, it keeps every change of host permissions the browser reports. */
const HEAR_PERMISSION_CHANGES = `(() => {
  const api = (globalThis.browser ?? globalThis.chrome).permissions;
  window.permissionChanges = [];
  api.onAdded.addListener((change) => window.permissionChanges.push(...(change.origins ?? []).map((pattern) => 'added ' + pattern)));
  api.onRemoved.addListener((change) => window.permissionChanges.push(...(change.origins ?? []).map((pattern) => 'removed ' + pattern)));
  return true;
})()`;
/** Removes a rule on the settings page, as a user does: from its form, confirmed. */
async function removeRule(extension: ExtensionDriver, namespace: string): Promise<void> {
  await pressLabelled(extension, `Change ${namespace}`);
  await pressLabelled(extension, `Remove ${namespace}`);
  expect(await extension.clickInOptions('Remove it')).toContain(`Removed the rule for “${namespace}”`);
}
/** The settings page's notice for a grant for many sites the background keeps (src/options/KeptGrants.tsx), as read. */
const keptNotice = (pattern: string, covers: string) => `Payload Lens still has access to many sites through its grant for ${pattern}, kept because it covers ${covers}, which these settings use.`;

test('host access to many sites, as version 0.1.0 asked for an address with “*”, is given back unasked; the rest stays and decodes', async ({ extension, webUi }) => {
  expect(await extension.saveRule({ namespace: 'default', mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 })).toContain('Saved');
  const before = await extension.evaluateInOptions<string[]>(GRANTED_ORIGINS);
  expect(before.length).toBeGreaterThan(0);
  await extension.evaluateInOptions(HEAR_PERMISSION_CHANGES);

  // One at a time: a pattern already covered by one still granted would be granted without a change to report.
  for (const pattern of MANY_SITES) {
    await extension.grantHostAccess(pattern);
    // The browser reported the grant, and then, with nobody doing anything more, the extension gave it back.
    await expect
      .poll(() => extension.evaluateInOptions<string[]>('window.permissionChanges'), { timeout: 15_000 })
      .toEqual(expect.arrayContaining([`added ${pattern}`, `removed ${pattern}`]));
  }
  // Every other host permission stays (Chromium reports the built-in https address removed with every https site, but
  // keeps it), and the built-in address still decodes.
  expect((await extension.evaluateInOptions<string[]>(GRANTED_ORIGINS)).sort()).toEqual(before.sort());
  // Nothing kept, so the settings page says nothing of access to many sites.
  expect(await extension.optionsText()).not.toMatch(/many sites/i);
  await extension.openWebUi(webUi.url + ORDER_42);
  expect(await shownEncodings(extension)).toEqual(new Set(['json/plain']));
});

test('host access to many sites that covers an address the user added is kept, and the settings page says so: taking it back would take the address’s access with it', async ({ extension }) => {
  const added = await startUiServer({ host: ADDED_UI_HOST, port: ADDED_UI_PORT });
  try {
    expect(await extension.addUiOrigin(ADDED_UI_ORIGIN)).toContain('Added');
    expect(await extension.saveRule({ namespace: 'default', addresses: [ADDED_UI_ORIGIN], mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 })).toContain('Saved');
    const before = await extension.evaluateInOptions<string[]>(GRANTED_ORIGINS);

    // Every http site covers the added address (Chrome, giving the pattern back, would take the address's with it).
    await extension.grantHostAccess('http://*/*');
    // The open settings page says so as soon as the browser reports the grant, with no reload.
    await expect.poll(() => extension.optionsText(), { timeout: 10_000 }).toContain(keptNotice('http://*/*', ADDED_UI_ORIGIN));
    // Longer than the previous test's grants took to be given back.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const after = await extension.evaluateInOptions<string[]>(GRANTED_ORIGINS);
    expect(after).toContain('http://*/*');
    expect(after).toEqual(expect.arrayContaining(before));

    await extension.reloadOptions();
    const text = await extension.optionsText();
    expect(text).toContain(ADDED_UI_ORIGIN);
    expect(text).not.toContain('access withdrawn in the browser');
    // Under the addresses, headed, with how to end it.
    expect(text).toMatch(/Web UI addresses[\s\S]*Access to many sites\s+Payload Lens still has access to many sites/);
    expect(text).toContain('To end this access, withdraw the grant in the browser’s settings for Payload Lens');
    await extension.openWebUi(ADDED_UI_ORIGIN + ORDER_42);
    expect(await shownEncodings(extension)).toEqual(new Set(['json/plain']));
  } finally {
    await added.close();
  }
});

test('a kept grant for many sites is given back unasked once nothing the settings need is under it, and the settings page follows', async ({ extension }) => {
  // A codec server on a host of its own, which nothing answers: saving a rule does not call it.
  const codecElsewhere = `http://${ADDED_UI_HOST}:${ADDED_UI_PORT + 1}`;
  const before = await extension.evaluateInOptions<string[]>(GRANTED_ORIGINS);
  expect(await extension.addUiOrigin(ADDED_UI_ORIGIN)).toContain('Added');
  await extension.grantHostAccess('http://*/*');
  expect(await extension.saveRule({ namespace: 'default', mode: 'remote', endpoint: codecElsewhere })).toContain('Saved');
  await expect.poll(() => extension.optionsText(), { timeout: 10_000 }).toContain(keptNotice('http://*/*', `${ADDED_UI_ORIGIN} and ${codecElsewhere}`));

  // Neither removing the address nor the rule need make the browser report a change of access: the address's pattern
  // may be needed by the codec server (Firefox's patterns have no port), and a rule's removal gives back nothing.
  // The address goes when pressed, before the background has it, and the keyboard to the addresses' heading.
  expect(await pressAndLook(extension, `Remove ${ADDED_UI_ORIGIN}`, `[document.querySelector('button[aria-label="Remove ${ADDED_UI_ORIGIN}"]') !== null, document.activeElement?.id]`)).toEqual([false, 'origins-title']);
  await expect.poll(() => extension.optionsText()).toContain(`Removed ${ADDED_UI_ORIGIN}`);
  await expect.poll(() => extension.optionsText(), { timeout: 10_000 }).toContain(keptNotice('http://*/*', codecElsewhere));
  expect(await extension.evaluateInOptions<string[]>(GRANTED_ORIGINS)).toContain('http://*/*');

  await removeRule(extension, 'default');
  // Nothing needed is under the grant any more: it goes with nobody asking, and the notice with it.
  await expect.poll(() => extension.evaluateInOptions<string[]>(GRANTED_ORIGINS), { timeout: 10_000 }).not.toContain('http://*/*');
  await expect.poll(() => extension.optionsText(), { timeout: 10_000 }).not.toMatch(/many sites/i);
  // The built-in addresses keep theirs. (The removed address's may go with the grant: Chromium takes it.)
  expect(await extension.evaluateInOptions<string[]>(GRANTED_ORIGINS)).toEqual(expect.arrayContaining(before.filter((pattern) => !pattern.startsWith(ADDED_UI_ORIGIN))));
});

test('the browser’s access to a codec server is given back with the last rule that sends to it', async ({ extension }) => {
  // On a host of its own, which nothing answers: saving a rule does not call it.
  const codecElsewhere = `http://${ADDED_UI_HOST}:${ADDED_UI_PORT + 1}`;
  const granted = () => extension.evaluateInOptions<string[]>(GRANTED_ORIGINS);
  const before = await granted();
  // Headless Chromium shows the request for access where no one can answer it: the driver answers it first.
  if (extension.browserName === 'chromium') await extension.grantHostAccess(`${codecElsewhere}/*`);
  for (const namespace of ['default', 'payments']) expect(await extension.saveRule({ namespace, mode: 'remote', endpoint: codecElsewhere })).toContain('Saved');
  const codecAccess = (await granted()).filter((pattern) => !before.includes(pattern));
  expect(codecAccess).toHaveLength(1);

  await removeRule(extension, 'default');
  // The other rule still sends there.
  expect(await granted()).toEqual(expect.arrayContaining(codecAccess));
  await removeRule(extension, 'payments');
  await expect.poll(granted, { timeout: 10_000 }).not.toContain(codecAccess[0]);
  expect(await granted()).toEqual(expect.arrayContaining(before));
});

test('a kept grant for many sites, once withdrawn, leaves the settings page’s notice; the address allowed again there decodes', async ({ extension }) => {
  const added = await startUiServer({ host: ADDED_UI_HOST, port: ADDED_UI_PORT });
  try {
    expect(await extension.addUiOrigin(ADDED_UI_ORIGIN)).toContain('Added');
    expect(await extension.saveRule({ namespace: 'default', addresses: [ADDED_UI_ORIGIN], mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 })).toContain('Saved');
    await extension.grantHostAccess('http://*/*');
    await expect.poll(() => extension.optionsText(), { timeout: 10_000 }).toContain(keptNotice('http://*/*', ADDED_UI_ORIGIN));

    // Withdrawn as the browser's settings for the extension withdraw it. No Web UI tab is open, so nothing but the
    // withdrawal itself can tell the open page.
    await extension.evaluateInOptions(`(globalThis.browser ?? globalThis.chrome).permissions.remove({ origins: ['http://*/*'] })`);
    await expect.poll(() => extension.optionsText(), { timeout: 10_000 }).not.toMatch(/many sites/i);
    expect(await extension.evaluateInOptions<string[]>(GRANTED_ORIGINS)).not.toContain('http://*/*');

    // Then, as the notice says, the address is allowed again from the page (the browser may have taken its access with
    // the grant: Chromium does), and decodes. Headless Chromium shows that prompt where no one can answer it, so there
    // the driver answers it first, as grantHostAccess does; Firefox's profile answers it "Allow".
    if (extension.browserName === 'chromium') await extension.grantHostAccess(`${ADDED_UI_ORIGIN}/*`);
    expect(await extension.addUiOrigin(ADDED_UI_ORIGIN)).toContain('Added');
    await extension.openWebUi(ADDED_UI_ORIGIN + ORDER_42);
    expect(await shownEncodings(extension)).toEqual(new Set(['json/plain']));
  } finally {
    await added.close();
  }
});
