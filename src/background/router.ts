/**
 * The background's one message listener. It sorts senders by what the browser stamps
 * on them (the extension's own pages, or a content script in a tab), validates the
 * request for that kind of sender, and fails closed on anything else.
 */
import * as v from 'valibot';
import browser, { type Runtime } from '../shared/browser';
import { ContentRequestSchema, PageRequestSchema, type Reply } from '../shared/messages';
import { contentHandlers, type ContentSender } from './content-handlers';
import { pageHandlers } from './extension-page-handlers';
import { InputError } from './input-error';

type Caller = { kind: 'extension-page' } | { kind: 'content'; sender: ContentSender } | { kind: 'unknown' };

function classify(sender: Runtime.MessageSender): Caller {
  if (sender.id !== browser.runtime.id || !sender.url) return { kind: 'unknown' };
  const extensionBase = browser.runtime.getURL('');
  // An options page opened in a tab has a tab too: the URL, not the tab, says who it is.
  if (sender.url.startsWith(extensionBase)) return { kind: 'extension-page' };
  const tabId = sender.tab?.id;
  if (tabId === undefined || sender.frameId !== 0) return { kind: 'unknown' };
  let origin: string;
  try {
    // The browser's own record of the frame's origin where it gives one (Chrome), else the URL's.
    origin = (sender as { origin?: string }).origin ?? new URL(sender.url).origin;
  } catch {
    return { kind: 'unknown' };
  }
  return { kind: 'content', sender: { origin, tabId } };
}

function failure(error: unknown): Reply<never> {
  if (error instanceof InputError) return { ok: false, error: error.message };
  console.error('Payload Lens: request failed', error);
  return { ok: false, error: 'Something went wrong in the extension; the details are in its background console.' };
}

type AnyHandler = (request: never, sender: never) => Promise<unknown>;

export async function route(message: unknown, sender: Runtime.MessageSender): Promise<Reply<unknown>> {
  const caller = classify(sender);
  try {
    if (caller.kind === 'extension-page') {
      const parsed = v.safeParse(PageRequestSchema, message);
      if (!parsed.success) return { ok: false, error: 'The extension page sent a request the background does not understand.' };
      const handler = pageHandlers[parsed.output.type] as AnyHandler;
      return { ok: true, value: await handler(parsed.output as never, undefined as never) };
    }
    if (caller.kind === 'content') {
      const parsed = v.safeParse(ContentRequestSchema, message);
      if (!parsed.success) return { ok: false, error: 'The page sent a request the background does not accept.' };
      const handler = contentHandlers[parsed.output.type] as AnyHandler;
      return { ok: true, value: await handler(parsed.output as never, caller.sender as never) };
    }
    return { ok: false, error: 'Unknown sender.' };
  } catch (error) {
    return failure(error);
  }
}
