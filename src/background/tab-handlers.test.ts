import { describe, expect, it, vi } from 'vitest';
import { ANSWER_BUDGET_MS } from '../core/deadlines';
import { explainError, NO_ANSWER_SENTENCE, type DecodeResult } from '../core/errors';
import { groupFailures } from '../core/tab-tally';
import { unansweredReport } from '../content/bridge/unanswered-report';
import type { Payload } from '../core/payload';
import { EVERY_ADDRESS, defaultSettings, type Rule } from '../core/settings/schema';
import { settingsRecord } from '../core/settings/stored-settings';
import type { CodecWork } from './decoding/codec-work';
import type { PackedText } from './packed-text';
import { createPrivateView } from './private-view';
import { memoryStore } from './storage/key-value';
import type { PayloadOutcome } from '../shared/messages/packed';
import { MESSAGE_LIMITS } from '../shared/messages/limits';
import { REQUEST_OVERHEAD_CHARS, TAB_WORK_LIMIT_CHARS } from '../shared/messages/limits';
import { LOCAL_PAYLOADS_PER_REQUEST, createTabHandlers, type BridgeCaller, type TabHandlers } from './tab-handlers';
import { standInFor } from '../shared/messages/over-limits';
import { packBatch } from '../shared/messages/packed';
import { createTabPages } from './tab-pages';
import { createTabStatus } from './tab-status';
import { memorySettings } from './test-support/stores';

const WEB_UI = 'http://localhost:8233';
/** Enabled (built in) but bound to no rule below. */
const UNBOUND_UI = 'http://localhost:8080';
const onWebUi: BridgeCaller = { origin: WEB_UI, tabId: 7 };

const rule = (fields: Partial<Rule> = {}): Rule => ({
  id: 'r1',
  addresses: [WEB_UI],
  namespace: 'payments',
  enabled: true,
  mode: 'remote',
  encodeRequests: true,
  privateView: false,
  remote: { endpoint: 'https://codec.example.com', includeCredentials: false, headerNames: [], permissionsClaim: 'permissions' },
  ...fields,
});

const encrypted: Payload = { metadata: { encoding: 'YmluYXJ5L2VuY3J5cHRlZA==' }, data: 'c2VjcmV0' };
const decoded: Payload = { metadata: { encoding: 'anNvbi9wbGFpbg==' }, data: 'eyJhIjoxfQ==' };
const batch = (payloads: Payload[] = [encrypted], namespace = 'payments') => ({ namespace, payloads, where: payloads.map((_, i) => `history.events.${i}.input`) });
/** What a request of one payload counts for in a tab's share beside the payload's own text. */
const ONE_PAYLOAD_REQUEST_CHARS = REQUEST_OVERHEAD_CHARS + 'history.events.0.input'.length;

/** Codec work that decodes (or encodes) every payload, unless a test says otherwise, and remembers what it was given. */
function fakeWork() {
  const succeed = async (_rule: Rule, _namespace: string, ...rest: unknown[]) => (rest.at(-1) as Payload[]).map((): DecodeResult => ({ ok: true, payload: decoded }));
  return {
    decode: vi.fn<CodecWork['decode']>(succeed),
    encode: vi.fn<CodecWork['encode']>(succeed),
    prepare: vi.fn<CodecWork['prepare']>(),
    clear: vi.fn(),
  } satisfies CodecWork;
}

/** The handlers with their packed outcomes read back, as the page hook reads them: `{ results }`. */
function readingOutcomes(handlers: TabHandlers) {
  const read = async (packed: Promise<PackedText>) => ({ results: (await packed).texts().flatMap((text) => JSON.parse(text) as PayloadOutcome[]) });
  return {
    ...handlers,
    decode: (...args: Parameters<TabHandlers['decode']>) => read(handlers.decode(...args)),
    encode: (...args: Parameters<TabHandlers['encode']>) => read(handlers.encode(...args)),
  };
}

/** `readsWait`: every read of the settings waits for it, as a busy IndexedDB makes it wait. */
function setup(rules: Rule[], statusStore = memoryStore<unknown>(), replyPartChars?: number, readsWait?: Promise<void>) {
  const { settings: stored, store } = memorySettings();
  const settings = readsWait ? { ...stored, read: async () => (await readsWait, stored.read()), current: async () => (await readsWait, stored.current()) } : stored;
  store.data.set('settings', settingsRecord({ ...defaultSettings(), rules }));
  const work = fakeWork();
  const status = createTabStatus(statusStore, { showBadge: async () => undefined, pushToPage: async () => undefined });
  const privateView = createPrivateView(memoryStore<unknown>());
  const pages = createTabPages();
  return { handlers: readingOutcomes(createTabHandlers({ settings, work, status, privateView, pages, ...(replyPartChars ? { replyPartChars } : {}) })), work, status, privateView, settings };
}


const INERT = { decode: false, privateView: false, encode: false, payloadsPerRequest: 0 };

describe('a page on an address with no rule bound to it', () => {
  const pages: Array<[string, BridgeCaller, Rule[]]> = [
    ['an enabled address the rule is not bound to', { origin: UNBOUND_UI, tabId: 9 }, [rule()]],
    ['an address that is not enabled, even with a rule for every address', { origin: 'https://evil.example', tabId: 9 }, [rule({ addresses: EVERY_ADDRESS })]],
  ];

  it.each(pages)('on %s: is told the extension is inactive and gets no plan', async (_, caller, rules) => {
    const { handlers } = setup(rules);
    expect(await handlers['tab-config']({ initial: true }, caller)).toEqual({ active: false, statusChip: true });
    expect(await handlers['namespace-plan']({ namespace: 'payments' }, caller)).toEqual(INERT);
  });

  it.each(pages)('on %s: has no decoder made ready for it', async (_, caller, rules) => {
    const { handlers, work } = setup(rules);
    await handlers['namespace-plan']({ namespace: 'payments' }, caller);
    expect(work.prepare).not.toHaveBeenCalled();
  });

  it.each(pages)('on %s: gets no decode and no encode, and no codec is called', async (_, caller, rules) => {
    const { handlers, work } = setup(rules);
    const refused = { results: [{ ok: false, kind: 'no-rule', sentence: explainError({ kind: 'no-rule' }) }] };
    expect(await handlers.decode(batch(), caller)).toEqual(refused);
    expect(await handlers.encode(batch(), caller)).toEqual(refused);
    expect(work.decode).not.toHaveBeenCalled();
    expect(work.encode).not.toHaveBeenCalled();
  });

  it('is treated alike when the rule is switched off', async () => {
    const { handlers, work } = setup([rule({ enabled: false })]);
    expect(await handlers['tab-config']({ initial: true }, onWebUi)).toEqual({ active: false, statusChip: true });
    expect(await handlers['namespace-plan']({ namespace: 'payments' }, onWebUi)).toEqual(INERT);
    expect((await handlers.decode(batch(), onWebUi)).results[0]).toMatchObject({ ok: false, kind: 'no-rule' });
    expect(work.decode).not.toHaveBeenCalled();
  });
});

describe('a page on the address a rule is bound to', () => {
  it('is active, and may decode and encode that rule’s namespaces only', async () => {
    const { handlers } = setup([rule({ namespace: 'pay*' })]);
    expect(await handlers['tab-config']({ initial: true }, onWebUi)).toEqual({ active: true, statusChip: true });
    expect(await handlers['namespace-plan']({ namespace: 'payments' }, onWebUi)).toEqual({ decode: true, privateView: false, encode: true, payloadsPerRequest: 0 });
    expect(await handlers['namespace-plan']({ namespace: 'orders' }, onWebUi)).toEqual(INERT);
  });

  it('has the rule’s decoder made ready for a namespace the rule takes in, once the page asks for its plan', async () => {
    const payments = rule({ namespace: 'pay*' });
    const { handlers, work } = setup([payments]);
    await handlers['namespace-plan']({ namespace: 'payments' }, onWebUi);
    await handlers['namespace-plan']({ namespace: 'orders' }, onWebUi);
    expect(work.prepare.mock.calls).toEqual([[payments, 'payments']]);
  });

  it('gets its payloads decoded with the rule, in a cache of its own address', async () => {
    const every = rule({ addresses: EVERY_ADDRESS });
    const { handlers, work } = setup([every]);
    expect(await handlers.decode(batch(), onWebUi)).toEqual({ results: [{ ok: true, payload: decoded }] });
    await handlers.decode(batch(), { origin: UNBOUND_UI, tabId: 9 });
    const [first, second] = work.decode.mock.calls;
    expect(first!.slice(0, 2)).toEqual([every, 'payments']);
    expect(first![3]).toEqual([encrypted]);
    expect(first![2]).not.toBe(second![2]);
  });

  it('gets its answer even when the tab’s status cannot be stored', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const broken = { ...memoryStore<unknown>(), set: () => Promise.reject(new Error('QUOTA_BYTES quota exceeded')) };
    const { handlers, status } = setup([rule()], broken);
    expect(await handlers['tab-config']({ initial: true }, onWebUi)).toEqual({ active: true, statusChip: true });
    expect(await handlers.decode(batch(), onWebUi)).toEqual({ results: [{ ok: true, payload: decoded }] });
    // The tally is written off the answer's path: let it land.
    await status.flush();
    expect(logged).toHaveBeenCalled();
    logged.mockRestore();
  });

  it('sends a local key’s answers in pieces, and a codec server’s whole, for the client to pack', async () => {
    const { handlers } = setup([rule({ namespace: 'payments' }), rule({ id: 'r2', namespace: 'orders', mode: 'local' })]);
    expect((await handlers['namespace-plan']({ namespace: 'orders' }, onWebUi)).payloadsPerRequest).toBe(LOCAL_PAYLOADS_PER_REQUEST);
    expect((await handlers['namespace-plan']({ namespace: 'payments' }, onWebUi)).payloadsPerRequest).toBe(0);
  });

  it('gets no encoding when the rule does not encode what the Web UI sends', async () => {
    const { handlers, work } = setup([rule({ encodeRequests: false })]);
    expect((await handlers['namespace-plan']({ namespace: 'payments' }, onWebUi)).encode).toBe(false);
    expect((await handlers.encode(batch(), onWebUi)).results[0]).toMatchObject({ ok: false, kind: 'no-rule' });
    expect(work.encode).not.toHaveBeenCalled();
  });
});

describe('a rule with a private view', () => {
  it('decodes for the extension, which counts it, and gives the page no results', async () => {
    const { handlers, work, status } = setup([rule({ privateView: true })]);
    expect(await handlers['namespace-plan']({ namespace: 'payments' }, onWebUi)).toEqual({ decode: true, privateView: true, encode: true, payloadsPerRequest: 0 });
    expect(await handlers.decode(batch([encrypted, { ...encrypted, data: 'b3RoZXI=' }]), onWebUi)).toEqual({ results: [] });
    expect(work.decode).toHaveBeenCalledTimes(1);
    expect((await status.read(7)).decoded).toBe(2);
  });

  it('keeps the plaintext for the tab’s panel, with the workflow and event the page said it belongs to', async () => {
    const { handlers, work, privateView } = setup([rule({ privateView: true })]);
    work.decode.mockResolvedValueOnce([{ ok: true, payload: decoded }, { ok: false, error: { kind: 'decrypt-failed' } }]);
    const about = [{ workflowId: 'order-42', runId: 'r', eventId: '1' }, { workflowId: 'order-42' }];
    expect(await handlers.decode({ ...batch([encrypted, encrypted]), about }, onWebUi)).toEqual({ results: [] });
    const view = await privateView.read(7);
    expect(view.origin).toBe(WEB_UI);
    expect(view.entries).toEqual([
      { namespace: 'payments', where: 'history.events.0.input', about: about[0], result: { ok: true, payload: decoded } },
      { namespace: 'payments', where: 'history.events.1.input', about: about[1], result: { ok: false, sentence: explainError({ kind: 'decrypt-failed' }) } },
    ]);
    // Another tab sees none of it; a new page in the tab starts over.
    expect((await privateView.read(8)).entries).toEqual([]);
    await handlers['tab-config']({ initial: true }, onWebUi);
    expect((await privateView.read(7)).entries).toEqual([]);
  });

  it('keeps nothing for a rule without private view', async () => {
    const { handlers, privateView } = setup([rule()]);
    await handlers.decode(batch(), onWebUi);
    expect(await privateView.read(7)).toEqual({ entries: [], lost: false, dropped: false });
  });
});

describe('codec failures', () => {
  it('reach the page without the codec server’s own words, which the tally keeps for the extension', async () => {
    const { handlers, work, status } = setup([rule()]);
    const echoed = 'invalid token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig';
    work.decode.mockResolvedValueOnce([
      { ok: false, error: { kind: 'codec-unauthorized', detail: echoed } },
      { ok: false, error: { kind: 'codec-error', detail: `500 ${echoed}` } },
      { ok: false, error: { kind: 'unknown-key-id', detail: 'k9' } },
      { ok: false, error: { kind: 'secret-bound-elsewhere', detail: 'https://codec.internal.example' } },
    ]);
    const payloads = [encrypted, { ...encrypted, data: 'Mg==' }, { ...encrypted, data: 'Mw==' }, { ...encrypted, data: 'NA==' }];
    const reply = await handlers.decode(batch(payloads), onWebUi);
    expect(reply.results).toEqual([
      { ok: false, kind: 'codec-unauthorized', sentence: 'The codec server refused the access token (401).' },
      { ok: false, kind: 'codec-error', sentence: 'The codec server failed to decode the payloads.' },
      { ok: false, kind: 'unknown-key-id', sentence: 'No local key has the id "k9" that this payload was encrypted with.' },
      { ok: false, kind: 'secret-bound-elsewhere', sentence: explainError({ kind: 'secret-bound-elsewhere' }) },
    ]);
    expect(JSON.stringify(reply)).not.toContain('eyJ');
    // The page is not told where the codec server is either.
    expect(JSON.stringify(reply)).not.toContain('codec.internal');
    expect((await status.read(7)).failures.map((failure) => failure.detail)).toEqual([echoed, `500 ${echoed}`, 'k9', 'https://codec.internal.example']);
  });

  it('of an encoding reach the page reduced too', async () => {
    const { handlers, work } = setup([rule()]);
    work.encode.mockResolvedValueOnce([{ ok: false, error: { kind: 'codec-unauthorized', detail: 'token tok-1 expired' } }]);
    expect((await handlers.encode(batch(), onWebUi)).results).toEqual([{ ok: false, kind: 'codec-unauthorized', sentence: 'The codec server refused the access token (401).' }]);
  });
});

describe('a payload beyond what a message carries, sent as a stand-in', () => {
  it('counts once wherever it appears, as history and history-reverse both hold it, and two such payloads twice', async () => {
    const { handlers, work, status } = setup([rule()]);
    work.decode.mockImplementation(async (_rule, _namespace, _origin, payloads) => payloads.map((): DecodeResult => ({ ok: false, error: { kind: 'payload-over-limits' } })));
    const [one, other] = [standInFor({ data: 'b25l' }), standInFor({ data: 'b3RoZXI=' })];
    const at = (payload: Payload, where: string) => ({ namespace: 'payments', payloads: [payload], where: [where] });
    await handlers.decode(at(one, 'history.events[0].input'), onWebUi);
    await handlers.decode(at(one, 'history.events[7].input'), onWebUi);
    await handlers.decode(at(other, 'history.events[0].input'), onWebUi);
    await handlers.decode(at(other, 'history.events[9].input'), onWebUi);
    // Counted by place, these would be three: two places for each, one place for both.
    expect((await status.read(7)).failed).toBe(2);
  });
});

describe('a reply longer than the bridge takes', () => {
  it('gives the page, and counts, a failure that says so for each payload decoded, not plaintext that would never arrive', async () => {
    // Parts of 100 characters: a decoded payload of 10,000 needs more parts than a reply may have; two failures do not.
    const { handlers, work, status } = setup([rule()], memoryStore<unknown>(), 100);
    work.decode.mockResolvedValueOnce([
      { ok: true, payload: { ...decoded, data: 'A'.repeat(10_000) } },
      { ok: false, error: { kind: 'decrypt-failed' } },
    ]);
    const reply = await handlers.decode(batch([encrypted, { ...encrypted, data: 'Mg==' }]), onWebUi);
    expect(reply.results).toEqual([
      { ok: false, kind: 'reply-too-large', sentence: explainError({ kind: 'reply-too-large' }) },
      { ok: false, kind: 'decrypt-failed', sentence: explainError({ kind: 'decrypt-failed' }) },
    ]);
    const tally = await status.read(7);
    expect(tally.decoded).toBe(0);
    expect(tally.failures.map((failure) => failure.kind)).toEqual(['reply-too-large', 'decrypt-failed']);
  });

  it('of an encoding is left to go as one refusal: nothing is counted decoded, and the request is not sent', async () => {
    const { handlers, work, status } = setup([rule()], memoryStore<unknown>(), 100);
    work.encode.mockResolvedValueOnce([{ ok: true, payload: { ...decoded, data: 'A'.repeat(10_000) } }]);
    expect((await handlers.encode(batch(), onWebUi)).results).toEqual([{ ok: true, payload: { ...decoded, data: 'A'.repeat(10_000) } }]);
    const tally = await status.read(7);
    expect([tally.decoded, tally.failures]).toEqual([0, []]);
  });

  it('is not cut down when it fits', async () => {
    const { handlers, work, status } = setup([rule()], memoryStore<unknown>(), 100);
    work.decode.mockResolvedValueOnce([{ ok: true, payload: { ...decoded, data: 'A'.repeat(1_000) } }]);
    expect((await handlers.decode(batch(), onWebUi)).results).toEqual([{ ok: true, payload: { ...decoded, data: 'A'.repeat(1_000) } }]);
    expect((await status.read(7)).decoded).toBe(1);
  });
});

describe('the work one tab may have under way', () => {
  it('refuses a request that would take the tab over its share, until the work under way is done', async () => {
    const { handlers, work } = setup([rule()]);
    let finish: () => void = () => undefined;
    work.decode.mockImplementationOnce((_rule, _namespace, _partition, payloads) => new Promise((resolve) => (finish = () => resolve(payloads.map(() => ({ ok: true, payload: decoded }))))));
    // With what each request counts for and the place batch() gives it, a payload of half the share.
    const half = 'x'.repeat(TAB_WORK_LIMIT_CHARS / 2 - ONE_PAYLOAD_REQUEST_CHARS);

    const first = handlers.decode(batch([{ data: half }]), onWebUi);
    await vi.waitFor(() => expect(work.decode).toHaveBeenCalledTimes(1));
    const over = await handlers.decode(batch([{ data: half }, { data: 'x' }]), onWebUi);
    expect(over.results).toEqual([0, 1].map(() => ({ ok: false, kind: 'too-busy', sentence: explainError({ kind: 'too-busy' }) })));
    const overEncode = await handlers.encode(batch([{ data: half }, { data: 'x' }]), onWebUi);
    expect(overEncode.results[0]).toMatchObject({ ok: false, kind: 'too-busy' });
    expect(work.decode).toHaveBeenCalledTimes(1);
    expect(work.encode).not.toHaveBeenCalled();

    // Metadata counts as much as data.
    const inMetadata = await handlers.decode(batch([{ metadata: { encoding: encrypted.metadata!.encoding!, filler: half }, data: 'x' }]), onWebUi);
    expect(inMetadata.results[0]).toMatchObject({ ok: false, kind: 'too-busy' });
    // And so do the sizes of external references: the rest of the share, in the longest sizes a reference may have.
    const size = '9'.repeat(MESSAGE_LIMITS.sizeBytesChars);
    const references = Array.from({ length: MESSAGE_LIMITS.externalPayloads }, () => ({ sizeBytes: size }));
    const perPayload = MESSAGE_LIMITS.externalPayloads * MESSAGE_LIMITS.sizeBytesChars;
    const inSizes = await handlers.decode(batch(Array.from({ length: Math.ceil(half.length / perPayload) + 1 }, () => ({ data: 'x', externalPayloads: references }))), onWebUi);
    expect(inSizes.results[0]).toMatchObject({ ok: false, kind: 'too-busy' });
    // And what the payloads are about, held beside them as long: the longest ids a payload may have.
    const id = 'i'.repeat(MESSAGE_LIMITS.aboutChars);
    const aboutMany = batch(Array.from({ length: Math.ceil(half.length / (3 * id.length)) + 1 }, () => ({ data: 'x' })));
    const inAbout = await handlers.decode({ ...aboutMany, about: aboutMany.payloads.map(() => ({ workflowId: id, runId: id, eventId: id })) }, onWebUi);
    expect(inAbout.results[0]).toMatchObject({ ok: false, kind: 'too-busy' });

    // Right up to the share is fine, and another tab has its own.
    expect((await handlers.decode(batch([{ data: half }]), onWebUi)).results[0]).toMatchObject({ ok: true });
    expect((await handlers.decode(batch([{ data: half }, { data: half }]), { origin: WEB_UI, tabId: 8 })).results[0]).toMatchObject({ ok: true });

    finish();
    expect((await first).results[0]).toMatchObject({ ok: true });
    expect((await handlers.decode(batch([{ data: half }, { data: half }]), onWebUi)).results[0]).toMatchObject({ ok: true });
  });

  it('counts each request, however small: a page cannot keep any number of one-payload requests under way', async () => {
    const { handlers, work } = setup([rule()]);
    const finishers: Array<() => void> = [];
    work.decode.mockImplementation((_rule, _namespace, _partition, payloads) => new Promise((resolve) => finishers.push(() => resolve(payloads.map(() => ({ ok: true, payload: decoded }))))));
    const fit = Math.floor(TAB_WORK_LIMIT_CHARS / (ONE_PAYLOAD_REQUEST_CHARS + 1));
    const held = Array.from({ length: fit }, () => handlers.decode(batch([{ data: 'x' }]), onWebUi));
    await vi.waitFor(() => expect(work.decode).toHaveBeenCalledTimes(fit));
    expect((await handlers.decode(batch([{ data: 'x' }]), onWebUi)).results[0]).toMatchObject({ ok: false, kind: 'too-busy' });
    for (const finish of finishers) finish();
    expect((await Promise.all(held)).every((answer) => answer.results[0]?.ok)).toBe(true);
  });

  it('gives all tabs together twice one tab’s share: many tabs cannot multiply it, one tab cannot take it all', async () => {
    const { handlers, work } = setup([rule()]);
    const finishers: Array<() => void> = [];
    work.decode.mockImplementation((_rule, _namespace, _partition, payloads) => new Promise((resolve) => finishers.push(() => resolve(payloads.map(() => ({ ok: true, payload: decoded }))))));
    const share = 'x'.repeat(TAB_WORK_LIMIT_CHARS - ONE_PAYLOAD_REQUEST_CHARS);
    const tab = (tabId: number): BridgeCaller => ({ origin: WEB_UI, tabId });

    const held = [handlers.decode(batch([{ data: share }]), tab(7)), handlers.decode(batch([{ data: share }]), tab(8))];
    await vi.waitFor(() => expect(work.decode).toHaveBeenCalledTimes(2));
    expect((await handlers.decode(batch([{ data: 'x' }]), tab(9))).results[0]).toMatchObject({ ok: false, kind: 'too-busy' });

    finishers.shift()!();
    await held[0];
    // Room again once one tab's work is done.
    const third = handlers.decode(batch([{ data: 'x' }]), tab(9));
    await vi.waitFor(() => expect(work.decode).toHaveBeenCalledTimes(3));
    for (const finish of finishers) finish();
    expect((await third).results[0]).toMatchObject({ ok: true });
    await held[1];
  });
});

describe('settings or the page changing while payloads are decoded or encoded', () => {
  /** Starts a decode whose work waits until `finish` is called, with `during` done meanwhile. */
  async function decodeWhile(rules: Rule[], during: (s: ReturnType<typeof setup>) => Promise<unknown>) {
    const s = setup(rules);
    let finish: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (finish = resolve));
    s.work.decode.mockImplementationOnce(async (_rule, _namespace, _scope, payloads) => {
      await held;
      return payloads.map((): DecodeResult => ({ ok: true, payload: decoded }));
    });
    await s.handlers['tab-config']({ initial: true }, onWebUi);
    const answer = s.handlers.decode(batch(), onWebUi);
    await vi.waitFor(() => expect(s.work.decode).toHaveBeenCalled());
    await during(s);
    finish();
    return { ...s, answer: await answer };
  }
  const changeRules = (s: ReturnType<typeof setup>, rules: Rule[]) => s.settings.update((current) => ({ ...current, rules }));
  const changed = { ok: false, kind: 'rule-changed', sentence: explainError({ kind: 'rule-changed' }) };

  it('gives the page no plaintext once its rule was switched off, removed or unbound from the address, and says why', async () => {
    for (const rules of [[rule({ enabled: false })], [], [rule({ addresses: [UNBOUND_UI] })], [rule({ namespace: 'orders' })]]) {
      const { answer, status } = await decodeWhile([rule()], (s) => changeRules(s, rules));
      expect(answer).toEqual({ results: [changed] });
      expect((await status.read(7)).failures.map((failure) => failure.kind)).toEqual(['rule-changed']);
    }
  });

  it('keeps the plaintext for the extension alone once the rule was made private', async () => {
    const { answer, privateView } = await decodeWhile([rule()], (s) => changeRules(s, [rule({ privateView: true })]));
    expect(answer).toEqual({ results: [] });
    expect((await privateView.read(7)).entries.map((entry) => entry.result)).toEqual([{ ok: true, payload: decoded }]);
  });

  it('gives the page its plaintext when the rule changed in a way that still shows it to the page', async () => {
    const { answer } = await decodeWhile([rule({ privateView: true })], (s) => changeRules(s, [rule({ namespace: 'pay*' })]));
    expect(answer).toEqual({ results: [{ ok: true, payload: decoded }] });
  });

  it('tells the next page in the tab nothing of what the page before it asked', async () => {
    const { answer, status, privateView } = await decodeWhile([rule({ privateView: true })], (s) => s.handlers['tab-config']({ initial: true }, onWebUi));
    expect(answer).toEqual({ results: [] });
    expect(await status.read(7)).toMatchObject({ decoded: 0, failures: [] });
    expect((await privateView.read(7)).entries).toEqual([]);
  });

  it('counts on the next page in the tab none of the refusals the page before it was given', async () => {
    let release: () => void = () => undefined;
    const { handlers, status } = setup([rule({ namespace: 'orders' })], undefined, undefined, new Promise<void>((resolve) => (release = resolve)));
    const refused = [handlers.decode(batch(), onWebUi), handlers.encode(batch(), onWebUi)];
    const nextPage = handlers['tab-config']({ initial: true }, onWebUi);
    release();
    await Promise.all([...refused, nextPage]);
    expect(await status.read(7)).toMatchObject({ decoded: 0, failures: [] });
  });

  it('counts on the next page in the tab none of the failures of what the page before it was sending', async () => {
    const { handlers, work, status } = setup([rule()]);
    let finish: () => void = () => undefined;
    work.encode.mockImplementationOnce((_rule, _namespace, payloads) => new Promise((resolve) => (finish = () => resolve(payloads.map(() => ({ ok: false, error: { kind: 'codec-unauthorized' } }))))));
    await handlers['tab-config']({ initial: true }, onWebUi);
    const answer = handlers.encode(batch(), onWebUi);
    await vi.waitFor(() => expect(work.encode).toHaveBeenCalled());
    await handlers['tab-config']({ initial: true }, onWebUi);
    finish();
    expect(await answer).toEqual({ results: [] });
    expect(await status.read(7)).toMatchObject({ decoded: 0, failures: [] });
  });
});

describe('work that outlasts the answer’s budget', () => {
  it('keeps the tab’s share taken until it ends: the page has its answer, but cannot pile up more meanwhile', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { handlers, work } = setup([rule()]);
      let finish: () => void = () => undefined;
      work.decode.mockImplementationOnce((_rule, _namespace, _partition, payloads) => new Promise((resolve) => (finish = () => resolve(payloads.map(() => ({ ok: true, payload: decoded }))))));
      const share = 'x'.repeat(TAB_WORK_LIMIT_CHARS);

      const first = handlers.decode(batch([{ data: share }]), onWebUi);
      await vi.waitFor(() => expect(work.decode).toHaveBeenCalledTimes(1));
      await vi.advanceTimersByTimeAsync(ANSWER_BUDGET_MS);
      expect((await first).results[0]).toMatchObject({ ok: false, kind: 'codec-timeout' });

      // The codec work goes on past the budget, holding its payloads: the tab's share stays taken.
      expect((await handlers.decode(batch([{ data: 'x' }]), onWebUi)).results[0]).toMatchObject({ ok: false, kind: 'too-busy' });
      finish();
      await vi.waitFor(async () => expect((await handlers.decode(batch([{ data: 'x' }]), onWebUi)).results[0]).toMatchObject({ ok: true }));
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('payloads the bridge answered for itself, reported', () => {
  const other: Payload = { metadata: encrypted.metadata, data: 'b3RoZXI=' };
  /** What the bridge reports of a batch of [payload, where] (src/content/bridge/unanswered-report.ts). */
  const report = (payloads: Array<[Payload, string]>, kind: 'too-busy' | 'no-answer' = 'no-answer', namespace = 'payments') =>
    unansweredReport(namespace, packBatch({ payloads: payloads.map(([payload]) => payload), where: payloads.map(([, where]) => where) }), payloads.length, kind);

  it('are counted in the tab’s tally, which the popup and badge read, each once, with the sentence for their kind', async () => {
    const { handlers, status } = setup([rule()]);
    expect(await handlers.unanswered(report([[encrypted, 'history.events.0.input'], [other, 'history.events.1.input']]), onWebUi)).toBeNull();
    // history-reverse brings the same payloads at other places.
    await handlers.unanswered(report([[other, 'history.events.0.input']]), onWebUi);
    const tally = await status.read(7);
    expect(tally.failed).toBe(2);
    expect(groupFailures(tally, 'extension')).toEqual([{ namespace: 'payments', sentence: NO_ANSWER_SENTENCE, count: 2, where: ['history.events.0.input', 'history.events.1.input'] }]);
  });

  it('count once a payload the background counted itself, told apart alike on both sides', async () => {
    const { handlers, status } = setup([rule()]);
    // No rule for this namespace: the background counts the payload as failed.
    await handlers.decode(batch([encrypted, standInFor(other)], 'nowhere'), onWebUi);
    expect((await status.read(7)).failed).toBe(2);
    await handlers.unanswered(report([[encrypted, 'history.events.5.input'], [standInFor(other), 'history.events.6.input']], 'too-busy', 'nowhere'), onWebUi);
    expect((await status.read(7)).failed).toBe(2);
  });

  it('count the payloads of a batch the bridge did not read by their number, as one line, remembering none of them', async () => {
    const { handlers, status } = setup([rule()]);
    await handlers.unanswered(report([[encrypted, 'history.events.0.input']], 'too-busy'), onWebUi);
    await handlers.unanswered({ namespace: 'payments', kind: 'too-busy', payloads: [], unread: 19_999 }, onWebUi);
    await handlers.unanswered({ namespace: 'payments', kind: 'too-busy', payloads: [], unread: 2 }, onWebUi);
    const tally = await status.read(7);
    expect(tally.failed).toBe(20_002);
    expect(tally.failures).toHaveLength(3);
    expect(groupFailures(tally, 'page')).toEqual([{ namespace: 'payments', sentence: explainError({ kind: 'too-busy' }), count: 20_002, where: ['history.events.0.input'] }]);
    // The payload told apart is still remembered: seen again, it is not counted again.
    await handlers.unanswered(report([[encrypted, 'history.events.9.input']], 'too-busy'), onWebUi);
    expect((await status.read(7)).failed).toBe(20_002);
  });
});

describe('a decode that fails in the extension itself', () => {
  it('fails each payload with a sentence that says so, counted in the tab’s tally, instead of failing the request', async () => {
    const { handlers, work, status } = setup([rule()]);
    const other: Payload = { metadata: encrypted.metadata, data: 'b3RoZXI=' };
    work.decode.mockRejectedValue(new Error('a fault of the extension'));
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const sentence = explainError({ kind: 'extension-failed' });
      expect(await handlers.decode(batch([encrypted, other]), onWebUi)).toEqual({ results: [0, 1].map(() => ({ ok: false, kind: 'extension-failed', sentence })) });
      expect((await status.read(7)).failed).toBe(2);
      expect(logged).toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
  });
});
