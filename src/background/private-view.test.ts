import { describe, expect, it, vi } from 'vitest';
import { PRIVATE_VIEW_LIMIT_CHARS, PRIVATE_VIEW_TOTAL_CHARS, createPrivateView, type PrivateEntry, type PrivateView } from './private-view';
import { memoryStore } from './storage/key-value';

const WEB_UI = 'http://localhost:8233';
const entry = (where: string, data: string, about: PrivateEntry['about'] = {}): PrivateEntry => ({ namespace: 'default', where, about, result: { ok: true, payload: { data } } });

describe('a tab’s private view', () => {
  it('holds one result per payload of a workflow, whichever page of history brought it', async () => {
    const view = createPrivateView(memoryStore());
    const about = { workflowId: 'order-42', runId: 'r1', eventId: '5' };
    view.add(7, WEB_UI, [entry('history.events[4].activityTaskCompletedEventAttributes.result.payloads[0]', 'b2xk', about)]);
    // The same event, read again through history-reverse at another index.
    view.add(7, WEB_UI, [entry('history.events[0].activityTaskCompletedEventAttributes.result.payloads[0]', 'bmV3', about)]);
    view.add(7, WEB_UI, [entry('workflowExecutionInfo.memo.fields.note', 'bWVtbw==', { workflowId: 'order-42' })]);
    const { entries, lost, origin } = await view.read(7);
    expect(origin).toBe(WEB_UI);
    expect(lost).toBe(false);
    expect(entries.map((e) => e.result.ok && e.result.payload.data)).toEqual(['bmV3', 'bWVtbw==']);
  });

  it('writes no plaintext to storage, and says when results it had are gone with a stopped background', async () => {
    const marks = memoryStore<unknown>();
    createPrivateView(marks).add(7, WEB_UI, [entry('memo.fields.secret', 'c2VjcmV0LXBsYWludGV4dA==')]);
    await vi.waitFor(() => expect(marks.data.size).toBe(1));
    expect(JSON.stringify([...marks.data])).not.toContain('c2VjcmV0');
    // A new background over the same session storage.
    expect(await createPrivateView(marks).read(7)).toEqual({ entries: [], lost: true, dropped: false });
  });

  it('tells a panel that read the results lost, once a new page starts in the tab, that they are no longer lost', async () => {
    const marks = memoryStore<unknown>();
    createPrivateView(marks).add(7, WEB_UI, [entry('a', 'YQ==')]);
    await vi.waitFor(() => expect(marks.data.size).toBe(1));
    // A new background; the panel reads the tab's view, which says what went with the old one.
    const view = createPrivateView(marks);
    const told = vi.fn(async () => (await view.read(7)).lost);
    view.watch(7, told);
    expect((await view.read(7)).lost).toBe(true);
    // The tab is reloaded, and its new page decodes nothing under the private rule.
    view.navigated(7, WEB_UI);
    await vi.waitFor(() => expect(told).toHaveBeenCalled());
    expect(await told.mock.results.at(-1)!.value).toBe(false);
  });

  it('forgets a tab that leaves its Web UI address, but not one that stays', async () => {
    const view = createPrivateView(memoryStore());
    view.add(7, WEB_UI, [entry('a', 'YQ==')]);
    view.navigated(7, WEB_UI);
    expect((await view.read(7)).entries).toHaveLength(1);
    view.navigated(7, undefined);
    expect(await view.read(7)).toEqual({ entries: [], lost: false, dropped: false });
  });

  it('takes nothing more from the address a tab left, until a page starts in it', async () => {
    const view = createPrivateView(memoryStore());
    view.add(7, WEB_UI, [entry('a', 'YQ==')]);
    view.navigated(7, undefined);
    // A decode the old page asked for, ending after the tab went to a site the extension cannot see.
    view.add(7, WEB_UI, [entry('b', 'Yg==')]);
    expect(await view.read(7)).toEqual({ entries: [], lost: false, dropped: false });
    view.navigated(7, 'https://temporal.example.com');
    view.add(7, WEB_UI, [entry('c', 'Yw==')]);
    expect((await view.read(7)).entries).toHaveLength(0);
    // The last panel showing the tab closes: the old page's late results are still not taken.
    view.forget(7);
    view.add(7, WEB_UI, [entry('c', 'Yw==')]);
    expect((await view.read(7)).entries).toHaveLength(0);
    // A page starts in the tab (its bridge says so): its own results are taken.
    view.startOver(7);
    view.add(7, 'https://temporal.example.com', [entry('d', 'ZA==')]);
    expect((await view.read(7)).entries).toHaveLength(1);
  });

  it('tells the panel watching a tab when its results change, and only that tab', async () => {
    const view = createPrivateView(memoryStore());
    const seven = vi.fn();
    const eight = vi.fn();
    const stop = view.watch(7, seven);
    view.watch(8, eight);
    view.add(7, WEB_UI, [entry('a', 'YQ==')]);
    view.forget(7);
    await vi.waitFor(() => expect(seven).toHaveBeenCalledTimes(2));
    stop();
    view.add(7, WEB_UI, [entry('a', 'YQ==')]);
    expect(seven).toHaveBeenCalledTimes(2);
    expect(eight).not.toHaveBeenCalled();
  });

  describe('bounded memory', () => {
    // Each result costs its text plus a little: two fit in a tab's share, four in all tabs' together.
    const LIMITS = { perTabChars: 2800, totalChars: 5600 };
    const big = (where: string) => entry(where, 'x'.repeat(1000));
    const held = async (view: PrivateView, tabId: number) => (await view.read(tabId)).entries.map((e) => e.where);

    it('makes room in a tab for new results by letting go of its least recently added, and says so', async () => {
      const view = createPrivateView(memoryStore(), LIMITS);
      view.add(7, WEB_UI, [big('a'), big('b')]);
      expect(await view.read(7)).toMatchObject({ dropped: false });
      // Read again, 'a' is this tab's newest result.
      view.add(7, WEB_UI, [big('a')]);
      view.add(7, WEB_UI, [big('c')]);
      expect(await view.read(7)).toMatchObject({ entries: [{ where: 'a' }, { where: 'c' }], dropped: true });
    });

    it('lets go of another tab’s oldest results when all tabs together hold too much, and tells that tab’s panel', async () => {
      const view = createPrivateView(memoryStore(), LIMITS);
      const seven = vi.fn();
      view.watch(7, seven);
      view.add(7, WEB_UI, [big('a'), big('b')]);
      view.add(8, WEB_UI, [big('c'), big('d')]);
      expect(seven).toHaveBeenCalledTimes(1);
      view.add(9, WEB_UI, [big('e')]);
      expect(seven).toHaveBeenCalledTimes(2);
      expect(await view.read(7)).toMatchObject({ entries: [{ where: 'b' }], dropped: true, lost: false });
      expect(await view.read(8)).toMatchObject({ entries: [{ where: 'c' }, { where: 'd' }], dropped: false });
      view.add(9, WEB_UI, [big('f')]);
      expect(await held(view, 7)).toEqual([]);
      expect(await held(view, 8)).toEqual(['c', 'd']);
      expect(await held(view, 9)).toEqual(['e', 'f']);
      // A tab emptied by others still says why, not that the background stopped.
      expect(await view.read(7)).toEqual({ origin: WEB_UI, entries: [], lost: false, dropped: true });
    });

    it('gives back a forgotten tab’s share', async () => {
      const view = createPrivateView(memoryStore(), LIMITS);
      view.add(7, WEB_UI, [big('a'), big('b')]);
      view.add(8, WEB_UI, [big('c'), big('d')]);
      view.forget(8);
      view.add(9, WEB_UI, [big('e'), big('f')]);
      expect(await view.read(7)).toMatchObject({ entries: [{ where: 'a' }, { where: 'b' }], dropped: false });
    });

    it('keeps no result larger than a tab’s share, and lets go of nothing for it', async () => {
      const view = createPrivateView(memoryStore(), LIMITS);
      view.add(7, WEB_UI, [big('a')]);
      view.add(7, WEB_UI, [entry('huge', 'x'.repeat(3000))]);
      expect(await view.read(7)).toMatchObject({ entries: [{ where: 'a' }], dropped: true });
    });

    it('counts what a page chooses beside the text: results without data still fill the share', async () => {
      const view = createPrivateView(memoryStore(), LIMITS);
      const about = { workflowId: 'w'.repeat(1000), runId: 'r'.repeat(1000), eventId: '1' };
      view.add(7, WEB_UI, Array.from({ length: 10 }, (_, i) => ({ ...entry(`p${i}`, ''), about: { ...about, eventId: String(i) } })));
      expect((await held(view, 7)).length).toBeLessThan(10);
    });

    it('holds well under 300 MB however many tabs a page fills', async () => {
      // Two bytes a character: everything held, plus one tab's results copied while they are answered to its panel.
      expect(2 * (PRIVATE_VIEW_TOTAL_CHARS + PRIVATE_VIEW_LIMIT_CHARS)).toBeLessThanOrEqual(200 * 1024 * 1024);
      const view = createPrivateView(memoryStore());
      // One string shared by every result: the test itself stays small.
      const text = 'x'.repeat(PRIVATE_VIEW_LIMIT_CHARS / 4);
      for (let tabId = 1; tabId <= 20; tabId += 1) view.add(tabId, WEB_UI, [0, 1, 2].map((i) => entry(`p${i}`, text)));
      let chars = 0;
      for (let tabId = 1; tabId <= 20; tabId += 1) for (const e of (await view.read(tabId)).entries) chars += (e.result.ok && e.result.payload.data?.length) || 0;
      expect(chars).toBeLessThanOrEqual(PRIVATE_VIEW_TOTAL_CHARS);
      expect(chars).toBeGreaterThan(PRIVATE_VIEW_TOTAL_CHARS / 2);
      // The newest tab has its results; the first ones were let go.
      expect(await view.read(20)).toMatchObject({ dropped: false });
      expect(await view.read(1)).toMatchObject({ entries: [], dropped: true });
    });
  });
});
