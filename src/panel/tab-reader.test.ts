import { describe, expect, it } from 'vitest';
import type { PrivateViewOfTabView } from '../shared/messages/private-view';
import { createTabReader, type PanelState } from './tab-reader';

interface FakeLine {
  shown: number[];
  closed: boolean;
  /** The background stops: the line closes from its side. */
  stop(): void;
  change(tabId: number): void;
}

interface Read {
  tabId: number;
  answer(view: PrivateViewOfTabView): void;
  fail(message: string): void;
}

const view = (lost = false): PrivateViewOfTabView => ({ origin: 'http://localhost:8233', entries: [], lost, dropped: false });
/** Lets every promise already settled run its reactions. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function panel() {
  const lines: FakeLine[] = [];
  const reads: Read[] = [];
  const states: PanelState[] = [];
  const reader = createTabReader({
    connect(onChange, onStopped) {
      const line: FakeLine = {
        shown: [],
        closed: false,
        stop() {
          line.closed = true;
          onStopped();
        },
        change: onChange,
      };
      lines.push(line);
      return { show: (tabId) => void line.shown.push(tabId), close: () => void (line.closed = true) };
    },
    read: (tabId) =>
      new Promise((resolve, reject) => {
        reads.push({ tabId, answer: resolve, fail: (message) => reject(new Error(message)) });
      }),
    setState: (state) => void states.push(state),
  });
  return { reader, lines, reads, states, last: () => states.at(-1) };
}


/** Tab 7 shown, its line closed under its first read, and that read answered: the panel has opened a second line. */
async function answeredAfterStop() {
  const p = panel();
  p.reader.show(7);
  p.lines[0]!.stop();
  p.reads[0]!.answer(view(false));
  await settle();
  expect(p.lines).toHaveLength(2);
  return p;
}
describe('createTabReader', () => {
  it('shows the tab read over its line, and reads it again when the line says it changed', async () => {
    const p = panel();
    p.reader.show(7);
    expect(p.lines[0]!.shown).toEqual([7]);
    expect(p.last()).toEqual({ kind: 'loading' });
    p.reads[0]!.answer(view());
    await settle();
    expect(p.last()).toEqual({ kind: 'shown', tabId: 7, view: view() });
    p.lines[0]!.change(8);
    expect(p.reads).toHaveLength(1);
    p.lines[0]!.change(7);
    expect(p.reads.map((read) => read.tabId)).toEqual([7, 7]);
  });

  it('keeps the notice that the background stopped when a read under way then fails', async () => {
    const p = panel();
    p.reader.show(7);
    p.lines[0]!.stop();
    expect(p.last()).toEqual({ kind: 'stopped', tabId: 7 });
    p.reads[0]!.fail('The extension’s background did not answer.');
    await settle();
    expect(p.last()).toEqual({ kind: 'stopped', tabId: 7 });
  });

  it('says why a read failed while its line is open', async () => {
    const p = panel();
    p.reader.show(7);
    p.reads[0]!.fail('The extension’s background did not answer.');
    await settle();
    expect(p.last()).toEqual({ kind: 'error', message: 'The extension’s background did not answer.' });
  });

  // The read under way when the background stopped settles after the tab was reloaded, failing or answered.
  for (const [how, settleOld] of [
    ['failing', (read: Read) => read.fail('The extension’s background did not answer.')],
    ['answered', (read: Read) => read.answer(view(false))],
  ] as const) {
    it(`reloaded after the stop, shows what the new line reads, not the old read ${how}`, async () => {
      const p = panel();
      p.reader.show(7);
      p.lines[0]!.stop();
      p.reader.loading(7);
      expect(p.lines).toHaveLength(2);
      expect(p.lines[1]!.shown).toEqual([7]);
      const since = p.states.length;
      settleOld(p.reads[0]!);
      await settle();
      expect(p.lines).toHaveLength(2);
      // The read the reload asked for starts once the old one is done.
      p.reads[1]!.answer(view());
      await settle();
      expect(p.states.slice(since)).toEqual([{ kind: 'shown', tabId: 7, view: view() }]);
    });
  }

  it('answered after its line closed, opens a new line and reads again: the closed one would tell of no change', async () => {
    const p = await answeredAfterStop();
    expect(p.lines[1]!.shown).toEqual([7]);
    p.reads[1]!.answer(view());
    await settle();
    expect(p.last()).toEqual({ kind: 'shown', tabId: 7, view: view() });
  });

  it('a page loading in the tab reads it anew only while the panel says the background stopped', async () => {
    const p = panel();
    p.reader.show(7);
    p.reads[0]!.answer(view());
    await settle();
    p.reader.loading(7);
    expect(p.reads).toHaveLength(1);
    p.lines[0]!.change(7);
    p.reads[1]!.answer(view(true));
    await settle();
    expect(p.last()).toEqual({ kind: 'stopped', tabId: 7 });
    // Its line still open (the tab's results were found lost), the same line reads it again.
    p.reader.loading(8);
    expect(p.reads).toHaveLength(2);
    p.reader.loading(7);
    expect(p.lines).toHaveLength(1);
    expect(p.reads).toHaveLength(3);
  });

  it('says nothing once closed, and reads nothing more', async () => {
    const p = panel();
    p.reader.show(7);
    p.lines[0]!.change(7);
    p.reader.close();
    const since = p.states.length;
    p.reads[0]!.answer(view());
    p.reader.loading(7);
    await settle();
    expect(p.states.slice(since)).toEqual([]);
    expect(p.reads).toHaveLength(1);
  });

  it('following another tab, a read of the tab before answered after the stop does not bring that tab back', async () => {
    const p = panel();
    p.reader.show(7);
    p.reader.show(8);
    p.lines[0]!.stop();
    const since = p.states.length;
    p.reads[0]!.answer(view(false));
    await settle();
    expect(p.reader.shownTab()).toBe(8);
    expect(p.states.slice(since).filter((state) => 'tabId' in state && state.tabId === 7)).toEqual([]);
    // The read for tab 8 asked meanwhile goes on, and, answered after the stop, tab 8 is read over a new line.
    expect(p.reads.map((read) => read.tabId)).toEqual([7, 8]);
    p.reads[1]!.answer(view(false));
    await settle();
    expect(p.lines).toHaveLength(2);
    expect(p.lines[1]!.shown).toEqual([8]);
    expect(p.reads.map((read) => read.tabId)).toEqual([7, 8, 8]);
  });

  it('opens a line of its own once per stop: one that closes before its read is answered leaves the notice', async () => {
    const p = await answeredAfterStop();
    p.lines[1]!.stop();
    p.reads[1]!.answer(view(false));
    await settle();
    expect(p.lines).toHaveLength(2);
    expect(p.last()).toEqual({ kind: 'stopped', tabId: 7 });
    // The user reloading the tab is what it waits for.
    p.reader.loading(7);
    expect(p.lines).toHaveLength(3);
  });

  it('a line it opened that has since been answered over is opened again after a later stop', async () => {
    const p = panel();
    p.reader.show(7);
    p.lines[0]!.stop();
    p.reads[0]!.answer(view(false));
    await settle();
    p.reads[1]!.answer(view());
    await settle();
    p.lines[1]!.change(7);
    p.lines[1]!.stop();
    p.reads[2]!.answer(view(false));
    await settle();
    expect(p.lines).toHaveLength(3);
  });
});
