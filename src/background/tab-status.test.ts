import { afterEach, describe, expect, it, vi } from 'vitest';
import { readTally } from '../core/stored-tally';
import { TALLY_LIMITS, type PayloadFailure, type TabTally } from '../core/tab-tally';
import { memoryStore } from './storage/key-value';
import { STORED_TABS, STORED_TALLIES_BYTES, createTabStatus, type TabSurface } from './tab-status';

const failure = (n: number, kind = 'decrypt-failed', detail?: string): PayloadFailure => ({ fingerprint: `f${n}`, namespace: 'payments', where: `history.events.${n}`, kind, ...(detail ? { detail } : {}) });

function setup() {
  const store = memoryStore<unknown>();
  const surface = { showBadge: vi.fn<TabSurface['showBadge']>(async () => undefined), pushToPage: vi.fn<TabSurface['pushToPage']>(async () => undefined) };
  const onChange = vi.fn();
  return { store, surface, onChange, status: createTabStatus(store, surface, onChange) };
}

afterEach(() => vi.restoreAllMocks());

describe('a tab’s status', () => {
  it('adds up what concurrent decodes of a page did, and shows it on the badge and in the page', async () => {
    const { status, surface, onChange } = setup();
    await Promise.all([status.note(7, 'payments', ['d1', 'd2'], []), status.note(7, 'payments', ['d3'], [failure(1, 'codec-unauthorized', 'token tok-1 refused')]), status.note(7, 'orders', ['d1'], [])]);
    await status.flush();
    const tally = await status.read(7);
    expect([tally.decoded, tally.failed, tally.namespaces]).toEqual([3, 1, ['payments', 'orders']]);
    expect(surface.showBadge).toHaveBeenLastCalledWith(7, 1);
    // The page's chip gets the reason without the codec server's words.
    expect(surface.pushToPage).toHaveBeenLastCalledWith(7, { decoded: 3, failed: 1, reasons: [{ namespace: 'payments', sentence: 'The codec server refused the access token (401).', count: 1, where: ['history.events.1'] }] });
    // The three answers of one burst are stored and shown once.
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(surface.pushToPage).toHaveBeenCalledTimes(1);
  });

  it('counts a burst of answers in memory, and stores and shows it shortly after, once', async () => {
    const { status, store, surface } = setup();
    const reads = vi.spyOn(store, 'get');
    const writes = vi.spyOn(store, 'set');
    for (let n = 0; n < 20; n++) await status.note(7, 'payments', [`d${n}`], []);
    // Counted at once (the popup reads it), not yet written nor shown.
    expect((await status.read(7)).decoded).toBe(20);
    expect([writes.mock.calls.length, surface.pushToPage.mock.calls.length]).toEqual([0, 0]);
    await vi.waitFor(() => expect(surface.pushToPage).toHaveBeenCalledTimes(1));
    expect(writes).toHaveBeenCalledTimes(1);
    // Storage was read once, when the tab was first seen, not once per answer.
    expect(reads).toHaveBeenCalledTimes(1);
    expect(((await store.get('7')) as TabTally).decoded).toBe(20);
  });

  it('goes on from what storage holds after the background restarted', async () => {
    const { status, store, surface } = setup();
    await status.note(7, 'payments', ['d1', 'd2'], [failure(1)]);
    await status.flush();
    const restarted = createTabStatus(store, surface);
    await restarted.note(7, 'payments', ['d2', 'd3'], []);
    expect(await restarted.read(7)).toMatchObject({ decoded: 3, failed: 1 });
  });

  it('stays bounded however much a page asks for', async () => {
    const { status, store } = setup();
    const extra = 10;
    for (let n = 0; n < TALLY_LIMITS.failures + extra; n++) await status.note(7, 'payments', [], [failure(n)]);
    for (let n = 0; n < TALLY_LIMITS.namespaces + extra; n++) await status.noteNamespace(7, `ns-${n}`);
    await status.note(7, 'payments', Array.from({ length: TALLY_LIMITS.remembered + extra }, (_, n) => `d${n}`), []);
    await status.flush();

    // Its remembered payloads as one text each, not 2,000 list items (core/stored-tally.ts).
    expect(typeof (await store.get('7') as { decodedPayloads?: unknown }).decodedPayloads).toBe('string');
    const stored = readTally(await store.get('7'));
    expect(stored.failures).toHaveLength(TALLY_LIMITS.failures);
    expect(stored.failures.at(-1)?.fingerprint).toBe(`f${TALLY_LIMITS.failures + extra - 1}`);
    expect(stored.failed).toBe(TALLY_LIMITS.failures + extra);
    expect(stored.namespaces).toHaveLength(TALLY_LIMITS.namespaces);
    expect(stored.decodedPayloads).toHaveLength(TALLY_LIMITS.remembered);
    expect(stored.decoded).toBe(TALLY_LIMITS.remembered + extra);
  });

  it('starts over with a new page in the tab, and is kept per tab', async () => {
    const { status } = setup();
    await status.note(7, 'payments', ['d1'], [failure(1)]);
    await status.note(8, 'payments', ['d1', 'd2'], []);
    await status.reset(7);
    expect((await status.read(7)).decoded).toBe(0);
    expect((await status.read(8)).decoded).toBe(2);
  });
});

describe('a tab’s status bookkeeping', () => {
  it('never fails the caller when the store cannot be written, keeps counting, and stores it all with the next write', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { status, store, surface } = setup();
    vi.spyOn(store, 'set').mockRejectedValueOnce(new Error('QUOTA_BYTES quota exceeded'));
    await expect(status.note(7, 'payments', ['d1'], [])).resolves.toBeUndefined();
    await expect(status.flush()).resolves.toBeUndefined();
    expect(logged).toHaveBeenCalledTimes(1);
    // The page's chip still shows what was counted.
    expect(surface.pushToPage).toHaveBeenLastCalledWith(7, { decoded: 1, failed: 0, reasons: [] });
    await expect(status.note(7, 'payments', ['d2'], [])).resolves.toBeUndefined();
    await status.flush();
    expect(((await store.get('7')) as TabTally).decoded).toBe(2);
  });

  it('never fails the caller when the store cannot be read, or the tab to show it on is gone', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { status, store, surface } = setup();
    vi.spyOn(store, 'get').mockRejectedValueOnce(new Error('storage unavailable'));
    await expect(status.noteNamespace(7, 'payments')).resolves.toBeUndefined();
    surface.showBadge.mockRejectedValueOnce(new Error('No tab with id: 7'));
    surface.pushToPage.mockRejectedValueOnce(new Error('Could not establish connection'));
    await expect(status.note(7, 'payments', ['d1'], [])).resolves.toBeUndefined();
    await expect(status.flush()).resolves.toBeUndefined();
    expect((await status.read(7)).decoded).toBe(1);
  });

  it('stores the tallies of the tabs changed last only, leaving storage.session room for session-only secrets', async () => {
    const { status, store } = setup();
    const tabs = Array.from({ length: STORED_TABS + 2 }, (_, i) => i + 1);
    for (const tabId of tabs) await status.note(tabId, 'payments', [`d${tabId}`], []);
    await status.flush();
    const storedTabs = async () => (await store.keys()).map(Number).sort((a, b) => a - b);
    expect(await storedTabs()).toEqual(tabs.slice(2));
    // A tab past the bound keeps counting in memory; changed again, it is stored again, and the next oldest leaves.
    expect((await status.read(1)).decoded).toBe(1);
    await status.note(1, 'payments', ['d0'], []);
    await status.flush();
    expect(await storedTabs()).toEqual([1, ...tabs.slice(3)]);
    expect(((await store.get('1')) as TabTally).decoded).toBe(2);
  });

  it('keeps the stored tallies within their share of storage.session, however much a hostile page makes each hold', async () => {
    const { status, store } = setup();
    // Names of control characters, which storage's count (here JSON's) makes six times as long: some 470 KB a tab.
    const hostile = (n: number) => `${n}${'\u0001'.repeat(TALLY_LIMITS.namespaceChars)}`;
    const failures = Array.from({ length: TALLY_LIMITS.failures }, (_, n) => ({ ...failure(n), namespace: hostile(n), where: hostile(n), detail: hostile(n) }));
    const tabs = Array.from({ length: 12 }, (_, i) => i + 1);
    for (const tabId of tabs) {
      for (let n = 0; n < TALLY_LIMITS.namespaces; n++) await status.noteNamespace(tabId, hostile(n));
      await status.note(tabId, 'payments', [], failures);
    }
    await status.flush();
    const storedTabs = (await store.keys()).map(Number).sort((a, b) => a - b);
    expect(await store.bytesInUse(storedTabs.map(String))).toBeLessThanOrEqual(STORED_TALLIES_BYTES);
    // The tabs changed last are kept; one left out of storage still counts in memory.
    expect(storedTabs.length).toBeGreaterThan(1);
    expect(storedTabs).toEqual(tabs.slice(-storedTabs.length));
    expect((await status.read(1)).failed).toBe(TALLY_LIMITS.failures);
  });

  it('still stores a tally when storage cannot say how much the tallies take', async () => {
    const { status, store } = setup();
    vi.spyOn(store, 'bytesInUse').mockRejectedValue(new Error('not supported'));
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    for (const tabId of [1, 2]) await status.note(tabId, 'payments', ['d1'], []);
    await status.flush();
    expect((await store.keys()).sort()).toEqual(['1', '2']);
  });

  it('takes a tab out of storage at the next write when taking it out failed', async () => {
    const { status, store } = setup();
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.spyOn(store, 'delete').mockRejectedValueOnce(new Error('storage unavailable'));
    for (let tabId = 1; tabId <= STORED_TABS + 1; tabId++) await status.note(tabId, 'payments', ['d1'], []);
    await status.flush();
    expect(await store.keys()).toHaveLength(STORED_TABS + 1);
    await status.note(500, 'payments', ['d1'], []);
    await status.flush();
    expect(await store.get('1')).toBeUndefined();
    expect(await store.keys()).toHaveLength(STORED_TABS);
  });

  it('does not write back the tally of a tab closed while the background was listing what is stored', async () => {
    const { status, store } = setup();
    const keys = store.keys.bind(store);
    let listed: (() => void) | undefined;
    vi.spyOn(store, 'keys').mockImplementationOnce(() => new Promise((resolve) => (listed = () => resolve(keys()))));
    await status.note(7, 'payments', ['d1'], []);
    const flushed = status.flush();
    await vi.waitFor(() => expect(listed).toBeDefined());
    await status.forget(7);
    listed?.();
    await flushed;
    expect(await store.get('7')).toBeUndefined();
  });

  it('never takes out of storage a tab written in the same burst as the one that made room', async () => {
    const { status, store } = setup();
    const tabs = Array.from({ length: STORED_TABS }, (_, i) => i + 1);
    for (const tabId of tabs) await status.note(tabId, 'payments', [`d${tabId}`], []);
    await status.flush();
    // A new tab and the one stored longest ago change together.
    await status.note(STORED_TABS + 1, 'payments', ['d1'], []);
    await status.note(1, 'payments', ['d0'], []);
    await status.flush();
    expect(((await store.get('1')) as TabTally | undefined)?.decoded).toBe(2);
    expect(await store.get('2')).toBeUndefined();
    expect(await store.keys()).toHaveLength(STORED_TABS);
  });

  it('after a restart, counts what the last run stored against the bound, as written before anything since', async () => {
    const { store, surface } = setup();
    const tabs = Array.from({ length: STORED_TABS + 2 }, (_, i) => i + 1);
    for (const tabId of tabs) await store.set(String(tabId), { decoded: 1 });
    // In whatever order storage lists them.
    const keys = store.keys.bind(store);
    vi.spyOn(store, 'keys').mockImplementation(async () => (await keys()).reverse());
    const restarted = createTabStatus(store, surface);
    for (const tabId of [500, 501]) await restarted.note(tabId, 'payments', ['d1'], []);
    await restarted.flush();
    const kept = await keys();
    expect(kept).toHaveLength(STORED_TABS);
    expect(kept).toEqual(expect.arrayContaining(['500', '501']));
  });

  it('forgets a closed tab, and drops every tab that is gone when told which are open', async () => {
    const { status, store } = setup();
    for (const tabId of [1, 2, 3, 4]) await status.note(tabId, 'payments', ['d1'], []);
    await status.flush();
    await status.forget(4);
    expect((await store.keys()).sort()).toEqual(['1', '2', '3']);
    await status.keepOnly([2, 5]);
    expect(await store.keys()).toEqual(['2']);
    expect((await status.read(2)).decoded).toBe(1);
  });

  it('forgets without failing when the store refuses', async () => {
    const { status, store } = setup();
    vi.spyOn(store, 'delete').mockRejectedValue(new Error('storage unavailable'));
    await expect(status.forget(1)).resolves.toBeUndefined();
    await expect(status.keepOnly([])).resolves.toBeUndefined();
  });
});
