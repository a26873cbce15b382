import type { Runtime } from 'webextension-polyfill';
import * as v from 'valibot';
import { describe, expect, it, vi } from 'vitest';
import { createPortRequest } from '../content/bridge/background-port';
import { packBatch } from '../shared/messages/packed';
import { BRIDGE_PORT, REPLY_PART_CHARS, REPLY_PARTS_MAX, ReplyPartSchema } from '../shared/messages/port';
import { portPair, type PortPair } from '../shared/test-support/fake-port';
import { MAX_BRIDGE_PORTS_PER_TAB, serveBridgePorts } from './bridge-ports';
import { PackedText } from './packed-text';
import { createRouter, type Handlers } from './router';
import type { RelayTickets } from './relay';
import type { Self } from './sender';

const self: Self = { id: 'abcdefghijklmnop', baseUrl: 'chrome-extension://abcdefghijklmnop/' };
const WEB_UI = 'http://localhost:8233';
const tab = { id: 7, index: 0, highlighted: true, active: true, pinned: false, incognito: false };
const bridge: Runtime.MessageSender = { id: self.id, url: `${WEB_UI}/namespaces/default/workflows`, tab, frameId: 0 };

/** A background whose only handler plans every namespace, and says which tab and address asked. */
function background() {
  const plan = vi.fn(async (request: { namespace: string }, caller: { origin: string; tabId: number }) => ({ decode: true, privateView: false, encode: false, asked: `${request.namespace} ${caller.origin} ${caller.tabId}` }));
  const route = createRouter(self, { 'namespace-plan': plan } as unknown as Handlers);
  return { plan, accept: serveBridgePorts(self, route) };
}

/** The bridge's side, connected to `accept` through a new pair of port ends each time it connects. */
function connectedBridge(accept: (port: Runtime.Port) => void, sender = bridge) {
  const pairs: PortPair[] = [];
  const request = createPortRequest(() => {
    const pair = portPair(BRIDGE_PORT, sender);
    pairs.push(pair);
    accept(pair.far);
    return pair.near;
  });
  return { request, pairs };
}

const planRequest = (namespace: unknown) => ({ type: 'namespace-plan', body: { namespace } });

describe('a Web UI tab’s port to the background', () => {
  it('carries each request to the router with the browser-stamped sender, and each reply back to its request', async () => {
    const { accept } = background();
    const { request, pairs } = connectedBridge(accept);
    const replies = await Promise.all([request(planRequest('default')), request(planRequest('payments'))]);
    expect(replies).toEqual([
      { ok: true, value: { decode: true, privateView: false, encode: false, asked: `default ${WEB_UI} 7` } },
      { ok: true, value: { decode: true, privateView: false, encode: false, asked: `payments ${WEB_UI} 7` } },
    ]);
    // One port for every request of the page.
    expect(pairs).toHaveLength(1);
  });

  it('checks every request as a runtime message is checked', async () => {
    const { accept, plan } = background();
    const { request } = connectedBridge(accept);
    expect(await request(planRequest(42))).toEqual({ ok: false, error: 'The page sent a request the background does not accept.' });
    expect(await request({ type: 'get-state', body: {} })).toEqual({ ok: false, error: 'This sender may not make that request.' });
    expect(plan).not.toHaveBeenCalled();
  });

  it('is refused to anyone but the bridge in a tab’s top frame', async () => {
    const { accept, plan } = background();
    for (const sender of [{ ...bridge, frameId: 3 }, { ...bridge, id: 'another-extension' }, { id: self.id, url: `${self.baseUrl}src/options/index.html` }]) {
      const { request } = connectedBridge(accept, sender);
      expect(await request(planRequest('default'))).toBeUndefined();
    }
    expect(plan).not.toHaveBeenCalled();
  });

  it('keeps a few ports of one tab open at once: past them the oldest is closed, and its relay ticket revoked', async () => {
    const issued: string[] = [];
    const revoked: string[] = [];
    const relay = { issue: () => `ticket-${issued.push('') - 1}`, revoke: (ticket: string) => void revoked.push(ticket) } as unknown as RelayTickets;
    const accept = serveBridgePorts(self, createRouter(self, { 'namespace-plan': async () => ({ decode: true }) } as unknown as Handlers), relay);
    const open = (sender: Runtime.MessageSender) => {
      const pair = portPair(BRIDGE_PORT, sender);
      const closed = vi.fn();
      pair.near.onDisconnect.addListener(closed);
      accept(pair.far);
      return closed;
    };
    const extra = 2;
    const ofTab7 = Array.from({ length: MAX_BRIDGE_PORTS_PER_TAB + extra }, () => open(bridge));
    // Another tab's ports are its own.
    const ofTab8 = open({ ...bridge, tab: { ...tab, id: 8 } });
    await new Promise((resolve) => setTimeout(resolve));
    expect(ofTab7.map((closed) => closed.mock.calls.length > 0)).toEqual([...Array(extra).fill(true), ...Array(MAX_BRIDGE_PORTS_PER_TAB).fill(false)]);
    expect(ofTab8).not.toHaveBeenCalled();
    expect(revoked).toEqual(['ticket-0', 'ticket-1']);
  });

  it('opens a tab’s next port beside those still open once one of them closed, closing none', async () => {
    const accept = serveBridgePorts(self, createRouter(self, {} as unknown as Handlers));
    const pairs = Array.from({ length: MAX_BRIDGE_PORTS_PER_TAB }, () => portPair(BRIDGE_PORT, bridge));
    const closed = vi.fn();
    for (const pair of pairs) {
      pair.near.onDisconnect.addListener(closed);
      accept(pair.far);
    }
    // The page that held the newest one went away.
    pairs.at(-1)!.near.disconnect();
    await new Promise((resolve) => setTimeout(resolve));
    accept(portPair(BRIDGE_PORT, bridge).far);
    await new Promise((resolve) => setTimeout(resolve));
    expect(closed).not.toHaveBeenCalled();
  });

  it('answers nothing to a request the background took and then stopped under, and opens a new port for the next', async () => {
    const { accept, plan } = background();
    const { request, pairs } = connectedBridge((port) => {
      accept(port);
      // The background stops while the first port's request is under way.
      if (pairs.length === 1) port.onMessage.addListener(() => queueMicrotask(() => port.disconnect()));
    });
    expect(await request(planRequest('default'))).toBeUndefined();
    // Not asked again: the background may have done it.
    expect(plan).toHaveBeenCalledTimes(1);
    expect(await request(planRequest('default'))).toMatchObject({ ok: true });
    expect(pairs).toHaveLength(2);
  });

  it('asks again, on a new port, a request whose port closed before the background took it', async () => {
    const { accept, plan } = background();
    const { request, pairs } = connectedBridge((port) => {
      // The background stopped as the request was sent: it closes without ever seeing it.
      if (pairs.length === 1) port.onMessage.addListener(() => port.disconnect());
      else accept(port);
    });
    expect(await request(planRequest('default'))).toMatchObject({ ok: true, value: { decode: true } });
    expect(plan).toHaveBeenCalledTimes(1);
    expect(pairs).toHaveLength(2);
  });

  it('asks such a request again once only', async () => {
    const { request, pairs } = connectedBridge((port) => port.onMessage.addListener(() => port.disconnect()));
    expect(await request(planRequest('default'))).toBeUndefined();
    expect(pairs).toHaveLength(2);
  });

  it('sends a request the relay lost untaken again once only, over the port', async () => {
    const { request, pairs } = connectedBridge((port) => port.onMessage.addListener(() => port.disconnect()));
    expect(await request(planRequest('default'), { resent: true })).toBeUndefined();
    expect(pairs).toHaveLength(1);
  });

  it('answers nothing when the port cannot be opened again to send a request a second time: the extension is gone', async () => {
    let opened = 0;
    const request = createPortRequest(() => {
      if (opened++ > 0) throw new Error('Extension context invalidated.');
      const pair = portPair(BRIDGE_PORT, bridge);
      pair.far.onMessage.addListener(() => pair.far.disconnect());
      return pair.near;
    });
    expect(await request(planRequest('default'))).toBeUndefined();
    expect(opened).toBe(2);
  });

  it('answers nothing when the extension is gone and the port cannot be opened', async () => {
    const request = createPortRequest(() => {
      throw new Error('Extension context invalidated.');
    });
    expect(await request(planRequest('default'))).toBeUndefined();
  });
});

const decodeRequest = { type: 'decode', body: { namespace: 'default', batch: packBatch({ payloads: [{ metadata: { encoding: 'YmluYXJ5L3BsYWlu' }, data: 'aGk=' }], where: ['input'] }) } };

/** A bridge port whose far end is played by the test: each request is said to be taken, then answered by `answer`. */
function scriptedBackground(answer: (id: number, post: (frame: unknown) => void, port: Runtime.Port) => void) {
  const pairs: PortPair[] = [];
  const request = createPortRequest(() => {
    const pair = portPair(BRIDGE_PORT, bridge);
    pairs.push(pair);
    pair.far.onMessage.addListener((frame) => {
      const { id } = frame as { id: number };
      pair.far.postMessage({ id, taken: true });
      answer(id, (reply) => pair.far.postMessage(reply), pair.far);
    });
    return pair.near;
  });
  return { request, pairs };
}

describe('a long reply on the port, in parts', () => {
  it('goes in parts, which the bridge joins into the reply', async () => {
    const data = 'QUJD'.repeat(REPLY_PART_CHARS / 2);
    const text = `[{"ok":true,"payload":{"data":"${data}"}}]`;
    const decode = vi.fn(async () => new PackedText([['{"ok":true,"payload":{"data":"', data, '"}}']]));
    const { request, pairs } = connectedBridge(serveBridgePorts(self, createRouter(self, { decode } as unknown as Handlers)));
    expect(await request(decodeRequest)).toEqual({ ok: true, value: [text] });
    const parts = pairs[0]!.posted.far.filter((frame) => (frame as { part?: number }).part !== undefined);
    expect(parts.map((frame) => (frame as { part: number; parts: number }).part)).toEqual([0, 1, 2]);
  });

  it('is no reply when its parts come out of order: the page keeps its original, and the request is not sent again', async () => {
    const { request, pairs } = scriptedBackground((id, post) => {
      post({ id, part: 0, parts: 3, text: '[' });
      post({ id, part: 2, parts: 3, text: ']' });
      post({ id, part: 1, parts: 3, text: '' });
    });
    expect(await request(decodeRequest)).toBeUndefined();
    expect(pairs[0]!.posted.near).toHaveLength(1);
  });

  it('is no reply when a part is longer than a part may be', async () => {
    const { request } = scriptedBackground((id, post) => {
      post({ id, part: 0, parts: 2, text: 'x'.repeat(REPLY_PART_CHARS + 1) });
      post({ id, part: 1, parts: 2, text: ']' });
    });
    // The first is no part the bridge takes, so the next is out of its series.
    expect(await request(decodeRequest)).toBeUndefined();
  });

  it('has parts of a bounded count and length only', () => {
    const part = { id: 1, part: 0, parts: REPLY_PARTS_MAX, text: 'x'.repeat(REPLY_PART_CHARS) };
    expect(v.is(ReplyPartSchema, part)).toBe(true);
    for (const bad of [{ parts: REPLY_PARTS_MAX + 1 }, { parts: 1 }, { part: REPLY_PARTS_MAX }, { part: -1 }, { text: `${part.text}x` }, { extra: true }]) {
      expect(v.is(ReplyPartSchema, { ...part, ...bad })).toBe(false);
    }
  });

  it('is taken only for a request waiting for it, on the port it was sent on', async () => {
    // Ports whose frames the test delivers by hand, even on a port the bridge has seen close.
    const ports: Array<{ port: Runtime.Port; hear: (frame: unknown) => void; close: () => void }> = [];
    const request = createPortRequest(() => {
      const heard: Array<(frame: unknown) => void> = [];
      const closed: Array<() => void> = [];
      const port = {
        name: BRIDGE_PORT,
        postMessage: () => undefined,
        disconnect: () => undefined,
        onMessage: { addListener: (listener: (frame: unknown) => void) => heard.push(listener) },
        onDisconnect: { addListener: (listener: () => void) => closed.push(listener) },
      } as unknown as Runtime.Port;
      ports.push({ port, hear: (frame) => heard.forEach((listener) => listener(frame)), close: () => closed.forEach((listener) => listener()) });
      return port;
    });
    const reply = request(decodeRequest);
    // The first port closes before the background took the request: it is sent again, with its id, on a second.
    ports[0]!.close();
    expect(ports).toHaveLength(2);
    ports[0]!.hear({ id: 1, part: 0, parts: 2, text: '["from the first port' });
    ports[1]!.hear({ id: 1, taken: true });
    ports[1]!.hear({ id: 2, part: 0, parts: 2, text: '["for no request' });
    ports[1]!.hear({ id: 1, part: 0, parts: 2, text: '[' });
    ports[0]!.hear({ id: 1, part: 1, parts: 2, text: '"from the first port"]' });
    ports[1]!.hear({ id: 2, part: 1, parts: 2, text: '"for no request"]' });
    ports[1]!.hear({ id: 1, part: 1, parts: 2, text: ']' });
    expect(await reply).toEqual({ ok: true, value: ['[]'] });
  });

  it('is no reply when the port closes between its parts', async () => {
    const { request } = scriptedBackground((id, post, port) => {
      post({ id, part: 0, parts: 2, text: '[' });
      port.disconnect();
    });
    expect(await request(decodeRequest)).toBeUndefined();
  });
});
