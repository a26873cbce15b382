/** Typed requests from the bridge to the background, and the background's messages to the bridge. */
import * as v from 'valibot';
import browser, { type Runtime } from '../../shared/browser';
import { NO_ANSWER_SENTENCE } from '../../core/errors';
import { replyValue } from '../../shared/background-request';
import type { Reply } from '../../shared/messages/define';
import { BRIDGE_PORT } from '../../shared/messages/port';
import { RELAYED_TYPES } from '../../shared/messages/relay';
import { RELAY_PAGE } from '../../shared/pages';
import { BRIDGE_MESSAGES, envelope, type BackgroundReply, type BackgroundRequestInput, type BackgroundMessageFrom, type BridgeMessageName, type BridgeRequest } from '../../shared/messages/runtime';
import { isFromBackground } from '../../shared/extension-self';
import { createPortRequest, type PortRequest } from './background-port';
import { openRelay } from './relay-frame';
import { askRelayFirst, createRelayLink } from './relay-link';

type BridgeAsks = BackgroundMessageFrom<'bridge'>;

let overPort: PortRequest | undefined;
/** Chrome only: the background gives the port a ticket, and decode and encode go through the relay once it is up. */
const relay = createRelayLink((ticket) => {
  const url = browser.runtime.getURL(RELAY_PAGE);
  return openRelay(document, { url, origin: `${new URL(url).protocol}//${browser.runtime.id}` }, ticket);
});

async function request(message: { type: string }): Promise<unknown> {
  overPort ??= createPortRequest(() => browser.runtime.connect({ name: BRIDGE_PORT }), relay.follow);
  return RELAYED_TYPES.has(message.type) ? askRelayFirst(relay, overPort, message) : overPort(message);
}

/**
 * This page has rules to decode or encode with: the relay starts opening now, while the page loads, instead of at
 * its first big request. Opened then, it came up only after several answers had taken the slower port.
 */
export function expectBatches(): void {
  if (overPort) relay.current();
}

/** False once the extension was switched off, removed or updated under the page: a script left behind loses its runtime. */
export function extensionPresent(): boolean {
  try {
    return typeof browser.runtime?.id === 'string' && browser.runtime.id !== '';
  } catch {
    return false;
  }
}

/** Asks the background; rejects with the background's one sentence, or when it did not answer. */
export async function ask<K extends BridgeAsks>(type: K, body: BackgroundRequestInput<K>): Promise<BackgroundReply<K>> {
  return replyValue((await request(envelope(type, body))) as Reply<BackgroundReply<K>> | undefined, NO_ANSWER_SENTENCE);
}

export type BackgroundTells = { [K in BridgeMessageName]: (body: BridgeRequest<K>) => void };

/** Messages the background sends this tab; anything from anyone else, or not in the catalogue, is ignored. */
export function listenToBackground(handlers: BackgroundTells): void {
  const self = { id: browser.runtime.id, baseUrl: browser.runtime.getURL('') };
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    if (!isFromBackground(sender, self)) return undefined;
    const type = (message as { type?: unknown } | null)?.type;
    if (typeof type !== 'string' || !Object.hasOwn(BRIDGE_MESSAGES, type)) return undefined;
    const name = type as BridgeMessageName;
    const parsed = v.safeParse(BRIDGE_MESSAGES[name].request, (message as { body?: unknown }).body);
    if (parsed.success) (handlers[name] as (body: unknown) => void)(parsed.output);
    return undefined;
  });
}
