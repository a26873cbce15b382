/**
 * An administrator's policy, as each browser reads it: Chromium's managed policy file
 * (3rdparty.extensions.<id>) and Firefox's policies.json (3rdparty.Extensions.<id>). The
 * managed rule shows as managed, cannot be removed, and decodes on the fixture Web UI;
 * what the policy holds that cannot be used is shown, not used.
 */
import { CODEC_ENDPOINT } from './fixtures/ports';
import { chromiumUnderPolicy, firefoxUnderPolicy, policySkipReason } from './support/browser-policy';
import { launchChromium } from './support/chromium-driver';
import { shownPayloads } from './support/driver';
import { canonical, expectedInputsAndResults } from './support/expected';
import { launchFirefox } from './support/firefox-driver';
import { FIXTURE_UI_ORIGIN, FOCUSED_FIELD } from './support/options-form';
import { test as base, expect, onlyIn } from './support/test';

const ORDER_42 = '/namespaces/default/workflows/order-42/457c136e-cb78-4ac3-abc6-62352d40e66e/history';
/** An address only the policy enables; the browser has not granted access to it. */
const MANAGED_UI = 'https://temporal.example.com';

const POLICY = {
  origins: [MANAGED_UI],
  rules: [
    { id: 'fixture', addresses: [FIXTURE_UI_ORIGIN], namespace: 'default', endpoint: CODEC_ENDPOINT },
    { id: 'with-token', addresses: [FIXTURE_UI_ORIGIN], namespace: 'payments', endpoint: CODEC_ENDPOINT, accessToken: 'not-a-secret-any-more' },
    { id: 'no-scheme', addresses: [FIXTURE_UI_ORIGIN], namespace: 'orders', endpoint: 'codec.example.com' },
    // A credential put where no secret field is looked for: refused for its query, and shown without it.
    { id: 'token-in-query', addresses: [FIXTURE_UI_ORIGIN], namespace: 'audit', endpoint: 'https://codec.example.com/v1?access_token=query-secret-of-the-policy' },
  ],
};

// The fixture codec server here takes no token: a managed rule carries none.
const test = base.extend({
  codecChecksToken: [false, { scope: 'worker' }],
  // The servers are up before the browser opens their pages.
  extension: async ({ webUi, codec }, use, testInfo) => {
    void webUi;
    void codec;
    const firefox = testInfo.project.name === 'firefox';
    const policy = firefox ? firefoxUnderPolicy(POLICY) : chromiumUnderPolicy(POLICY);
    try {
      const driver = firefox
        ? await launchFirefox({ executablePath: policy.executablePath })
        : await launchChromium({ executablePath: policy.executablePath, ...(policy.manifestKey ? { manifestKey: policy.manifestKey } : {}) });
      try {
        await use(driver);
      } finally {
        await driver.close();
      }
    } finally {
      policy.remove();
    }
  },
});

test.skip(policySkipReason !== undefined, policySkipReason);
// A browser under policy starts in a namespace of its own, and Firefox here takes most of a minute per test.
test.slow();

test('a managed rule shows as managed, cannot be removed, and decodes on the Web UI', async ({ extension, webUi, codec }) => {
  const text = await extension.optionsText();
  expect(text).toContain('Set by your administrator');
  // The rule, with its badge and without the controls of the user's own rules.
  expect(text).toMatch(/“default”\s+on http:\/\/localhost:8233\s+Codec server http:\/\/localhost:8080 without credentials\s+Managed by your administrator/);
  const buttons = await extension.evaluateInOptions<string[]>(`Array.from(document.querySelectorAll('.rules button'), (b) => b.getAttribute('aria-label') ?? b.textContent)`);
  expect(buttons).toEqual([]);
  // The managed address is enabled, and the page says the browser still has to allow it.
  expect(text).toMatch(new RegExp(`${MANAGED_UI}\\s*Managed by your administrator\\s*not allowed in the browser yet`));
  expect(text).toContain(`Your administrator set up decoding on ${MANAGED_UI}; the browser needs your permission`);
  // What cannot be used is shown, and not used.
  expect(text).toContain('A managed rule’s endpoint cannot be used: “codec.example.com” is not a web address');
  expect(text).not.toMatch(/“orders”\s+on/);
  expect(text).toContain('A managed rule’s endpoint cannot be used: The codec endpoint must not have a query');
  expect(text).toContain('"endpoint":"https://codec.example.com/v1 (not shown)"');
  expect(text).not.toContain('query-secret-of-the-policy');
  // A token never comes through: Chromium drops the field its schema does not know (chrome://policy says so),
  // Firefox passes it on and the extension refuses the whole rule.
  expect(text).not.toContain('not-a-secret-any-more');
  if (extension.browserName === 'firefox') expect(text).toContain('A managed rule may not carry secrets (accessToken)');
  else expect(text).toMatch(/“payments”\s+on http:\/\/localhost:8233\s+Codec server http:\/\/localhost:8080 without credentials\s+Managed by your administrator/);

  await extension.openWebUi(webUi.url + ORDER_42);
  const shown = await shownPayloads(extension);
  expect(shown.map((p) => p.encoding)).toEqual(shown.map(() => 'json/plain'));
  expect(shown.map((p) => canonical(JSON.parse(p.text))).sort()).toEqual(expectedInputsAndResults('order-42'));
  const decodes = codec.requests.filter((r) => r.path.endsWith('/decode'));
  expect(decodes.length).toBeGreaterThan(0);
  for (const request of decodes) expect(request.headers.authorization).toBeUndefined();
});

test('a user rule just as specific as a managed one is refused with the reason, beside its namespace', async ({ extension }) => {
  await extension.fillInOptions('Namespace', 'default');
  await extension.checkInOptions(FIXTURE_UI_ORIGIN);
  await extension.checkInOptions('Local key');
  await extension.fillInOptions('Key ID', 'k');
  await extension.fillInOptions('Key', '00112233445566778899aabbccddeeff');
  await extension.pressInOptions('Save');
  expect(await extension.evaluateInOptions<unknown>(FOCUSED_FIELD)).toEqual([
    'Namespace',
    'true',
    'Your administrator’s rule for “default” on http://localhost:8233 already decides these namespaces there: choose another namespace or other addresses.',
  ]);
  // A narrower or different namespace is the user's to set up.
  await extension.fillInOptions('Namespace', 'default-eu');
  expect(await extension.clickInOptions('Save')).toContain('Saved');
});

test.describe(() => {
  onlyIn('firefox', 'Headless Chromium shows the permission prompt where no one can answer it.');

  test('the access a policy cannot grant is asked for once, from the settings', async ({ extension }) => {
    // The settings page asks once it has read the policy and what the browser has granted.
    await expect.poll(() => extension.optionsText()).toContain('Allow access');
    expect(await extension.clickInOptions('Allow access')).toBe('Allowed: reload the Web UI tabs of these addresses.');
    const text = await extension.optionsText();
    expect(text).not.toContain('not allowed in the browser yet');
    expect(text).not.toContain('the browser needs your permission');
    expect(text).toMatch(new RegExp(`${MANAGED_UI}\\s*Managed by your administrator`));
  });
});
