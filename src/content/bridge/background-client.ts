/** Typed requests from the bridge to the background. */
import browser from '../../shared/browser';
import type { ContentReplies, ContentRequest, Reply } from '../../shared/messages';

export async function ask<T extends ContentRequest>(request: T): Promise<ContentReplies[T['type']]> {
  const reply = (await browser.runtime.sendMessage(request)) as Reply<ContentReplies[T['type']]> | undefined;
  if (!reply) throw new Error('The extension did not answer.');
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}
