/**
 * A DevTools protocol session on a target Playwright does not hand out (the extension's service worker), relayed
 * through a browser-level session with `Target.sendMessageToTarget`, the unflattened form Playwright's CDPSession
 * can carry.
 */
import type { CDPSession } from 'playwright-core';

export interface TargetSession {
  send<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>;
  detach(): Promise<void>;
}

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

interface Reply {
  id?: number;
  result?: unknown;
  error?: { message: string };
}

export async function attachToTarget(browserSession: CDPSession, match: (target: TargetInfo) => boolean): Promise<TargetSession> {
  const { targetInfos } = (await browserSession.send('Target.getTargets')) as { targetInfos: TargetInfo[] };
  const target = targetInfos.find(match);
  if (!target) throw new Error(`No such DevTools target among: ${targetInfos.map((t) => `${t.type} ${t.url}`).join(', ')}`);
  const { sessionId } = (await browserSession.send('Target.attachToTarget', { targetId: target.targetId, flatten: false })) as { sessionId: string };
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  const onMessage = (event: { sessionId: string; message: string }) => {
    if (event.sessionId !== sessionId) return;
    const reply = JSON.parse(event.message) as Reply;
    const pending = reply.id === undefined ? undefined : waiting.get(reply.id);
    if (!pending) return;
    waiting.delete(reply.id!);
    if (reply.error) pending.reject(new Error(reply.error.message));
    else pending.resolve(reply.result);
  };
  browserSession.on('Target.receivedMessageFromTarget', onMessage);
  return {
    send<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
        browserSession.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
      });
    },
    async detach() {
      browserSession.off('Target.receivedMessageFromTarget', onMessage);
      await browserSession.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
    },
  };
}
