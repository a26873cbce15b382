import type { Runtime } from 'webextension-polyfill';
import { describe, expect, it, vi } from 'vitest';
import { createPortRequest } from '../content/bridge/background-port';
import { packBatch } from '../shared/messages/packed';
import { BRIDGE_PORT } from '../shared/messages/port';
import { portPair } from '../shared/test-support/fake-port';
import { serveBridgePorts } from './bridge-ports';
import { createRelayTickets, serveRelayed, type RelayedMessageEvent } from './relay';
import { createRouter, type Handlers } from './router';
import type { Self } from './sender';

const self: Self = { id: 'abcdefghijklmnop', baseUrl: 'chrome-extension://abcdefghijklmnop/' };
const WEB_UI = 'http://localhost:8233';
const tab = { id: 7, index: 0, highlighted: true, active: true, pinned: false, incognito: false };
const bridge: Runtime.MessageSender = { id: self.id, url: `${WEB_UI}/namespaces/default/workflows`, tab, frameId: 0 };
const decodeRequest = { type: 'decode', body: { namespace: 'default', batch: packBatch({ payloads: [{ metadata: { encoding: 'YmluYXJ5L3BsYWlu' }, data: 'aGk=' }], where: ['input'] }) } };

/** A background whose decode handler says which tab and address it decoded for; its bridge ports issue tickets. */
function background() {
  const decode = vi.fn(async (_request: unknown, caller: { origin: string; tabId: number }) => `decoded for ${caller.origin} in tab ${caller.tabId}`);
  const plan = vi.fn(async () => ({ decode: true, privateView: false, encode: false }));
  const route = createRouter(self, { decode, 'namespace-plan': plan } as unknown as Handlers);
  const tickets = createRelayTickets();
  return { decode, plan, route, tickets, acceptPort: serveBridgePorts(self, route, tickets), serve: serveRelayed(tickets, route) };
}

/** What the relay page would post: one request and a ticket, with the port its reply comes back on. */
async function relayed(serve: (event: RelayedMessageEvent) => void, data: unknown): Promise<unknown[]> {
  const replies: unknown[] = [];
  const waits: Promise<unknown>[] = [];
  serve({ data, ports: [{ postMessage: (reply) => replies.push(reply) }], waitUntil: (promise) => waits.push(promise) });
  await Promise.all(waits);
  return replies;
}

/** Connects a bridge port and returns the ticket the background told it, and the port pair. */
async function ticketedBridge(acceptPort: (port: Runtime.Port) => void) {
  const heard: Array<string | undefined> = [];
  const pairs: ReturnType<typeof portPair>[] = [];
  const request = createPortRequest(
    () => {
      const pair = portPair(BRIDGE_PORT, bridge);
      pairs.push(pair);
      acceptPort(pair.far);
      return pair.near;
    },
    (ticket) => heard.push(ticket),
  );
  // The port opens with the first request; the ticket arrives before its reply.
  await request({ type: 'namespace-plan', body: { namespace: 'default' } });
  return { heard, pairs, request };
}

describe('the relay', () => {
  it('gives each bridge port a ticket, and routes a request presenting it as from that port’s tab and address', async () => {
    const { acceptPort, serve, decode } = background();
    const { heard } = await ticketedBridge(acceptPort);
    expect(heard).toEqual([expect.stringMatching(/^[0-9a-f]{32}$/)]);
    const replies = await relayed(serve, { relayTicket: heard[0], request: { id: 3, message: decodeRequest } });
    expect(replies).toEqual([{ id: 3, reply: { ok: true, value: `decoded for ${WEB_UI} in tab 7` } }]);
    expect(decode).toHaveBeenCalledTimes(1);
  });

  it('answers nothing, and decodes nothing, for a ticket it never issued', async () => {
    const { acceptPort, serve, decode } = background();
    await ticketedBridge(acceptPort);
    const replies = await relayed(serve, { relayTicket: 'f'.repeat(32), request: { id: 1, message: decodeRequest } });
    expect(replies).toEqual([{ id: 1 }]);
    expect(decode).not.toHaveBeenCalled();
  });

  it('forgets a ticket once its port closes: the page navigated, and its ticket is good for nothing', async () => {
    const { acceptPort, serve, decode } = background();
    const { heard, pairs } = await ticketedBridge(acceptPort);
    pairs[0]!.near.disconnect();
    await new Promise((resolve) => setTimeout(resolve));
    expect(await relayed(serve, { relayTicket: heard[0], request: { id: 1, message: decodeRequest } })).toEqual([{ id: 1 }]);
    expect(decode).not.toHaveBeenCalled();
  });

  it('carries decode and encode only, in their shape: anything else, even with a good ticket, is not taken in', async () => {
    const { acceptPort, serve, plan, decode } = background();
    const { heard } = await ticketedBridge(acceptPort);
    plan.mockClear();
    const namespacePlan = { type: 'namespace-plan', body: { namespace: 'default' } };
    const padded = { ...decodeRequest, body: { ...decodeRequest.body, padding: 'x'.repeat(1000) } };
    // Answered with nothing, so the relay page does not wait for them, and the bridge asks over its port.
    for (const message of [namespacePlan, padded]) expect(await relayed(serve, { relayTicket: heard[0], request: { id: 2, message } })).toEqual([{ id: 2 }]);
    expect(plan).not.toHaveBeenCalled();
    expect(decode).not.toHaveBeenCalled();
  });

  it('tells the relay page whether a ticket is good before it serves anyone', async () => {
    const { acceptPort, serve } = background();
    const { heard } = await ticketedBridge(acceptPort);
    expect(await relayed(serve, { relayTicket: heard[0] })).toEqual([{ known: true }]);
    expect(await relayed(serve, { relayTicket: 'f'.repeat(32) })).toEqual([{ known: false }]);
  });

  it('decodes nothing for what is not a relayed request, answering nothing where it has a number to answer', async () => {
    const { acceptPort, serve, decode } = background();
    const { heard } = await ticketedBridge(acceptPort);
    for (const data of [null, 'decode', { relayTicket: heard[0], request: 'decode' }]) expect(await relayed(serve, data)).toEqual([]);
    expect(await relayed(serve, { relayTicket: 42, request: { id: 1, message: decodeRequest } })).toEqual([{ id: 1 }]);
    expect(await relayed(serve, { relayTicket: heard[0], request: { id: 1, message: decodeRequest, extra: 'x'.repeat(100) } })).toEqual([{ id: 1 }]);
    serve({ data: { relayTicket: heard[0], request: { id: 1, message: decodeRequest } }, ports: [], waitUntil: () => undefined });
    expect(decode).not.toHaveBeenCalled();
  });

  it('tells a bridge its ticket is gone when its port closes, and gives the next port a new one', async () => {
    const { acceptPort } = background();
    const { heard, pairs, request } = await ticketedBridge(acceptPort);
    pairs[0]!.far.disconnect();
    await new Promise((resolve) => setTimeout(resolve));
    await request({ type: 'namespace-plan', body: { namespace: 'default' } });
    expect(heard).toEqual([heard[0], undefined, expect.stringMatching(/^[0-9a-f]{32}$/)]);
    expect(heard[2]).not.toBe(heard[0]);
  });

  it('issues no ticket where there is no relay (Firefox)', async () => {
    const { route } = background();
    const { heard } = await ticketedBridge(serveBridgePorts(self, route));
    expect(heard).toEqual([]);
  });
});
