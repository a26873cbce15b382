import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DevToolsPipe } from './devtools-pipe';
import { fakeChromium } from './fake-chromium';

/** A session on `targetId`, Chromium answering the pipe's first command with `sessionId`. */
async function attached(pipe: DevToolsPipe, targetId: string, sessionId: string, flush: () => Promise<unknown>, say: (text: string) => void) {
  const attaching = pipe.attach(targetId);
  await flush();
  say(JSON.stringify({ id: 1, result: { sessionId } }) + '\0');
  return attaching;
}

describe('DevToolsPipe', () => {
  it('sends each command as JSON ended by a NUL, and resolves it with the reply of its id, however the bytes arrive', async () => {
    const { pipe, written, flush, say } = fakeChromium();
    const first = pipe.browser.send('Browser.getVersion');
    const second = pipe.browser.send('Target.getTargets', { filter: [] });
    await flush();
    expect(written).toEqual([
      { id: 1, method: 'Browser.getVersion', params: {} },
      { id: 2, method: 'Target.getTargets', params: { filter: [] } },
    ]);
    // The second reply first, and both cut across chunks: within a message, and just before the NUL that ends one.
    const reply2 = JSON.stringify({ id: 2, result: { targetInfos: [] } });
    const replies = reply2 + '\0' + JSON.stringify({ id: 1, result: { product: 'Chrome/156' } }) + '\0';
    say(replies.slice(0, 7));
    say(replies.slice(7, reply2.length));
    say(replies.slice(reply2.length, reply2.length + 20));
    say(replies.slice(reply2.length + 20));
    await expect(second).resolves.toEqual({ targetInfos: [] });
    await expect(first).resolves.toEqual({ product: 'Chrome/156' });
  });

  it("puts a character back together when Chromium's bytes cut it in two", async () => {
    const { pipe, flush, sayBytes } = fakeChromium();
    const got = pipe.browser.send<{ value: string }>('Runtime.evaluate');
    await flush();
    const bytes = Buffer.from(JSON.stringify({ id: 1, result: { value: 'naïve – 20 000 événements' } }) + '\0', 'utf8');
    const cut = bytes.indexOf(Buffer.from('ï', 'utf8')) + 1;
    sayBytes(bytes.subarray(0, cut));
    sayBytes(bytes.subarray(cut));
    await expect(got).resolves.toEqual({ value: 'naïve – 20 000 événements' });
  });

  it('reads a message that ends within a chunk after a longer piece of the one before it', async () => {
    const { pipe, flush, say } = fakeChromium();
    const first = pipe.browser.send('Browser.getVersion');
    const second = pipe.browser.send('Browser.getVersion');
    await flush();
    const long = JSON.stringify({ id: 1, result: { product: 'Chrome/156.0.8078.129 with a long name' } });
    say(long.slice(0, 30));
    say(long.slice(30) + '\0' + JSON.stringify({ id: 2, result: {} }) + '\0');
    await expect(first).resolves.toEqual({ product: 'Chrome/156.0.8078.129 with a long name' });
    await expect(second).resolves.toEqual({});
  });

  it('gives up on a command that gets no answer in time, and on one the pipe can no longer carry', async () => {
    const slow = fakeChromium(undefined, 20);
    await expect(slow.pipe.browser.send('Browser.getVersion')).rejects.toThrow('Browser.getVersion: no answer within 20 ms.');
    const broken = fakeChromium();
    const waiting = broken.pipe.browser.send('Browser.getVersion');
    broken.breakInput(new Error('EPIPE'));
    await expect(waiting).rejects.toThrow('EPIPE');
  });

  it("rejects a command Chromium refuses, with its message and the command's name", async () => {
    const { pipe, say } = fakeChromium();
    const refused = pipe.browser.send('Page.navigate', { url: 'x' });
    say(JSON.stringify({ id: 1, error: { message: 'No such method' } }) + '\0');
    await expect(refused).rejects.toThrow('Page.navigate: No such method');
  });

  it('sends a session its commands with its id, and hands it only its own events', async () => {
    const { pipe, written, flush, say } = fakeChromium();
    const attaching = pipe.attach('target-1');
    await flush();
    say(JSON.stringify({ id: 1, result: { sessionId: 'S' } }) + '\0');
    const session = await attaching;
    expect(written[0]).toEqual({ id: 1, method: 'Target.attachToTarget', params: { targetId: 'target-1', flatten: true } });

    void session.send('Runtime.evaluate', { expression: '1' });
    await flush();
    expect(written[1]).toEqual({ id: 2, method: 'Runtime.evaluate', params: { expression: '1' }, sessionId: 'S' });

    const seen: unknown[] = [];
    session.on('Page.lifecycleEvent', (params) => seen.push(params));
    const browserSeen: unknown[] = [];
    pipe.browser.on('Page.lifecycleEvent', (params) => browserSeen.push(params));
    say(JSON.stringify({ method: 'Page.lifecycleEvent', params: { name: 'load' }, sessionId: 'other' }) + '\0');
    say(JSON.stringify({ method: 'Page.lifecycleEvent', params: { name: 'load' }, sessionId: 'S' }) + '\0');
    await flush();
    expect(seen).toEqual([{ name: 'load' }]);
    expect(browserSeen).toEqual([]);
  });

  it('drops the listeners of a session whose target went, and fails what waits for its events at once', async () => {
    const { pipe, flush, say } = fakeChromium();
    const frame = await attached(pipe, 'frame-1', 'F', flush, say);
    expect(frame.id).toBe('F');
    let heard = 0;
    frame.on('Runtime.consoleAPICalled', () => heard++);
    const load = frame.next('Page.lifecycleEvent');
    const browserEvent = pipe.browser.next('Target.targetDestroyed');
    // Chromium tells the session that attached it, here the browser's.
    say(JSON.stringify({ method: 'Target.detachedFromTarget', params: { sessionId: 'F', targetId: 'frame-1' } }) + '\0');
    await expect(load).rejects.toThrow('The DevTools session F detached.');
    say(JSON.stringify({ method: 'Runtime.consoleAPICalled', params: {}, sessionId: 'F' }) + '\0');
    say(JSON.stringify({ method: 'Target.targetDestroyed', params: { targetId: 'frame-1' } }) + '\0');
    await expect(browserEvent).resolves.toEqual({ targetId: 'frame-1' });
    expect(heard).toBe(0);
    await expect(frame.next('Page.lifecycleEvent')).rejects.toThrow('The DevTools session F detached.');
  });

  it('drops the listeners of a session it detaches from', async () => {
    const { pipe, written, flush, say } = fakeChromium();
    const worker = await attached(pipe, 'worker-1', 'W', flush, say);
    let heard = 0;
    worker.on('Runtime.consoleAPICalled', () => heard++);
    const detaching = worker.detach();
    await flush();
    expect(written[1]).toEqual({ id: 2, method: 'Target.detachFromTarget', params: { sessionId: 'W' } });
    say(JSON.stringify({ id: 2, result: {} }) + '\0');
    await detaching;
    say(JSON.stringify({ method: 'Runtime.consoleAPICalled', params: {}, sessionId: 'W' }) + '\0');
    await flush();
    expect(heard).toBe(0);
  });

  it('resolves `next` with the first event that matches', async () => {
    const { pipe, say } = fakeChromium();
    const complete = pipe.browser.next('Tracing.tracingComplete', (params) => params['stream'] === 'b');
    say(JSON.stringify({ method: 'Tracing.tracingComplete', params: { stream: 'a' } }) + '\0');
    say(JSON.stringify({ method: 'Tracing.tracingComplete', params: { stream: 'b' } }) + '\0');
    await expect(complete).resolves.toEqual({ stream: 'b' });
  });

  it('stops calling a listener once it is turned off', async () => {
    const { pipe, flush, say } = fakeChromium();
    let calls = 0;
    const off = pipe.browser.on('Target.targetCreated', () => calls++);
    say(JSON.stringify({ method: 'Target.targetCreated', params: {} }) + '\0');
    await flush();
    off();
    say(JSON.stringify({ method: 'Target.targetCreated', params: {} }) + '\0');
    await flush();
    expect(calls).toBe(1);
  });

  it('gives up waiting for an event that does not come in time', async () => {
    const { pipe } = fakeChromium();
    await expect(pipe.browser.next('Tracing.tracingComplete', undefined, 10)).rejects.toThrow('No Tracing.tracingComplete came within 10 ms.');
  });

  it('fails what waits for a reply or an event, and what is sent after, once Chromium closes the pipe', async () => {
    const { pipe, flush, end } = fakeChromium();
    const waiting = pipe.browser.send('Browser.getVersion');
    const event = pipe.browser.next('Page.lifecycleEvent');
    end();
    await expect(waiting).rejects.toThrow('Chromium closed its DevTools pipe.');
    await expect(event).rejects.toThrow('Chromium closed its DevTools pipe.');
    await flush();
    await expect(pipe.browser.send('Browser.getVersion')).rejects.toThrow('Chromium closed its DevTools pipe.');
    await expect(pipe.browser.next('Page.lifecycleEvent')).rejects.toThrow('Chromium closed its DevTools pipe.');
  });

  describe('leaves no timer behind', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('once a command is answered, an awaited event came, or the pipe closed', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const { pipe, flush, say, end } = fakeChromium();
      const answered = pipe.browser.send('Browser.getVersion');
      const event = pipe.browser.next('Tracing.tracingComplete');
      expect(vi.getTimerCount()).toBe(2);
      await flush();
      say(JSON.stringify({ id: 1, result: {} }) + '\0' + JSON.stringify({ method: 'Tracing.tracingComplete', params: {} }) + '\0');
      await answered;
      await event;
      expect(vi.getTimerCount()).toBe(0);
      const waiting = pipe.browser.send('Browser.getVersion');
      const waitingEvent = pipe.browser.next('Tracing.tracingComplete');
      end();
      await expect(waiting).rejects.toThrow();
      await expect(waitingEvent).rejects.toThrow();
      expect(vi.getTimerCount()).toBe(0);
    });
  });

  it('fails everything at once on a message that is not JSON, instead of throwing out of the stream', async () => {
    const { pipe, flush, say } = fakeChromium();
    const waiting = pipe.browser.send('Browser.getVersion');
    await flush();
    say('{"id": 1, "result":\0');
    await expect(waiting).rejects.toThrow('A DevTools message could not be read');
  });
});
