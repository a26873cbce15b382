import type { Runtime } from 'webextension-polyfill';
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { MESSAGE_LIMITS } from '../shared/messages/limits';
import { BACKGROUND_MESSAGES, type BackgroundMessageName, type BackgroundRequestInput } from '../shared/messages/runtime';
import { InputError } from './input-error';
import { createRouter, type Handlers } from './router';
import type { Self } from './sender';

const self: Self = { id: 'abcdefghijklmnop', baseUrl: 'chrome-extension://abcdefghijklmnop/' };
const tab = { id: 7, index: 0, highlighted: true, active: true, pinned: false, incognito: false };
const WEB_UI = 'http://localhost:8233';

type Sender = Runtime.MessageSender & { origin?: string };
const bridge: Sender = { id: self.id, url: `${WEB_UI}/namespaces/default/workflows`, tab, frameId: 0, origin: WEB_UI };
const options: Sender = { id: self.id, url: `${self.baseUrl}src/options/index.html` };
const panel: Sender = { id: self.id, url: `${self.baseUrl}src/panel/index.html?tab=7` };
const SENDERS = { bridge, 'extension-page': options, panel } as const;

const NOT_ACCEPTED_FROM_PAGE = 'The page sent a request the background does not accept.';
const NOT_UNDERSTOOD_FROM_EXTENSION = 'The extension page sent a request the background does not understand.';
const GENERIC = 'Something went wrong in the extension; the details are in its background console.';

const payload = { metadata: { encoding: 'YmluYXJ5L2VuY3J5cHRlZA==' }, data: 'c2VjcmV0' };
const batch = { namespace: 'default', payloads: [payload], where: ['history.events.0.input'] };
/** As the bridge sends a batch to decode or encode: its contents packed into one text (packed.ts). */
const packed = <N>({ namespace, ...contents }: { namespace: N } & Record<string, unknown>) => ({ namespace, batch: [JSON.stringify(contents)] });

/** A valid request of every message: the catalogue cannot grow without this growing too. */
const EXAMPLES: { [K in BackgroundMessageName]: BackgroundRequestInput<K> } = {
  'tab-config': { initial: true },
  'namespace-plan': { namespace: 'default' },
  decode: packed(batch),
  encode: packed(batch),
  unanswered: { namespace: 'default', kind: 'no-answer', payloads: [{ fingerprint: '9.abc', where: 'history.events.0.input' }], unread: 0 },
  'get-state': {},
  'save-rule': { rule: { namespace: 'payments', addresses: [WEB_UI], mode: 'remote', endpoint: 'https://codec.example.com', accessToken: 'tok', remember: false } },
  'save-rule-for-tab': { rule: { namespace: 'payments', addresses: [WEB_UI], mode: 'local', keys: [{ keyId: '', key: 'k' }], remember: false }, tabId: 7 },
  'delete-rule': { ruleId: 'r1' },
  'set-rule-enabled': { ruleId: 'r1', enabled: false },
  'keep-addresses': { ruleId: 'r1' },
  'forget-token': { ruleId: 'r1' },
  'confirm-moved-secrets': { ruleId: 'r1', origin: 'https://codec.example.com' },
  'forget-moved-secrets': { ruleId: 'r1' },
  'forget-all-secrets': {},
  'discard-set-aside': { key: 'x' },
  'set-status-chip': { enabled: false },
  'tab-status': { tabId: 7 },
  'test-codec': { ruleId: 'r1', namespace: 'payments', endpoint: 'https://codec.example.com/{namespace}', idToken: 'id', headers: [{ name: 'X-Proxy', value: 'v' }] },
  'add-origin': { origin: 'https://temporal.example.com' },
  'remove-origin': { origin: 'https://temporal.example.com' },
  'export-settings': { passphrase: 'correct horse' },
  'preview-import': { text: '{}' },
  'import-settings': { text: '{}', remember: false, basis: '' },
  'decode-file': { ...batch, ruleId: 'r1' },
  'private-view': { tabId: 7 },
};
const NAMES = Object.keys(BACKGROUND_MESSAGES) as BackgroundMessageName[];

let handlers: Record<BackgroundMessageName, Mock>;
let route: ReturnType<typeof createRouter>;

beforeEach(() => {
  handlers = Object.fromEntries(NAMES.map((name) => [name, vi.fn(async () => ({ handledBy: name }))])) as Record<BackgroundMessageName, Mock>;
  route = createRouter(self, handlers as unknown as Handlers);
});

afterEach(() => vi.restoreAllMocks());

const send = (type: unknown, body: unknown, sender: Sender) => route({ type, body }, sender);
const handled = () => NAMES.filter((name) => handlers[name].mock.calls.length > 0);

describe('the background’s router', () => {
  it('lets the bridge send only the five page messages, the panel only its private view, and extension pages the rest', () => {
    expect(NAMES.filter((name) => BACKGROUND_MESSAGES[name].from === 'bridge')).toEqual(['tab-config', 'namespace-plan', 'decode', 'encode', 'unanswered']);
    expect(NAMES.filter((name) => BACKGROUND_MESSAGES[name].from === 'panel')).toEqual(['private-view']);
    expect(NAMES.every((name) => ['bridge', 'extension-page', 'panel'].includes(BACKGROUND_MESSAGES[name].from))).toBe(true);
  });

  it('hands each valid request to its handler, from the sender the catalogue names', async () => {
    for (const name of NAMES) {
      const sender = SENDERS[BACKGROUND_MESSAGES[name].from];
      expect(await send(name, EXAMPLES[name], sender), name).toEqual({ ok: true, value: { handledBy: name } });
      expect(handlers[name], name).toHaveBeenCalledTimes(1);
    }
  });

  it('refuses every message from the other kind of sender, without calling any handler', async () => {
    for (const name of NAMES) {
      for (const [kind, wrong] of Object.entries(SENDERS)) {
        if (kind === BACKGROUND_MESSAGES[name].from) continue;
        expect(await send(name, EXAMPLES[name], wrong), `${name} from ${kind}`).toEqual({ ok: false, error: 'This sender may not make that request.' });
      }
    }
    expect(handled()).toEqual([]);
  });

  it('refuses the extension pages’ messages that matter most to a hostile page', async () => {
    for (const name of ['save-rule', 'get-state', 'forget-all-secrets', 'tab-status', 'add-origin'] as const) {
      expect(await send(name, EXAMPLES[name], bridge)).toEqual({ ok: false, error: 'This sender may not make that request.' });
    }
    expect(handled()).toEqual([]);
  });

  it('gives a page’s handler the address and tab the browser stamped, and nothing else', async () => {
    await send('decode', packed(batch), bridge);
    expect(handlers.decode).toHaveBeenCalledWith(batch, { origin: WEB_UI, tabId: 7 });
    // Firefox stamps only the frame's URL.
    await send('namespace-plan', { namespace: 'default' }, { id: self.id, url: 'https://temporal.example.com:8443/namespaces/x', tab: { ...tab, id: 12 }, frameId: 0 });
    expect(handlers['namespace-plan']).toHaveBeenCalledWith({ namespace: 'default' }, { origin: 'https://temporal.example.com:8443', tabId: 12 });
  });

  it('gives an extension page’s handler the page and the request with its defaults filled in', async () => {
    await send('save-rule', EXAMPLES['save-rule'], options);
    const [request, caller] = handlers['save-rule'].mock.calls[0]!;
    expect(caller).toEqual({ kind: 'extension-page', url: options.url });
    expect(request).toMatchObject({ rule: { namespace: 'payments', encodeRequests: true, privateView: false, headers: [], keys: [] } });
  });

  it('never takes the address from the message: a body naming one is refused', async () => {
    for (const [type, body] of [
      ['tab-config', { initial: true, origin: 'https://temporal.example.com' }],
      ['namespace-plan', { namespace: 'default', origin: 'https://temporal.example.com' }],
      ['decode', packed({ ...batch, origin: 'https://temporal.example.com' })],
      ['decode', { ...packed(batch), origin: 'https://temporal.example.com' }],
      ['encode', packed({ ...batch, tabId: 3 })],
    ] as const) {
      expect(await send(type, body, bridge), type).toEqual({ ok: false, error: NOT_ACCEPTED_FROM_PAGE });
    }
    expect(handled()).toEqual([]);
  });
});

describe('the router refuses an unknown sender', () => {
  const cases: Array<[string, Sender]> = [
    ['another extension', { ...bridge, id: 'another-extension' }],
    ['another extension’s page', { id: 'another-extension', url: 'chrome-extension://another-extension/page.html' }],
    ['a frame inside the Web UI', { ...bridge, frameId: 2 }],
    ['a content script without a tab', { id: self.id, url: bridge.url!, frameId: 0 }],
    ['a page whose stamped origin disagrees with its URL', { ...bridge, origin: 'http://evil.example' }],
    ['a data: page', { id: self.id, url: 'data:text/html,<p>hi', tab, frameId: 0 }],
    ['a file', { id: self.id, url: 'file:///home/user/page.html', tab, frameId: 0 }],
    ['a sender without a URL', { id: self.id, tab, frameId: 0 }],
  ];

  it.each(cases)('%s, for every message, before reading it', async (_, sender) => {
    for (const name of NAMES) expect(await send(name, EXAMPLES[name], sender), name).toEqual({ ok: false, error: 'Unknown sender.' });
    expect(await route(null, sender)).toEqual({ ok: false, error: 'Unknown sender.' });
    expect(handled()).toEqual([]);
  });
});

describe('the router refuses an unknown message', () => {
  it('whatever its name, and whoever sends it', async () => {
    const messages: unknown[] = [
      { type: 'steal-secrets', body: {} },
      // Names every object has: the catalogue is looked up by its own names only.
      { type: 'constructor', body: {} },
      { type: 'toString', body: {} },
      { type: '__proto__', body: {} },
      { type: 'hasOwnProperty', body: {} },
      { type: '', body: {} },
      { type: 5, body: {} },
      { type: ['decode'], body: batch },
      { body: batch },
      null,
      undefined,
      'decode',
      42,
    ];
    for (const sender of [bridge, options]) {
      for (const message of messages) expect(await route(message, sender), JSON.stringify(message)).toEqual({ ok: false, error: 'Unknown request.' });
    }
    expect(handled()).toEqual([]);
  });
});

describe('the router refuses a malformed request', () => {
  const { payloads: PAYLOAD_CAP, chars: CHAR_CAP } = MESSAGE_LIMITS;
  const many = (count: number) => ({ namespace: 'default', payloads: Array.from({ length: count }, () => payload), where: Array.from({ length: count }, () => 'x') });
  const half = 'x'.repeat(CHAR_CAP / 2);

  const fromPage: Array<[string, BackgroundMessageName, unknown]> = [
    ['no body', 'tab-config', undefined],
    ['a flag of the wrong type', 'tab-config', { initial: 'yes' }],
    ['an extra field', 'tab-config', { initial: true, debug: true }],
    ['a namespace that is not text', 'namespace-plan', { namespace: 5 }],
    ['an empty namespace', 'namespace-plan', { namespace: '' }],
    ['a namespace over its length', 'namespace-plan', { namespace: 'n'.repeat(MESSAGE_LIMITS.namespaceChars + 1) }],
    ['payloads that are not a list', 'decode', packed({ ...batch, payloads: payload })],
    ['a payload’s data that is not text', 'decode', packed({ ...batch, payloads: [{ data: 5 }] })],
    ['a payload with a field beyond metadata, data and externalPayloads', 'decode', packed({ ...batch, payloads: [{ ...payload, evil: 'x' }] })],
    ['an external payload with an extra field', 'encode', packed({ ...batch, payloads: [{ ...payload, externalPayloads: [{ sizeBytes: 3, url: 'x' }] }] })],
    ['an external payload whose size is longer than any number', 'decode', packed({ ...batch, payloads: [{ ...payload, externalPayloads: [{ sizeBytes: '9'.repeat(MESSAGE_LIMITS.sizeBytesChars + 1) }] }] })],
    ['too many external payloads', 'decode', packed({ ...batch, payloads: [{ ...payload, externalPayloads: Array.from({ length: MESSAGE_LIMITS.externalPayloads + 1 }, () => ({})) }] })],
    ['too many metadata entries', 'decode', packed({ ...batch, payloads: [{ metadata: Object.fromEntries(Array.from({ length: MESSAGE_LIMITS.metadataEntries + 1 }, (_, i) => [`m${i}`, ''])) }] })],
    ['a metadata name over its length', 'decode', packed({ ...batch, payloads: [{ metadata: { ['m'.repeat(MESSAGE_LIMITS.metadataNameChars + 1)]: '' } }] })],
    ['a metadata value that is not text', 'decode', packed({ ...batch, payloads: [{ metadata: { encoding: 1 } }] })],
    ['a stand-in holding more than its fingerprint', 'decode', packed({ ...batch, payloads: [{ overLimits: true, fingerprint: 'f', data: 'c2VjcmV0' }] })],
    ['a payload with a fingerprint, which only a stand-in has', 'decode', packed({ ...batch, payloads: [{ ...payload, fingerprint: 'f' }] })],
    ['a stand-in’s fingerprint over its length', 'decode', packed({ ...batch, payloads: [{ overLimits: true, fingerprint: 'f'.repeat(MESSAGE_LIMITS.fingerprintChars + 1) }] })],
    ['fewer places than payloads', 'decode', packed({ ...batch, payloads: [payload, payload] })],
    ['more places than payloads', 'encode', packed({ ...batch, where: ['a', 'b'] })],
    ['a place over its length', 'decode', packed({ ...batch, where: ['w'.repeat(MESSAGE_LIMITS.whereChars + 1)] })],
    ['one payload more than the cap', 'decode', packed(many(PAYLOAD_CAP + 1))],
    ['one payload more than the cap, to encode', 'encode', packed(many(PAYLOAD_CAP + 1))],
    ['more characters than the cap, in all', 'decode', packed({ namespace: 'default', payloads: [{ data: half }, { data: `${half}x` }], where: ['a', 'b'] })],
    ['a packed batch that is not JSON', 'decode', { namespace: 'default', batch: '{"payloads":[' }],
    ['a packed batch that is a list', 'decode', { namespace: 'default', batch: '[]' }],
    ['a packed batch over its length', 'decode', { namespace: 'default', batch: ' '.repeat(MESSAGE_LIMITS.packedChars + 1) }],
    ['the batch left unpacked', 'decode', batch],
    ['a packed batch with more places than the cap, refused before any is checked', 'decode', packed({ namespace: 'default', payloads: [], where: Array.from({ length: PAYLOAD_CAP + 1 }, () => 0) })],
    ['more characters than the cap, counting metadata', 'encode', packed({ namespace: 'default', payloads: [{ data: half }, { data: half, metadata: { e: 'x' } }], where: ['a', 'b'] })],
  ];

  it.each(fromPage)('from a page: %s', async (_, type, body) => {
    expect(await send(type, body, bridge)).toEqual({ ok: false, error: NOT_ACCEPTED_FROM_PAGE });
    expect(handled()).toEqual([]);
  });

  it('takes a batch right at the caps', async () => {
    expect(await send('decode', packed(many(PAYLOAD_CAP)), bridge)).toMatchObject({ ok: true });
    expect(await send('encode', packed({ namespace: 'default', payloads: [{ data: half }, { data: half }], where: ['a', 'b'] }), bridge)).toMatchObject({ ok: true });
  });

  const fromExtension: Array<[string, BackgroundMessageName, unknown]> = [
    ['an extra field on an empty request', 'get-state', { all: true }],
    ['an extra field beside the rule', 'save-rule', { ...EXAMPLES['save-rule'], origin: WEB_UI }],
    ['a rule of an unknown mode', 'save-rule', { rule: { ...EXAMPLES['save-rule'].rule, mode: 'telepathy' } }],
    ['a rule without its addresses', 'save-rule', { rule: { ...EXAMPLES['save-rule'].rule, addresses: undefined } }],
    ['a tab id that is not a number', 'tab-status', { tabId: '7' }],
    ['a missing key', 'discard-set-aside', {}],
    ['a rule id over its length', 'delete-rule', { ruleId: 'r'.repeat(101) }],
  ];

  it.each(fromExtension)('from an extension page: %s', async (_, type, body) => {
    expect(await send(type, body, options)).toEqual({ ok: false, error: NOT_UNDERSTOOD_FROM_EXTENSION });
    expect(handled()).toEqual([]);
  });
});

describe('the router’s answer when a handler fails', () => {
  it('is the sentence of a refusal of what the user typed', async () => {
    handlers['save-rule'].mockRejectedValue(new InputError('The header X-Auth is listed twice.'));
    expect(await send('save-rule', EXAMPLES['save-rule'], options)).toEqual({ ok: false, error: 'The header X-Auth is listed twice.' });
  });

  it('is one generic sentence for anything else, which keeps the error’s own words to the background console', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    handlers.decode.mockRejectedValue(new Error('unsealed token tok-123 for https://codec.example.com'));
    handlers['get-state'].mockImplementation(() => {
      throw new TypeError('Cannot read properties of undefined (reading "tok-456")');
    });
    handlers['tab-config'].mockRejectedValue('tok-789');
    const replies = [await send('decode', packed(batch), bridge), await send('get-state', {}, options), await send('tab-config', { initial: false }, bridge)];
    for (const reply of replies) expect(reply).toEqual({ ok: false, error: GENERIC });
    expect(JSON.stringify(replies)).not.toMatch(/tok-/);
    expect(logged).toHaveBeenCalledTimes(3);
  });
});
