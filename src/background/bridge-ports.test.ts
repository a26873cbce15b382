import type { Runtime } from 'webextension-polyfill';
import { describe, expect, it, vi } from 'vitest';
import { createPortRequest } from '../content/bridge/background-port';
import { BRIDGE_PORT } from '../shared/messages/port';
import { portPair, type PortPair } from '../shared/test-support/fake-port';
import { serveBridgePorts } from './bridge-ports';
import { createRouter, type Handlers } from './router';
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
