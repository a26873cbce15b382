/**
 * The background's one message listener. It tells the sender apart by what the browser
 * stamps on the message, looks the message up in the catalogue, refuses it unless the
 * catalogue says that kind of sender may send it, validates it, and only then acts.
 * Everything else fails closed.
 */
import * as v from 'valibot';
import type { Runtime } from 'webextension-polyfill';
import type { Reply } from '../shared/messages/define';
import { BACKGROUND_MESSAGES, type BackgroundMessageName } from '../shared/messages/runtime';
import { InputError } from './input-error';
import { classifySender, type Caller, type Self } from './sender';

type Handler = (request: never, caller: never) => Promise<unknown> | unknown;
export type Handlers = Record<BackgroundMessageName, Handler>;

function failure(error: unknown): Reply<never> {
  if (error instanceof InputError) return { ok: false, error: error.message };
  console.error('Payload Lens: request failed', error);
  return { ok: false, error: 'Something went wrong in the extension; the details are in its background console.' };
}

const refused = (error: string): Reply<never> => ({ ok: false, error });

export function createRouter(self: Self, handlers: Handlers) {
  return async function route(message: unknown, sender: Runtime.MessageSender): Promise<Reply<unknown>> {
    const caller: Caller | undefined = classifySender(sender, self);
    if (!caller) return refused('Unknown sender.');
    const type = (message as { type?: unknown } | null)?.type;
    if (typeof type !== 'string' || !Object.hasOwn(BACKGROUND_MESSAGES, type)) return refused('Unknown request.');
    const spec = BACKGROUND_MESSAGES[type as BackgroundMessageName];
    if (spec.from !== caller.kind) return refused('This sender may not make that request.');
    const parsed = v.safeParse(spec.request, (message as { body?: unknown }).body);
    if (!parsed.success) return refused(caller.kind === 'bridge' ? 'The page sent a request the background does not accept.' : 'The extension page sent a request the background does not understand.');
    try {
      const handler = handlers[type as BackgroundMessageName];
      const value = await handler(parsed.output as never, (caller.kind === 'bridge' ? { origin: caller.origin, tabId: caller.tabId } : caller) as never);
      return { ok: true, value };
    } catch (error) {
      return failure(error);
    }
  };
}
