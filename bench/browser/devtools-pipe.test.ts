import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DevToolsPipe } from './devtools-pipe';

/** A pipe whose Chromium end the test plays: what the client wrote, and a way to answer. */
function fakeChromium() {
  const toChromium = new PassThrough();
  const fromChromium = new PassThrough();
  const written: Array<Record<string, unknown>> = [];
  let pending = '';
  toChromium.setEncoding('utf8');
  toChromium.on('data', (chunk: string) => {
    pending += chunk;
    const parts = pending.split('\0');
    pending = parts.pop()!;
    for (const part of parts) written.push(JSON.parse(part) as Record<string, unknown>);
  });
  const pipe = new DevToolsPipe(toChromium, fromChromium);
  const flush = () => new Promise((resolve) => setImmediate(resolve));
  return { pipe, written, flush, say: (text: string) => fromChromium.write(text), end: () => fromChromium.destroy() };
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
    // The second reply first, and both cut across chunks where they happen to be.
    const replies = JSON.stringify({ id: 2, result: { targetInfos: [] } }) + '\0' + JSON.stringify({ id: 1, result: { product: 'Chrome/156' } }) + '\0';
    say(replies.slice(0, 7));
    say(replies.slice(7, 40));
    say(replies.slice(40));
    await expect(second).resolves.toEqual({ targetInfos: [] });
    await expect(first).resolves.toEqual({ product: 'Chrome/156' });
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

  it('resolves `next` with the first event that matches', async () => {
    const { pipe, say } = fakeChromium();
    const complete = pipe.browser.next('Tracing.tracingComplete', (params) => params['stream'] === 'b');
    say(JSON.stringify({ method: 'Tracing.tracingComplete', params: { stream: 'a' } }) + '\0');
    say(JSON.stringify({ method: 'Tracing.tracingComplete', params: { stream: 'b' } }) + '\0');
    await expect(complete).resolves.toEqual({ stream: 'b' });
  });

  it('fails what waits, and what is sent after, once Chromium closes the pipe', async () => {
    const { pipe, flush, end } = fakeChromium();
    const waiting = pipe.browser.send('Browser.getVersion');
    end();
    await expect(waiting).rejects.toThrow('Chromium closed its DevTools pipe.');
    await flush();
    await expect(pipe.browser.send('Browser.getVersion')).rejects.toThrow('Chromium closed its DevTools pipe.');
  });
});
