import { describe, expect, it } from 'vitest';
import { openTab } from './bench-tab';
import { fakeChromium as fakePipe, type Command } from './fake-chromium';

/**
 * Chromium's end of the pipe: opening a tab is answered at once; `answer` decides what the page's other commands get
 * (undefined: no answer yet, the test gives it with `reply`).
 */
function fakeChromium(answer: (command: Command) => unknown) {
  const fake = fakePipe((command) => {
    if (command.method === 'Target.createTarget') fake.reply(command, { targetId: 'T' });
    else if (command.method === 'Target.attachToTarget') fake.reply(command, { sessionId: 'S' });
    else if (['Page.enable', 'Page.setLifecycleEventsEnabled', 'Emulation.setDeviceMetricsOverride', 'Target.setAutoAttach'].includes(command.method)) fake.reply(command, {});
    else {
      const result = answer(command);
      if (result !== undefined) fake.reply(command, result);
    }
  });
  const event = (name: string, loaderId: string) => fake.say(JSON.stringify({ method: 'Page.lifecycleEvent', params: { name, loaderId }, sessionId: 'S' }) + '\0');
  const tell = (method: string, params: Record<string, unknown>) => fake.say(JSON.stringify({ method, params, sessionId: 'S' }) + '\0');
  return { pipe: fake.pipe, commands: fake.written, reply: fake.reply, refuse: fake.refuse, event, tell, load: (loaderId: string) => event('load', loaderId) };
}

const settled = async (promise: Promise<unknown>): Promise<boolean> => {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setTimeout(resolve, 20));
  return done;
};

describe('a benchmark tab', () => {
  it('waits for the load of its own navigation, not a late one of the document before, nor an earlier lifecycle event', async () => {
    const chromium = fakeChromium(() => undefined);
    const tab = await openTab(chromium.pipe);
    const going = tab.goto('http://localhost:8233/x');
    await new Promise((resolve) => setTimeout(resolve, 10));
    const navigate = chromium.commands.find((c) => c.method === 'Page.navigate')!;
    expect(navigate).toMatchObject({ params: { url: 'http://localhost:8233/x' }, sessionId: 'S' });
    chromium.load('before');
    chromium.event('DOMContentLoaded', 'mine');
    chromium.reply(navigate, { loaderId: 'mine' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    chromium.load('before');
    chromium.event('DOMContentLoaded', 'mine');
    expect(await settled(going)).toBe(false);
    chromium.load('mine');
    await expect(going).resolves.toBeUndefined();
  });

  it('takes a load that came before the answer to its navigation', async () => {
    const chromium = fakeChromium(() => undefined);
    const tab = await openTab(chromium.pipe);
    const going = tab.goto('http://localhost:8233/x');
    await new Promise((resolve) => setTimeout(resolve, 10));
    chromium.load('mine');
    chromium.reply(chromium.commands.find((c) => c.method === 'Page.navigate')!, { loaderId: 'mine' });
    await expect(going).resolves.toBeUndefined();
  });

  it('says why Chromium could not open the address, and waits for no load after a change of fragment alone', async () => {
    const chromium = fakeChromium((command) => (String(command.params['url']).includes('#') ? { frameId: 'F' } : { frameId: 'F', errorText: 'net::ERR_CONNECTION_REFUSED' }));
    const tab = await openTab(chromium.pipe);
    await expect(tab.goto('http://localhost:1/')).rejects.toThrow('Chromium could not open http://localhost:1/: net::ERR_CONNECTION_REFUSED');
    await expect(tab.goto('http://localhost:8233/x#y')).resolves.toBeUndefined();
  });

  it("evaluates in the page, throws what the page threw, and stops waiting for a condition after its time", async () => {
    const chromium = fakeChromium((command) => {
      const expression = String(command.params['expression']);
      if (expression === '1 + 1') return { result: { value: 2 } };
      if (expression === 'boom()') return { result: {}, exceptionDetails: { text: 'Uncaught', exception: { description: 'ReferenceError: boom is not defined' } } };
      return { result: { value: false } };
    });
    const tab = await openTab(chromium.pipe);
    await expect(tab.evaluate('1 + 1')).resolves.toBe(2);
    await expect(tab.evaluate('boom()')).rejects.toThrow('The page threw: ReferenceError: boom is not defined');
    await expect(tab.waitFor('document.body.dataset.state !== "loading"', { timeoutMs: 30, pollMs: 5 })).rejects.toThrow('Waited 30 ms for');
    const asked = chromium.commands.filter((c) => c.method === 'Runtime.evaluate' && String(c.params['expression']).startsWith('Boolean('));
    expect(asked.length).toBeGreaterThan(1);
  });

  it('asks again when the page navigates while it is asked, and throws any other refusal at once', async () => {
    const refusals = ['Execution context was destroyed.', 'Cannot find default execution context', 'Inspected target navigated or closed'];
    let asked = 0;
    // Refused here, the command gets no reply besides.
    const chromium = fakeChromium((command) => {
      const refusal = String(command.params['expression']).includes('crashed') ? 'Target crashed' : refusals[asked++];
      if (refusal === undefined) return { result: { value: true } };
      chromium.refuse(command, refusal);
      return undefined;
    });
    const tab = await openTab(chromium.pipe);
    await expect(tab.waitFor('document.body.dataset.state !== "loading"', { timeoutMs: 5_000, pollMs: 1 })).resolves.toBeUndefined();
    expect(asked).toBe(4);
    await expect(tab.waitFor('crashed', { timeoutMs: 5_000, pollMs: 1 })).rejects.toThrow('Target crashed');
  });

  it('looks for a frame only among those still there', async () => {
    const chromium = fakeChromium((command) => (command.method === 'Runtime.evaluate' ? { result: { value: 'http://127.0.0.2:8234/frame' } } : {}));
    const tab = await openTab(chromium.pipe, { withFrames: true });
    chromium.tell('Target.attachedToTarget', { sessionId: 'F1', targetInfo: { type: 'iframe' } });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await tab.outOfProcessFrame('http://127.0.0.2:8234/frame')).toBeDefined();
    chromium.tell('Target.detachedFromTarget', { sessionId: 'F1' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    const before = chromium.commands.length;
    expect(await tab.outOfProcessFrame('http://127.0.0.2:8234/frame')).toBeUndefined();
    expect(chromium.commands.slice(before)).toEqual([]);
  });
});
