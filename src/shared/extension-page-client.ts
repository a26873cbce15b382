/** Typed requests from the extension's own pages (popup, options) to the background, and its news. */
import browser, { type Runtime } from './browser';
import { requestBackground } from './background-request';
import { isFromBackground } from './extension-self';
import type { BackgroundMessageFrom, BackgroundReply, BackgroundRequestInput } from './messages/runtime';

type PageAsks = BackgroundMessageFrom<'extension-page'>;

/** Resolves with the value, or rejects with the background's one-sentence reason. */
export function request<K extends PageAsks>(type: K, body: BackgroundRequestInput<K>): Promise<BackgroundReply<K>> {
  return requestBackground(type, body, 'The extension’s background did not answer; reload the extension and try again.');
}

/** Calls `listener` when the background says settings or a tab's tally changed; returns how to stop. */
export function onStateChanged(listener: () => void): () => void {
  const self = { id: browser.runtime.id, baseUrl: browser.runtime.getURL('') };
  const handle = (message: unknown, sender: Runtime.MessageSender) => {
    if (isFromBackground(sender, self) && (message as { type?: unknown } | null)?.type === 'state-changed') listener();
    return undefined;
  };
  browser.runtime.onMessage.addListener(handle);
  return () => browser.runtime.onMessage.removeListener(handle);
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
