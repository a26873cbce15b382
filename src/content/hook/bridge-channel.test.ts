import { describe, expect, it, vi } from 'vitest';
import { BRIDGE_SOURCE } from '../../shared/messages/limits';
import { packOutcomes } from '../../shared/messages/packed';
import type { WirePayload } from '../../shared/messages/payloads';
import { BRIDGE_PRESENCE_EVENT, BRIDGE_REPLY_EVENT, dispatchFramed, HOOK_REQUEST_EVENT, listenFramed, STATUS_CHIP_ELEMENT } from '../../shared/messages/window-events';
import { EXTENSION_LEFT_SENTENCE, INERT, NO_PLAN_SENTENCE, openBridgeChannel } from './bridge-channel';

interface Posted {
  type: string;
  id?: number;
  count?: number;
  batch?: string[];
}

/**
 * A window with the hook's channel open on it: what the hook posts or sends as a request event (its fields and batch
 * together), and a way to answer as the bridge, replies to requests as events (window-events.ts). The bridge answers
 * the hook's presence event until `leave()` takes its extension away.
 */
function pageWithHook() {
  const posted: Posted[] = [];
  const listeners = new Map<string, Array<(event: unknown) => void>>();
  let present = true;
  /** The test dispatches a reply as the bridge, on the same window. */
  let replying = false;
  const chip = { removed: false };
  const win = {
    location: { origin: 'http://localhost:8233' },
    document: { querySelector: (selector: string) => (selector === STATUS_CHIP_ELEMENT && !chip.removed ? { remove: () => void (chip.removed = true) } : null) },
    postMessage: (message: Posted) => void posted.push(message),
    addEventListener: (type: string, listener: (event: unknown) => void) => void listeners.set(type, [...(listeners.get(type) ?? []), listener]),
    dispatchEvent: (event: CustomEvent<unknown>) => {
      // As dispatchEvent does: false once a listener cancelled the event.
      if (event.type === BRIDGE_PRESENCE_EVENT) return !(present && event.cancelable);
      // The hook dispatches nothing else: a request's text, then its fields.
      if (!replying) expect(event.type.startsWith(HOOK_REQUEST_EVENT)).toBe(true);
      for (const listener of listeners.get(event.type) ?? []) listener(event);
      return true;
    },
  };
  listenFramed(win as unknown as Window, HOOK_REQUEST_EVENT, (fields, batch) => posted.push({ ...(fields as Posted), batch }));
  const channel = openBridgeChannel(win as unknown as Window);
  const fromBridge = ({ outcomes, ...message }: { type: string; outcomes?: string[] } & Record<string, unknown>) => {
    if (message.type === 'decoded' || message.type === 'encoded') {
      replying = true;
      dispatchFramed(win as unknown as Window, BRIDGE_REPLY_EVENT, message, outcomes);
      replying = false;
      return;
    }
    for (const listener of listeners.get('message') ?? []) listener({ source: win, data: { ...message, source: BRIDGE_SOURCE } });
  };
  return { channel, posted, chip, fromBridge, leave: () => void (present = false), comeBack: () => void (present = true) };
}

const payloads: WirePayload[] = Array.from({ length: 5 }, (_, i) => ({ data: `cGF5bG9hZA${i}` }));
const where = payloads.map((_, i) => `history.events.${i}.input`);

async function planned(payloadsPerRequest: unknown, { encode = false } = {}) {
  const page = pageWithHook();
  page.fromBridge({ type: 'ready', active: true });
  const plan = page.channel.plan('default');
  // The bridge answers once the hook has asked (a few promise turns: no timer, so fake timers may run).
  for (let turn = 0; turn < 5; turn++) await Promise.resolve();
  expect(page.posted.at(-1)).toMatchObject({ type: 'plan?', namespace: 'default' });
  page.fromBridge({ type: 'plan', namespace: 'default', decode: true, encode, privateView: false, payloadsPerRequest });
  await plan;
  return page;
}

/** What the fake bridge decodes a payload to: its data reversed. */
const decodedFrom = (payload: WirePayload): WirePayload => ({ data: [...payload.data!].reverse().join('') });
const allDecoded = payloads.map(decodedFrom);
const ABOUT = payloads.map(() => ({ workflowId: 'wf', runId: 'run', eventId: '1' }));

type Page = ReturnType<typeof pageWithHook>;

/** Answers every decode request the hook has posted. */
function answerAll(page: Page) {
  for (const request of page.posted.filter((m) => m.type === 'decode')) {
    const sent = request.batch!.flatMap((text) => (JSON.parse(text) as { payloads: WirePayload[] }).payloads);
    page.fromBridge({ type: 'decoded', id: request.id, outcomes: packOutcomes(sent.map((p) => ({ ok: true, payload: decodedFrom(p) }))) });
  }
}

/** The first `count` payloads decoded with every request answered, and what was posted forgotten. */
async function decodeAnswered(page: Page, count = payloads.length, about?: typeof ABOUT) {
  const decoded = page.channel.decode('default', payloads.slice(0, count), where.slice(0, count), 1000, about?.slice(0, count));
  answerAll(page);
  const results = await decoded;
  page.posted.length = 0;
  return results;
}

/** How many payloads each decode request posted since the last look carries; forgets them. */
function takeAsked(page: Page): number[] {
  const counts = page.posted.filter((m) => m.type === 'decode').map((m) => m.count!);
  page.posted.length = 0;
  return counts;
}

/** How many payloads each decode request carries when the page's whole answer is decoded now (left unanswered). */
function askedForAll(page: Page): number[] {
  void page.channel.decode('default', payloads, where, 1000);
  return takeAsked(page);
}

describe('the hook asking the bridge to decode an answer', () => {
  it('sends it in pieces of the plan’s size and puts the results back in order', async () => {
    const page = await planned(2);
    const decoded = page.channel.decode('default', payloads, where, 1000);
    expect(page.posted.filter((m) => m.type === 'decode').map((m) => m.count)).toEqual([2, 2, 1]);
    answerAll(page);
    expect(await decoded).toEqual(allDecoded);
  });

  it('sends it whole when the plan says 0, or says nothing the hook can use', async () => {
    for (const size of [0, -3, 2.5, '2', Number.MAX_VALUE]) {
      const page = await planned(size);
      expect(askedForAll(page)).toEqual([5]);
    }
  });

  it('answers payloads it already decoded for this page without asking again, and asks only for the new ones', async () => {
    const page = await planned(0);
    await decodeAnswered(page, 3);
    const again = page.channel.decode('default', payloads, where, 1000);
    const requests = page.posted.filter((m) => m.type === 'decode');
    expect(requests.map((m) => m.count)).toEqual([2]);
    expect(requests[0]!.batch!.flatMap((text) => (JSON.parse(text) as { payloads: WirePayload[] }).payloads)).toEqual(payloads.slice(3));
    answerAll(page);
    expect(await again).toEqual(allDecoded);
    page.posted.length = 0;
    expect(await page.channel.decode('default', payloads, where, 1000)).toEqual(allDecoded);
    expect(takeAsked(page)).toEqual([]);
  });

  it.each([
    ['the settings changed', { type: 'config-changed' }],
    ['the bridge announced itself again', { type: 'ready', active: true }],
  ])('asks again once %s', async (_, message) => {
    const page = await planned(0);
    await decodeAnswered(page);
    page.fromBridge(message);
    expect(askedForAll(page)).toEqual([5]);
  });

  it('does not keep what was under way when the settings changed', async () => {
    const page = await planned(0);
    const first = page.channel.decode('default', payloads, where, 1000);
    page.fromBridge({ type: 'config-changed' });
    answerAll(page);
    expect(await first).toEqual(allDecoded);
    page.posted.length = 0;
    expect(askedForAll(page)).toEqual([5]);
  });

  it('gives the page what it already had when the answer for the rest cannot be read', async () => {
    const page = await planned(0);
    await decodeAnswered(page, 2);
    const again = page.channel.decode('default', payloads, where, 1000);
    const [request] = page.posted.filter((m) => m.type === 'decode');
    page.fromBridge({ type: 'decoded', id: request!.id, outcomes: packOutcomes([]) });
    expect(await again).toEqual([...allDecoded.slice(0, 2), null, null, null]);
  });

  it('never answers the private view from what the page was given, nor keeps what it decodes', async () => {
    const page = await planned(0);
    await decodeAnswered(page);
    void page.channel.decode('default', payloads, where, 1000, ABOUT);
    expect(takeAsked(page)).toEqual([5]);

    const other = await planned(0);
    await decodeAnswered(other, payloads.length, ABOUT);
    void other.channel.decode('default', payloads, where, 1000);
    expect(takeAsked(other)).toEqual([5]);
  });

  it('waits for the whole answer as long as it would for one request, however many pieces it takes', async () => {
    vi.useFakeTimers();
    try {
      const page = await planned(1);
      let settled = false;
      void page.channel.decode('default', payloads, where, 1000).then(() => (settled = true));
      // Nobody answers: four pieces under way, the fifth waiting for a place.
      await vi.advanceTimersByTimeAsync(1000);
      expect(settled).toBe(true);
      expect(takeAsked(page)).toEqual([1, 1, 1, 1]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the hook when a namespace’s plan does not come', () => {
  const encodedPlan = { type: 'plan', namespace: 'default', decode: true, encode: true, privateView: false, payloadsPerRequest: 0 };

  it('refuses what the page sends, saying why, when the bridge does not answer in time, and asks again next time', async () => {
    vi.useFakeTimers();
    try {
      const page = pageWithHook();
      page.fromBridge({ type: 'ready', active: true });
      const plan = page.channel.plan('default');
      await vi.advanceTimersByTimeAsync(3000);
      // Nothing is decoded, and a write goes through encode, which refuses it rather than send it in plaintext.
      expect(await plan).toEqual({ ...INERT, encode: true });
      page.posted.length = 0;
      expect(await page.channel.encode('default', payloads, where, 1000)).toEqual(payloads.map(() => ({ ok: false, sentence: NO_PLAN_SENTENCE })));
      expect(page.posted).toEqual([]);
      // Not kept: the next call asks, and a plan that comes then is followed.
      expect(page.channel.knownPlan('default')).toBeUndefined();
      const again = page.channel.plan('default');
      await vi.advanceTimersByTimeAsync(0);
      expect(page.posted.at(-1)).toMatchObject({ type: 'plan?', namespace: 'default' });
      page.fromBridge(encodedPlan);
      expect(await again).toMatchObject({ encode: true, decode: true });
      void page.channel.encode('default', payloads, where, 1000);
      expect(page.posted.at(-1)).toMatchObject({ type: 'encode', namespace: 'default', count: payloads.length });
    } finally {
      vi.useRealTimers();
    }
  });

  it('does the same when the bridge says the background gave no plan', async () => {
    const page = pageWithHook();
    page.fromBridge({ type: 'ready', active: true });
    const plan = page.channel.plan('default');
    for (let turn = 0; turn < 5; turn++) await Promise.resolve();
    page.fromBridge({ type: 'plan', namespace: 'default', decode: false, encode: false, privateView: false, payloadsPerRequest: 0, unanswered: true });
    expect(await plan).toEqual({ ...INERT, encode: true });
    expect(page.channel.knownPlan('default')).toBeUndefined();
    expect(await page.channel.encode('default', payloads, where, 1000)).toEqual(payloads.map(() => ({ ok: false, sentence: NO_PLAN_SENTENCE })));
    // Once the extension is gone from under the page, such a namespace's writes are still not sent in plaintext.
    page.leave();
    expect(page.channel.knownPlan('default')).toEqual({ ...INERT, encode: true });
  });
});

describe('the hook when its bridge cannot say whether the extension works on the page', () => {
  async function expectWritesRefused(page: Page) {
    page.posted.length = 0;
    // At once, not after another wait; the call has the bridge ask the background again.
    expect(await page.channel.plan('default')).toEqual({ ...INERT, encode: true });
    expect(page.posted).toEqual([{ type: 'plan?', namespace: 'default', source: expect.any(String) }]);
    page.posted.length = 0;
    expect(await page.channel.encode('default', payloads, where, 1000)).toEqual(payloads.map(() => ({ ok: false, sentence: NO_PLAN_SENTENCE })));
    expect(page.posted).toEqual([]);
  }

  it('refuses what the page sends when the bridge said it was starting and then nothing in time', async () => {
    vi.useFakeTimers();
    try {
      const page = pageWithHook();
      page.fromBridge({ type: 'starting' });
      await vi.advanceTimersByTimeAsync(15_000);
      await expectWritesRefused(page);
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses what the page sends when the bridge says the background did not answer, and follows a later answer', async () => {
    const page = pageWithHook();
    page.fromBridge({ type: 'starting' });
    page.fromBridge({ type: 'ready', active: false, unanswered: true });
    await expectWritesRefused(page);
    page.fromBridge({ type: 'ready', active: true });
    const plan = page.channel.plan('default');
    for (let turn = 0; turn < 5; turn++) await Promise.resolve();
    expect(page.posted.at(-1)).toMatchObject({ type: 'plan?', namespace: 'default' });
    page.fromBridge({ type: 'plan', namespace: 'default', decode: true, encode: true, privateView: false, payloadsPerRequest: 0 });
    expect(await plan).toMatchObject({ decode: true, encode: true });
  });

  it('still leaves the page alone where the bridge says the extension does nothing', async () => {
    const page = pageWithHook();
    page.fromBridge({ type: 'starting' });
    page.fromBridge({ type: 'ready', active: false });
    page.posted.length = 0;
    expect(await page.channel.plan('default')).toEqual(INERT);
    expect(page.posted).toEqual([]);
  });
});

describe('the hook once its extension has gone from under the page', () => {
  it('gives the page its answers as they come, not even what it decoded for it before, asks nothing, and takes the chip away', async () => {
    const page = await planned(0);
    expect(await decodeAnswered(page)).toEqual(allDecoded);
    expect(page.chip.removed).toBe(false);
    page.leave();
    expect(page.channel.knownPlan('default')).toEqual(INERT);
    expect(await page.channel.decode('default', payloads, where, 1000)).toBeNull();
    expect(page.posted).toEqual([]);
    // Its counts no longer stand, and the bridge that kept them up to date is no longer there to take it away.
    expect(page.chip.removed).toBe(true);
  });

  it('refuses to send what it encoded before, at once and saying why, instead of sending it in plaintext', async () => {
    const page = await planned(0, { encode: true });
    page.posted.length = 0;
    page.leave();
    expect(page.channel.knownPlan('default')).toEqual({ ...INERT, encode: true });
    expect(await page.channel.encode('default', payloads, where, 1000)).toEqual(payloads.map(() => ({ ok: false, sentence: EXTENSION_LEFT_SENTENCE })));
    expect(page.posted).toEqual([]);
  });

  it('refuses to send what may have been encoded: a namespace it had no plan for, or whose plan a change of settings cleared', async () => {
    const page = await planned(0);
    page.leave();
    // Planned, and not encoded: sent as it is.
    expect(page.channel.knownPlan('default')).toEqual(INERT);
    // The user moved to another namespace after the extension left: its rule may encode.
    expect(await page.channel.plan('payments')).toEqual({ ...INERT, encode: true });
    expect(await page.channel.encode('payments', payloads, where, 1000)).toEqual(payloads.map(() => ({ ok: false, sentence: EXTENSION_LEFT_SENTENCE })));

    const changed = await planned(0);
    changed.fromBridge({ type: 'config-changed' });
    changed.leave();
    expect(changed.channel.knownPlan('default')).toEqual({ ...INERT, encode: true });
    expect(changed.posted.filter((message) => message.type === 'plan?')).toHaveLength(1);
  });

  it('answers requests already waiting within a second of the bridge going without a word, as Firefox unloads it', async () => {
    vi.useFakeTimers();
    try {
      const page = await planned(0, { encode: true });
      const decoded = page.channel.decode('default', payloads, where, 20_000);
      const encoded = page.channel.encode('default', payloads, where, 20_000);
      // Still there: the requests wait for their answers.
      await vi.advanceTimersByTimeAsync(2_000);
      page.leave();
      await vi.advanceTimersByTimeAsync(1_000);
      // Nothing decoded: the page keeps every original.
      expect(await decoded).toEqual(payloads.map(() => null));
      expect(await encoded).toEqual(payloads.map(() => ({ ok: false, sentence: EXTENSION_LEFT_SENTENCE })));
      expect(page.chip.removed).toBe(true);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses a write whose plan was still awaited when the bridge was found gone', async () => {
    const page = await planned(0);
    const plan = page.channel.plan('payments');
    for (let turn = 0; turn < 5; turn++) await Promise.resolve();
    expect(page.posted.at(-1)).toMatchObject({ type: 'plan?', namespace: 'payments' });
    page.leave();
    // Found gone by the next call, before the plan came: the waiting call must not send in plaintext.
    expect(page.channel.knownPlan('default')).toEqual(INERT);
    expect(await plan).toEqual({ ...INERT, encode: true });
  });

  it('asks nobody for the later pieces of an answer once the bridge was found gone', async () => {
    vi.useFakeTimers();
    try {
      const page = await planned(1);
      let answered = false;
      const decoded = page.channel.decode('default', payloads, where, 20_000).then((results) => ((answered = true), results));
      page.leave();
      await vi.advanceTimersByTimeAsync(1_000);
      expect(answered).toBe(true);
      expect(await decoded).toEqual(payloads.map(() => null));
      // Only the pieces under way before it was found gone were posted.
      expect(takeAsked(page)).toEqual([1, 1, 1, 1]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('decodes again, asking anew, for a bridge that announces itself afterwards', async () => {
    const page = await planned(0);
    await decodeAnswered(page);
    page.leave();
    expect(await page.channel.decode('default', payloads, where, 1000)).toBeNull();
    // The extension back (switched on again, or updated), with a bridge of its own.
    page.comeBack();
    page.fromBridge({ type: 'ready', active: true });
    expect(page.channel.knownPlan('default')).toBeUndefined();
    const plan = page.channel.plan('default');
    for (let turn = 0; turn < 5; turn++) await Promise.resolve();
    expect(page.posted.at(-1)).toMatchObject({ type: 'plan?', namespace: 'default' });
    page.fromBridge({ type: 'plan', namespace: 'default', decode: true, encode: false, privateView: false, payloadsPerRequest: 0 });
    expect(await plan).toMatchObject({ decode: true });
    page.posted.length = 0;
    expect(askedForAll(page)).toEqual([5]);
  });
});
