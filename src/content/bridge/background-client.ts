/** Typed requests from the bridge to the background, and the background's messages to the bridge. */
import * as v from 'valibot';
import browser, { type Runtime } from '../../shared/browser';
import { replyValue } from '../../shared/background-request';
import type { Reply } from '../../shared/messages/define';
import { BRIDGE_PORT } from '../../shared/messages/port';
import { BRIDGE_MESSAGES, envelope, type BackgroundReply, type BackgroundRequestInput, type BackgroundMessageFrom, type BridgeMessageName, type BridgeRequest } from '../../shared/messages/runtime';
import { isFromBackground } from '../../shared/extension-self';
import { createPortRequest, type PortRequest } from './background-port';

type BridgeAsks = BackgroundMessageFrom<'bridge'>;

let request: PortRequest | undefined;

/** Asks the background over the tab's port; rejects with the background's one sentence, or when it did not answer. */
export async function ask<K extends BridgeAsks>(type: K, body: BackgroundRequestInput<K>): Promise<BackgroundReply<K>> {
  request ??= createPortRequest(() => browser.runtime.connect({ name: BRIDGE_PORT }));
  return replyValue((await request(envelope(type, body))) as Reply<BackgroundReply<K>> | undefined, 'The extension did not answer.');
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
