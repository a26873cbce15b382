/**
 * A browser tab the benchmark drives through its own DevTools session (devtools-pipe.ts): navigation, evaluation in
 * the page's world, and the sessions of frames Chromium runs in other processes. Only the Page, Runtime, Emulation
 * and Target domains are used: no Network domain, whose copies of every request and answer would slow the page.
 */
import type { DevToolsPipe, DevToolsSession } from './devtools-pipe';

/** The size of the tab's window, as the benchmark always had it: the big history view shows this many rows at once. */
export const VIEWPORT = { width: 1200, height: 900 };

interface Evaluated {
  result?: { value?: unknown };
  exceptionDetails?: { text?: string; exception?: { description?: string } };
}

export interface BenchTab {
  /** For a session of its own on the tab (CPU profiles). */
  targetId: string;
  /** Opens `url` and waits for its load event. */
  goto(url: string): Promise<void>;
  /** The value of `expression` in the page's world, a promise awaited; throws what the page threw. */
  evaluate<T = unknown>(expression: string): Promise<T>;
  /** Waits until `expression` is true in the page, looking every `pollMs`; throws after `timeoutMs`. */
  waitFor(expression: string, options: { timeoutMs: number; pollMs: number }): Promise<void>;
  bringToFront(): Promise<void>;
  /**
   * The session of the tab's frame now at `url` if Chromium runs it in another process; undefined if not, or if the
   * tab was opened without `withFrames`.
   */
  outOfProcessFrame(url: string): Promise<DevToolsSession | undefined>;
  close(): Promise<void>;
}

/** The value of `expression` on `session`, or what it threw. */
export async function evaluateOn<T>(session: DevToolsSession, expression: string): Promise<T> {
  const evaluated = await session.send<Evaluated>('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
  if (evaluated.exceptionDetails) {
    const { text, exception } = evaluated.exceptionDetails;
    throw new Error(`The page threw: ${exception?.description ?? text ?? 'an exception'}`);
  }
  return evaluated.result?.value as T;
}

/**
 * What Chromium answers an evaluation whose document went before it was answered, or that came between two documents:
 * the context destroyed, not yet there, or the target navigated.
 */
const NAVIGATION_ERRORS = ['Execution context was destroyed', 'Cannot find default execution context', 'Inspected target navigated or closed'];
const isNavigationError = (error: unknown) => error instanceof Error && NAVIGATION_ERRORS.some((text) => error.message.includes(text));

/**
 * A new tab, blank, at the benchmark's viewport. `withFrames`: attach to the frames Chromium runs in other processes,
 * to evaluate in them. Not for the Web UI tab, where that would attach to the extension's relay frame.
 */
export async function openTab(pipe: DevToolsPipe, { withFrames = false } = {}): Promise<BenchTab> {
  const { targetId } = await pipe.browser.send<{ targetId: string }>('Target.createTarget', { url: 'about:blank' });
  const session = await pipe.attach(targetId);
  // Frames in other processes come as targets of their own, attached as they start, before they have an address, and
  // detached as they go (a navigation away, a frame removed).
  const frames = new Map<string, DevToolsSession>();
  if (withFrames) {
    session.on('Target.attachedToTarget', (params) => {
      const { sessionId, targetInfo } = params as { sessionId: string; targetInfo: { type: string } };
      if (targetInfo.type === 'iframe') frames.set(sessionId, pipe.sessionOf(sessionId));
    });
    session.on('Target.detachedFromTarget', (params) => frames.delete(String(params['sessionId'])));
    await session.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: true });
  }
  await session.send('Page.enable');
  await session.send('Page.setLifecycleEventsEnabled', { enabled: true });
  await session.send('Emulation.setDeviceMetricsOverride', { ...VIEWPORT, deviceScaleFactor: 1, mobile: false });
  const evaluate = <T>(expression: string) => evaluateOn<T>(session, expression);
  return {
    targetId,
    async goto(url) {
      // The load of this navigation, not a late one of the document before: told apart by the loader. Loads are
      // kept from before the command, since one can come before its answer.
      const loads = new Set<string>();
      const off = session.on('Page.lifecycleEvent', (params) => {
        if (params['name'] === 'load') loads.add(String(params['loaderId']));
      });
      try {
        const { loaderId, errorText } = await session.send<{ loaderId?: string; errorText?: string }>('Page.navigate', { url });
        if (errorText) throw new Error(`Chromium could not open ${url}: ${errorText}`);
        // No loader: the same document, only its fragment changed; nothing loads.
        if (loaderId === undefined || loads.has(loaderId)) return;
        await session.next('Page.lifecycleEvent', (params) => params['name'] === 'load' && params['loaderId'] === loaderId);
      } finally {
        off();
      }
    },
    evaluate,
    async waitFor(expression, { timeoutMs, pollMs }) {
      const deadline = Date.now() + timeoutMs;
      // A document that goes while it is asked (the page navigating) is no answer: the next one is asked.
      const holds = () => evaluate<boolean>(`Boolean(${expression})`).catch((error: unknown) => (isNavigationError(error) ? false : Promise.reject(error)));
      while (!(await holds())) {
        if (Date.now() > deadline) throw new Error(`Waited ${timeoutMs} ms for ${expression}`);
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    },
    bringToFront: () => session.send('Page.bringToFront').then(() => undefined),
    async outOfProcessFrame(url) {
      for (const frame of frames.values()) if ((await evaluateOn<string>(frame, 'location.href').catch(() => '')) === url) return frame;
      return undefined;
    },
    close: () => pipe.browser.send('Target.closeTarget', { targetId }).then(() => undefined),
  };
}
