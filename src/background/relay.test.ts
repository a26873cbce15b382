import type { Runtime } from 'webextension-polyfill';
import * as v from 'valibot';
import { describe, expect, it, vi } from 'vitest';
import { createPortRequest } from '../content/bridge/background-port';
import { packBatch } from '../shared/messages/packed';
import { BRIDGE_PORT, REPLY_PART_CHARS, REPLY_PARTS_MAX, ReplyPartSchema, TakenFrameSchema } from '../shared/messages/port';
import { portPair } from '../shared/test-support/fake-port';
import { serveBridgePorts } from './bridge-ports';
import { RELAY_MAX_IN_FLIGHT, RelayReplySchema } from '../shared/messages/relay';
import type { Hold } from './keep-alive';
import { PackedText } from './packed-text';
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
  const held = vi.fn();
  const hold: Hold = (work) => {
    held();
    return work;
  };
  return { decode, plan, route, tickets, held, acceptPort: serveBridgePorts(self, route, tickets), serve: serveRelayed(tickets, route, hold) };
}

/** The bridge's end of a channel the relay page handed over with `data`: what it hears, and a way to ask on it. */
function handOver(serve: (event: RelayedMessageEvent) => void, data: unknown) {
  const { port1: bridgeEnd, port2: workerEnd } = new MessageChannel();
  const closedByWorker = vi.spyOn(workerEnd, 'close');
  const heard: unknown[] = [];
  let next: (() => void) | undefined;
  bridgeEnd.onmessage = (event: MessageEvent<unknown>) => {
    heard.push(event.data);
    next?.();
  };
  serve({ data, ports: [workerEnd] });
  const nextMessage = () => new Promise<void>((resolve) => (next = resolve));
  return {
    heard,
    closedByWorker,
    /** Waits for the next message the channel brings the bridge. */
    nextMessage,
    post: (request: unknown) => bridgeEnd.postMessage(request),
    /** Posts a request and waits for the next message back that is not the worker saying it took a request. */
    async ask(request: unknown) {
      let answered = nextMessage();
      bridgeEnd.postMessage(request);
      for (;;) {
        await answered;
        if (!v.is(TakenFrameSchema, heard.at(-1))) return heard.at(-1);
        answered = nextMessage();
      }
    },
    close: () => bridgeEnd.close(),
  };
}

/** Hands a channel over with `ticket` and waits until the worker says whether it took it. */
async function handedOver(serve: (event: RelayedMessageEvent) => void, ticket: unknown) {
  const channel = handOver(serve, { relayTicket: ticket });
  await channel.nextMessage();
  return channel;
}

/** Connects a bridge port and returns the ticket the background told it, and the port pair. */
async function ticketedBridge(acceptPort: (port: Runtime.Port) => void, stamped: Runtime.MessageSender = bridge) {
  const heard: Array<string | undefined> = [];
  const pairs: ReturnType<typeof portPair>[] = [];
  const request = createPortRequest(
    () => {
      const pair = portPair(BRIDGE_PORT, stamped);
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
  it('takes a channel handed over with a ticket it gave a bridge port, and answers its requests as from that port’s tab and address', async () => {
    const { acceptPort, serve, decode, held } = background();
    const { heard } = await ticketedBridge(acceptPort);
    expect(heard).toEqual([expect.stringMatching(/^[0-9a-f]{32}$/)]);
    const channel = await handedOver(serve, heard[0]);
    expect(channel.heard).toEqual([{ relayReady: true }]);
    expect(await channel.ask({ id: 3, message: decodeRequest })).toEqual({ id: 3, reply: { ok: true, value: `decoded for ${WEB_UI} in tab 7` } });
    // Said to be taken first, so a bridge whose channel closes before the reply knows not to ask again.
    expect(channel.heard.slice(1)).toEqual([{ id: 3, taken: true }, { id: 3, reply: expect.anything() }]);
    expect(decode).toHaveBeenCalledTimes(1);
    // The worker is kept up while the request is under way: a message on a channel is no event.
    expect(held).toHaveBeenCalledTimes(1);
    channel.close();
  });

  it('refuses and closes a channel handed over with a ticket it never issued, and decodes nothing sent on it', async () => {
    const { acceptPort, serve, decode } = background();
    await ticketedBridge(acceptPort);
    for (const ticket of ['f'.repeat(32), 42, undefined]) {
      const channel = await handedOver(serve, ticket);
      expect(channel.heard).toEqual([{ relayReady: false }]);
      expect(channel.closedByWorker).toHaveBeenCalled();
      channel.ask({ id: 1, message: decodeRequest }).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(channel.heard).toEqual([{ relayReady: false }]);
    }
    expect(decode).not.toHaveBeenCalled();
  });

  it('closes the channel once its ticket’s port closes: the page navigated, and the channel is good for nothing', async () => {
    const { acceptPort, serve, decode } = background();
    const { heard, pairs } = await ticketedBridge(acceptPort);
    const channel = await handedOver(serve, heard[0]);
    pairs[0]!.near.disconnect();
    await new Promise((resolve) => setTimeout(resolve));
    channel.ask({ id: 1, message: decodeRequest }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(channel.heard).toEqual([{ relayReady: true }]);
    expect(channel.closedByWorker).toHaveBeenCalled();
    expect(decode).not.toHaveBeenCalled();
    // A ticket that is gone takes no channel either.
    expect((await handedOver(serve, heard[0])).heard).toEqual([{ relayReady: false }]);
  });

  it('takes one channel per ticket, and answers each bridge’s channel as from its own tab', async () => {
    const { acceptPort, serve } = background();
    const first = await ticketedBridge(acceptPort);
    const otherTab = { ...tab, id: 8 };
    const second = await ticketedBridge(acceptPort, { ...bridge, tab: otherTab, url: 'http://127.0.0.1:8233/namespaces/default/workflows' });
    const firstChannel = await handedOver(serve, first.heard[0]);
    const secondChannel = await handedOver(serve, second.heard[0]);
    // A second hand-over with a ticket that has its channel: refused, and the first channel still serves.
    const again = await handedOver(serve, first.heard[0]);
    expect(again.heard).toEqual([{ relayReady: false }]);
    expect(await firstChannel.ask({ id: 1, message: decodeRequest })).toEqual({ id: 1, reply: { ok: true, value: `decoded for ${WEB_UI} in tab 7` } });
    expect(await secondChannel.ask({ id: 1, message: decodeRequest })).toEqual({ id: 1, reply: { ok: true, value: 'decoded for http://127.0.0.1:8233 in tab 8' } });
    firstChannel.close();
    secondChannel.close();
  });

  it('carries decode and encode only, in their shape: anything else on a good channel is answered with nothing, and ends it', async () => {
    const namespacePlan = { type: 'namespace-plan', body: { namespace: 'default' } };
    const padded = { ...decodeRequest, body: { ...decodeRequest.body, padding: 'x'.repeat(1000) } };
    for (const request of [{ id: 2, message: namespacePlan }, { id: 2, message: padded }, { id: 2, message: decodeRequest, extra: 'x' }]) {
      const { acceptPort, serve, plan, decode } = background();
      const { heard } = await ticketedBridge(acceptPort);
      plan.mockClear();
      const channel = await handedOver(serve, heard[0]);
      // Answered with nothing, so the bridge asks over its port; and nothing more is taken in on that channel.
      expect(await channel.ask(request)).toEqual({ id: 2 });
      expect(channel.closedByWorker).toHaveBeenCalled();
      channel.post({ id: 3, message: decodeRequest });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(channel.heard.at(-1)).toEqual({ id: 2 });
      expect(plan).not.toHaveBeenCalled();
      expect(decode).not.toHaveBeenCalled();
      channel.close();
    }
  });

  it('has at most 16 requests of one channel under way, and says it is busy to the rest', async () => {
    const { acceptPort, serve, decode } = background();
    const { heard } = await ticketedBridge(acceptPort);
    const finish: Array<() => void> = [];
    decode.mockImplementation(() => new Promise((resolve) => finish.push(() => resolve('done'))));
    const channel = await handedOver(serve, heard[0]);
    for (let id = 1; id <= RELAY_MAX_IN_FLIGHT; id++) channel.post({ id, message: decodeRequest });
    expect(await channel.ask({ id: 99, message: decodeRequest })).toEqual({ id: 99, busy: true });
    expect(decode).toHaveBeenCalledTimes(RELAY_MAX_IN_FLIGHT);
    for (const done of finish) done();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const answered = channel.heard.filter((message) => (message as { reply?: unknown }).reply !== undefined);
    expect(answered).toHaveLength(RELAY_MAX_IN_FLIGHT);
    // Done, they make room again.
    decode.mockResolvedValue('done');
    expect(await channel.ask({ id: 100, message: decodeRequest })).toEqual({ id: 100, reply: { ok: true, value: 'done' } });
    channel.close();
  });

  it('answers a long decode in parts, as the port does', async () => {
    const { acceptPort, serve, decode } = background();
    const { heard } = await ticketedBridge(acceptPort);
    const data = 'QUJD'.repeat(REPLY_PART_CHARS / 2);
    decode.mockResolvedValue(new PackedText([['{"ok":true,"payload":{"data":"', data, '"}}']]) as never);
    const channel = await handedOver(serve, heard[0]);
    channel.post({ id: 4, message: decodeRequest });
    await vi.waitFor(() => expect(channel.heard.at(-1)).toMatchObject({ id: 4, part: 2, parts: 3 }));
    const parts = channel.heard.slice(1).filter((frame) => v.is(ReplyPartSchema, frame));
    expect(parts.map((frame) => (frame as { part: number }).part)).toEqual([0, 1, 2]);
    expect(parts.map((frame) => (frame as { text: string }).text).join('')).toBe(`[{"ok":true,"payload":{"data":"${data}"}}]`);
    channel.close();
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

describe('a relay channel’s reply', () => {
  it('is a reply, word that the request was not carried, or that the channel is busy', () => {
    for (const frame of [{ id: 3, reply: { ok: true, value: '[]' } }, { id: 3, reply: { ok: false, error: 'Unknown request.' } }, { id: 3 }, { id: 3, busy: true }]) {
      expect(v.is(RelayReplySchema, frame)).toBe(true);
    }
  });

  it('is nothing with more in it: a part the bridge refuses, or word that a request was taken, is never a request not carried', () => {
    const tooMany = { id: 3, part: 0, parts: REPLY_PARTS_MAX + 1, text: 'x' };
    expect(v.is(ReplyPartSchema, tooMany)).toBe(false);
    expect(v.is(RelayReplySchema, tooMany)).toBe(false);
    expect(v.is(RelayReplySchema, { id: 3, taken: true })).toBe(false);
    expect(v.is(RelayReplySchema, { id: 3, reply: { ok: true, value: '[]' }, extra: true })).toBe(false);
  });
});
