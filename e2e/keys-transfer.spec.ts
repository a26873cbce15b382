/**
 * Local keys in every form a team pastes them, and settings carried to another profile through an exported file,
 * in Chromium and Firefox.
 */
import { payloadVectors, type PayloadVector } from '../test-data/test-data';
import {
  AES_128_KEY_HEX,
  AES_128_KEY_ID,
  AES_128_WORKFLOW,
  SAMPLE_KEY_BASE64,
  SAMPLE_KEY_HEX,
  SAMPLE_KEY_ID,
  SAMPLE_KEY_TEXT,
  SAMPLE_VECTORS_WORKFLOW,
  sampleVectors,
} from './fixtures/sample-vectors';
import { launchChromium } from './support/chromium-driver';
import { shownPayloads, type ExtensionDriver } from './support/driver';
import { launchFirefox } from './support/firefox-driver';
import { FOCUSED_FIELD, pressLabelled } from './support/options-form';
import { ADDED_UI_ORIGIN, CODEC_ENDPOINT, expect, shareBrowserFromNoRules, test } from './support/test';

const workflow = (namespace: string, workflowId: string) => `/namespaces/${namespace}/workflows/${workflowId}`;

shareBrowserFromNoRules('keys-transfer');

/** What the fixture Web UI shows of a decoded vector: pretty JSON for json/plain, the payload's JSON otherwise. */
function expectedText(vector: PayloadVector): string {
  const { metadata, dataBase64 } = vector.expected!;
  if (metadata['encoding'] === 'json/plain') return JSON.stringify(JSON.parse(Buffer.from(dataBase64, 'base64').toString('utf8')), null, 2);
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  // A Payload with empty data has no `data` field in proto3 JSON.
  return JSON.stringify({ metadata: Object.fromEntries(Object.entries(metadata).map(([name, value]) => [name, b64(value)])), ...(dataBase64 ? { data: dataBase64 } : {}) });
}

/** Clicks a button of the options page that announces nothing in the notice (it opens a form or a preview). */
async function clickQuietly(extension: ExtensionDriver, buttonText: string): Promise<void> {
  await extension.evaluateInOptions(`[...document.querySelectorAll('button')].find((b) => b.textContent.trim() === ${JSON.stringify(buttonText)}).click()`);
}

/** The exported file, read from the link the options page made (the download itself goes to the browser). */
const exportedFile = (extension: ExtensionDriver) => extension.evaluateInOptions<string>(`fetch(document.querySelector('a.export-link').href).then((r) => r.text())`);

function freshProfile(extension: ExtensionDriver): Promise<ExtensionDriver> {
  return extension.browserName === 'firefox' ? launchFirefox() : launchChromium({ grantedOrigins: [ADDED_UI_ORIGIN] });
}

/** The rules as the options page lists them. */
const ruleListText = (extension: ExtensionDriver) => extension.evaluateInOptions<string>(`document.querySelector('.rules')?.innerText ?? ''`);
/** The rules' namespaces and addresses, without the status of their secrets. */
const ruleNames = (extension: ExtensionDriver) =>
  extension.evaluateInOptions<string[]>(`Array.from(document.querySelectorAll('.rules .rule'), (rule) => rule.querySelector('strong').textContent + ' on ' + rule.querySelector('.addresses-list').textContent)`);

test('the TypeScript sample’s key decodes the same payloads pasted as text, as base64 and as hex', async ({ extension, webUi }) => {
  // Three rules saved and three Web UI loads: more than the default minute on a busy machine.
  test.setTimeout(150_000);
  // Said as it is typed, before anything is saved.
  await extension.checkInOptions('Local key');
  await extension.fillInOptions('Key', SAMPLE_KEY_TEXT);
  expect(await extension.optionsText()).toContain('Read as 32 bytes of text: an AES-256 key');

  const forms = { text: SAMPLE_KEY_TEXT, base64: SAMPLE_KEY_BASE64, hex: SAMPLE_KEY_HEX };
  const shownByForm: Record<string, string[]> = {};
  for (const [form, key] of Object.entries(forms)) {
    const namespace = `samples-${form}`;
    expect(await extension.saveRule({ namespace, mode: 'local', keyId: SAMPLE_KEY_ID, key })).toContain('Saved');
    await extension.openWebUi(webUi.url + workflow(namespace, SAMPLE_VECTORS_WORKFLOW));
    const shown = await shownPayloads(extension);
    expect(shown.map((p) => p.encoding)).not.toContain('binary/encrypted');
    shownByForm[form] = shown.map((p) => p.text);
  }
  const expected = sampleVectors().map(expectedText);
  expect(shownByForm['text']).toEqual(expected);
  expect(shownByForm['base64']).toEqual(expected);
  expect(shownByForm['hex']).toEqual(expected);
});

test('a key that reads as hex and as text decodes with the reading the payload confirms, and the options page says which', async ({ extension, webUi }) => {
  test.setTimeout(120_000);
  await extension.checkInOptions('Local key');
  await extension.fillInOptions('Key', AES_128_KEY_HEX);
  expect(await extension.optionsText()).toContain('Could be 16 bytes of hex (AES-128) or 32 bytes of text (AES-256); the first payload decoded decides.');
  await extension.saveRule({ namespace: 'ambiguous', mode: 'local', keyId: AES_128_KEY_ID, key: AES_128_KEY_HEX });

  await extension.openWebUi(webUi.url + workflow('ambiguous', AES_128_WORKFLOW));
  const vector = payloadVectors().find((v) => v.name === 'aes-128-key')!;
  expect((await shownPayloads(extension)).map((p) => p.text)).toEqual([expectedText(vector)]);

  await expect
    .poll(async () => {
      await extension.reloadOptions();
      await pressLabelled(extension, 'Change ambiguous');
      return extension.optionsText();
    })
    .toContain('the payloads showed it is hex: 16 bytes of hex (AES-128)');
});

test('export then import on a fresh profile reproduces the rules; with the passphrase, the secrets too', async ({ extension, webUi, codec }) => {
  // Two more browsers start, and every seal or open of the secrets derives 600,000 PBKDF2 rounds.
  test.setTimeout(180_000);
  const token = await codec.mintToken({ permissions: ['default:read'] });
  await extension.saveRule({ namespace: 'default', mode: 'remote', endpoint: CODEC_ENDPOINT, accessToken: token });
  await extension.saveRule({ namespace: 'samples', mode: 'local', keyId: SAMPLE_KEY_ID, key: SAMPLE_KEY_TEXT });
  const rules = await ruleListText(extension);
  const names = await ruleNames(extension);

  expect(await extension.clickInOptions('Export settings…')).toBe('Exported the settings, without secrets.');
  const plain = await exportedFile(extension);
  expect(plain).not.toContain(token);
  expect(plain).not.toContain(SAMPLE_KEY_TEXT);

  await extension.checkInOptions('Include secrets');
  // A passphrase anyone could guess offline is refused beside its field, which takes the keyboard.
  await extension.fillInOptions('Passphrase', 'too short');
  await extension.fillInOptions('Passphrase again', 'too short');
  await extension.pressInOptions('Export settings…');
  expect(await extension.evaluateInOptions<unknown>(FOCUSED_FIELD)).toEqual(['Passphrase', 'true', 'Use at least 12 characters: whoever gets the file can try passphrases against it for as long as they like.']);
  await extension.fillInOptions('Passphrase', 'correct horse battery staple');
  await extension.fillInOptions('Passphrase again', 'correct horse battery staple');
  expect(await extension.clickInOptions('Export settings…')).toBe('Exported the settings, with the secrets sealed under your passphrase.');
  const sealed = await exportedFile(extension);
  expect(sealed).not.toContain(token);
  expect(sealed).not.toContain(SAMPLE_KEY_TEXT);

  // Without secrets: the rules come back, and the key must be pasted again.
  const withoutSecrets = await freshProfile(extension);
  try {
    await withoutSecrets.chooseFileInOptions('settings.json', plain);
    await expect.poll(() => withoutSecrets.optionsText()).toContain('Importing this file will change the following');
    expect(await withoutSecrets.optionsText()).toContain(`Rule 1 (namespace “default”): added. It will decode namespace “default” on ${webUi.url}, through the codec server ${CODEC_ENDPOINT}.`);
    expect(await withoutSecrets.clickInOptions('Import these settings')).toBe('Imported: 2 rules added, 0 changed, 0 unchanged.');
    expect(await ruleNames(withoutSecrets)).toEqual(names);
    expect(await ruleListText(withoutSecrets)).toContain('Codec server http://localhost:8080 without an access token');
    await withoutSecrets.openWebUi(webUi.url + workflow('samples', SAMPLE_VECTORS_WORKFLOW));
    expect((await shownPayloads(withoutSecrets)).map((p) => p.encoding)).toContain('binary/encrypted');
  } finally {
    await withoutSecrets.close();
  }

  // With the passphrase: the secrets too, so both rules decode at once.
  const withSecrets = await freshProfile(extension);
  try {
    // The file edited since it was sealed (a rule's namespace changed): the passphrase does not take its secrets there.
    const edited = JSON.parse(sealed) as { rules: Array<{ namespace: string }> };
    edited.rules[1]!.namespace = 'sandbox';
    await withSecrets.chooseFileInOptions('edited.json', JSON.stringify(edited));
    await expect.poll(() => withSecrets.optionsText()).toContain('The file holds secrets sealed under a passphrase.');
    await withSecrets.fillInOptions('Passphrase of the file', 'correct horse battery staple');
    await clickQuietly(withSecrets, 'Open the secrets');
    await expect.poll(() => withSecrets.optionsText(), { timeout: 20_000 }).toContain('This file cannot be imported; nothing was changed.');
    expect(await withSecrets.optionsText()).toContain('Secrets: The file’s addresses, rules or preferences were changed after it was exported');
    // The rest of it may still be looked at, without its secrets, and imported.
    await withSecrets.pressInOptions('Check it without its secrets');
    await expect.poll(() => withSecrets.optionsText()).toContain('The file’s secrets are left out, for the problems they had: the rest is imported without them.');
    // The passphrase is asked for no more: it opens them only to be refused again.
    expect(await withSecrets.optionsText()).not.toContain('Passphrase of the file');
    // A preference changed meanwhile (the file's is to show the status chip): the import refuses the preview as stale,
    // and the one shown in its place still leaves the secrets out rather than asking for the passphrase again.
    await withSecrets.evaluateInOptions(`Array.from(document.querySelectorAll('label')).find((label) => label.textContent.includes('Show the status chip')).querySelector('input').click()`);
    await expect.poll(() => withSecrets.optionsText()).toContain('The status chip no longer shows on Web UI pages.');
    expect(await withSecrets.clickInOptions('Import without secrets')).toMatch(/^Nothing was imported: the settings changed since the file was checked/);
    await expect.poll(() => withSecrets.optionsText()).toContain('The file’s secrets are left out, for the problems they had: the rest is imported without them.');
    expect(await withSecrets.optionsText()).not.toContain('Passphrase of the file');
    expect(await withSecrets.clickInOptions('Import without secrets')).toBe('Imported: 2 rules added, 0 changed, 0 unchanged; the file’s secrets were left out.');

    await withSecrets.chooseFileInOptions('settings.json', sealed);
    await expect.poll(() => withSecrets.optionsText()).toContain('The file holds secrets sealed under a passphrase.');
    await withSecrets.fillInOptions('Passphrase of the file', 'not the passphrase');
    await withSecrets.pressInOptions('Open the secrets');
    await expect.poll(() => withSecrets.optionsText()).toContain('Wrong passphrase or damaged file: the secrets stay sealed.');
    // The button was disabled while the file was opened: the keyboard is in the field to type again, which says why.
    expect(await withSecrets.evaluateInOptions<unknown>(FOCUSED_FIELD)).toEqual(['Passphrase of the file', 'true', 'Wrong passphrase or damaged file: the secrets stay sealed.']);
    await withSecrets.fillInOptions('Passphrase of the file', 'correct horse battery staple');
    await clickQuietly(withSecrets, 'Open the secrets');
    await expect.poll(() => withSecrets.optionsText(), { timeout: 20_000 }).toContain('The secrets opened: they are imported with the rules.');
    // Over what the edited file brought: its rules again, with their secrets.
    expect(await withSecrets.clickInOptions('Import these settings')).toBe('Imported: 0 rules added, 2 changed, 0 unchanged; the secrets were imported.');
    expect(await ruleListText(withSecrets)).toBe(rules);

    await withSecrets.openWebUi(webUi.url + workflow('samples', SAMPLE_VECTORS_WORKFLOW));
    expect((await shownPayloads(withSecrets)).map((p) => p.text)).toEqual(sampleVectors().map(expectedText));
    codec.resetRequests();
    await withSecrets.openWebUi(`${webUi.url}/namespaces/default/workflows/order-42/457c136e-cb78-4ac3-abc6-62352d40e66e/history`);
    expect((await shownPayloads(withSecrets)).map((p) => p.encoding)).not.toContain('binary/encrypted');
    expect(codec.requests.filter((r) => r.path.endsWith('/decode')).every((r) => r.headers.authorization === `Bearer ${token}`)).toBe(true);
  } finally {
    await withSecrets.close();
  }
});

test('the preview of a file says where a saved key will then decode: a rule moved, a rule on every address that gains one', async ({ extension, webUi }) => {
  await extension.saveRule({ namespace: 'samples', mode: 'local', keyId: SAMPLE_KEY_ID, key: SAMPLE_KEY_TEXT });
  await extension.saveRule({ namespace: 'audit', addresses: 'every', mode: 'local', keyId: SAMPLE_KEY_ID, key: SAMPLE_KEY_TEXT });
  await extension.clickInOptions('Export settings…');
  const file = JSON.parse(await exportedFile(extension)) as { rules: Array<Record<string, unknown>>; origins: string[] };
  const before = await ruleListText(extension);
  // The rule's id is the saved rule's, as in any file passed around a team; its namespace is another.
  file.rules[0]!['namespace'] = 'sandbox';
  // The file changes nothing of the rule on every address, but that rule will decode on the address it adds.
  file.origins.push('https://temporal.example.com');
  await extension.chooseFileInOptions('moved.json', JSON.stringify(file));
  await expect.poll(() => extension.optionsText()).toContain('Importing this file will change the following');
  expect(await extension.optionsText()).toContain(
    `Rule 1 (namespace “sandbox”): changed (namespace). It decodes namespace “samples” on ${webUi.url}, with a local key; it will decode namespace “sandbox” on ${webUi.url}, with a local key, keeping its saved key “${SAMPLE_KEY_ID}”.`,
  );
  expect(await extension.optionsText()).toContain('The rule on every enabled address will decode on the added address too: namespace “audit”, with a local key.');
  expect(await ruleListText(extension)).toBe(before);
});

test('an import the settings moved on from since its preview imports nothing, says so, and shows what it would change now', async ({ extension }) => {
  await extension.saveRule({ namespace: 'samples', mode: 'local', keyId: SAMPLE_KEY_ID, key: SAMPLE_KEY_TEXT });
  await extension.clickInOptions('Export settings…');
  const file = JSON.parse(await exportedFile(extension)) as { rules: Array<Record<string, unknown>> };
  file.rules[0]!['namespace'] = 'sandbox';
  await extension.chooseFileInOptions('moved.json', JSON.stringify(file));
  await expect.poll(() => extension.optionsText()).toContain('Rule 1 (namespace “sandbox”): changed (namespace).');
  // Meanwhile the rule is switched off (here, as it could be in another window): the preview no longer says it all.
  await extension.evaluateInOptions(`document.querySelector('input[aria-label="Decode samples"]').click()`);
  await expect.poll(() => extension.optionsText()).toContain('Not decoding “samples”');
  const before = await ruleListText(extension);
  expect(await extension.clickInOptions('Import these settings')).toBe(
    'Nothing was imported: the settings changed since the file was checked, so it would change other things than those shown. Look at them again before importing.',
  );
  expect(await ruleListText(extension)).toBe(before);
  await expect.poll(() => extension.optionsText()).toContain('Rule 1 (namespace “sandbox”): changed (namespace, on/off).');
  expect(await extension.clickInOptions('Import these settings')).toBe('Imported: 0 rules added, 1 changed, 0 unchanged.');
});

test('a broken file is refused with its problems listed, and nothing changes', async ({ extension }) => {
  test.setTimeout(120_000);
  await extension.saveRule({ namespace: 'samples', mode: 'local', keyId: SAMPLE_KEY_ID, key: SAMPLE_KEY_TEXT });
  await extension.clickInOptions('Export settings…');
  const file = JSON.parse(await exportedFile(extension)) as { rules: Array<Record<string, unknown>> };
  const before = await ruleListText(extension);

  file.rules[0]!['namespace'] = 'other';
  file.rules.push({ ...file.rules[0], id: 'second', namespace: 'pay ments', mode: 'telepathy' });
  file.rules.push({ ...file.rules[0], id: 'third', local: { keyIds: ['a'], activeKeyId: 'b' } });
  await extension.chooseFileInOptions('broken.json', JSON.stringify(file));
  await expect.poll(() => extension.optionsText()).toContain('This file cannot be imported; nothing was changed. It has 3 problems:');
  const text = await extension.optionsText();
  expect(text).toContain('Rule 2 (namespace “pay ments”), namespace: A namespace has no spaces.');
  expect(text).toMatch(/Rule 2 \(namespace “pay ments”\), mode: .*"remote"/);
  expect(text).toContain('Rule 3 (namespace “other”), local.activeKeyId: The active key must be one of the rule’s key ids.');
  expect(text).not.toContain('Import these settings');
  expect(await ruleListText(extension)).toBe(before);

  // A file far longer than settings can be, such as a history picked by mistake: said in one sentence.
  await extension.chooseFileInOptions('history.json', JSON.stringify({ events: 'x'.repeat(3_000_000) }));
  await expect.poll(() => extension.optionsText()).toContain('It is larger than 2 MB; a settings file is far smaller.');
  await extension.reloadOptions();
  expect(await ruleListText(extension)).toBe(before);
});
