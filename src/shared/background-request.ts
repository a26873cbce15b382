/** One request to the background, answered with its value or rejected with the background's one sentence. */
import browser from './browser';
import type { Reply } from './messages/define';
import { envelope, type BackgroundMessageName, type BackgroundReply, type BackgroundRequestInput } from './messages/runtime';

export async function requestBackground<K extends BackgroundMessageName>(type: K, body: BackgroundRequestInput<K>, silence: string): Promise<BackgroundReply<K>> {
  return replyValue((await browser.runtime.sendMessage(envelope(type, body))) as Reply<BackgroundReply<K>> | undefined, silence);
}

/** The value of the background's reply; `silence` when it gave none. */
export function replyValue<T>(reply: Reply<T> | undefined, silence: string): T {
  if (!reply) throw new Error(silence);
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}
