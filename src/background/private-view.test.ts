import { describe, expect, it, vi } from 'vitest';
import { createPrivateView, type PrivateEntry } from './private-view';
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
    expect(await createPrivateView(marks).read(7)).toEqual({ entries: [], lost: true });
  });

  it('forgets a tab that leaves its Web UI address, but not one that stays', async () => {
    const view = createPrivateView(memoryStore());
    view.add(7, WEB_UI, [entry('a', 'YQ==')]);
    view.navigated(7, WEB_UI);
    expect((await view.read(7)).entries).toHaveLength(1);
    view.navigated(7, undefined);
    expect(await view.read(7)).toEqual({ entries: [], lost: false });
  });

  it('tells the panel watching a tab when its results change, and only that tab', () => {
    const view = createPrivateView(memoryStore());
    const seven = vi.fn();
    const eight = vi.fn();
    const stop = view.watch(7, seven);
    view.watch(8, eight);
    view.add(7, WEB_UI, [entry('a', 'YQ==')]);
    view.forget(7);
    expect(seven).toHaveBeenCalledTimes(2);
    stop();
    view.add(7, WEB_UI, [entry('a', 'YQ==')]);
    expect(seven).toHaveBeenCalledTimes(2);
    expect(eight).not.toHaveBeenCalled();
  });

  it('makes room for new results by dropping the oldest beyond its bound', async () => {
    const view = createPrivateView(memoryStore(), 10);
    view.add(7, WEB_UI, [entry('a', 'MTIzNA==')]);
    view.add(7, WEB_UI, [entry('b', 'NTY3OA==')]);
    expect((await view.read(7)).entries.map((e) => e.where)).toEqual(['b']);
  });
});
