/** Typed requests from the popup and options page to the background. */
import browser from './browser';
import type { PageReplies, PageRequest, Reply } from './messages';

/** Resolves with the value, or rejects with the background's one-sentence reason. */
export async function request<T extends PageRequest>(message: T): Promise<PageReplies[T['type']]> {
  const reply = (await browser.runtime.sendMessage(message)) as Reply<PageReplies[T['type']]> | undefined;
  if (!reply) throw new Error('The extension’s background did not answer; reload the extension and try again.');
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
