/**
 * The page hook's side of the window channel to the bridge. Messages are posted to the
 * page's own origin and accepted only from this window, so other frames cannot speak for
 * the bridge; requests to decode or encode and their replies go as events on this window
 * (window-events.ts). The page itself could forge the bridge's messages, but only to fool its own
 * hook: nothing the hook holds is secret, and the background checks everything again.
 */
import type { BridgeSignal, EncodeOutcome, HookRequest, HookSignal } from '../../shared/messages/window';
import { BRIDGE_SOURCE, HOOK_SOURCE } from '../../shared/messages/limits';
import { BRIDGE_PRESENCE_EVENT, BRIDGE_REPLY_EVENT, dispatchFramed, HOOK_REQUEST_EVENT, listenFramed, STATUS_CHIP_ELEMENT } from '../../shared/messages/window-events';
import type { PayloadAbout, WirePayload } from '../../shared/messages/payloads';
import { packBatch, unpackOutcomes, type PayloadOutcome } from '../../shared/messages/packed';
import { createDecodedCache } from './decoded-cache';
import { askInPieces, pieceRanges } from './pieces';

/**
 * How long a first API call (one that may carry payloads; another's answer) waits for the bridge (or a namespace's
 * plan) before passing through untouched.
 */
const ANSWER_TIMEOUT_MS = 3000;
/**
 * How long it waits once the bridge has said it is starting: its background may be starting with the browser, which
 * can take seconds on a busy machine, and a page whose first answers pass through stays undecoded until reloaded.
 */
const STARTING_TIMEOUT_MS = 15_000;

export interface NamespacePlan {
  decode: boolean;
  encode: boolean;
  /** Decode for the extension's own view, but leave the page's answer as it is. */
  privateView: boolean;
  /** At most this many of an answer's payloads per decode request (pieces.ts); 0: all in one. */
  payloadsPerRequest: number;
}

export const INERT: NamespacePlan = { decode: false, encode: false, privateView: false, payloadsPerRequest: 0 };
/**
 * Nothing is decoded, and what the page sends goes through `encode`, which refuses it: for a namespace whose plan did
 * not come (no answer in time, or the background failed to give one), whose payloads the hook must not send in
 * plaintext without knowing whether they are encoded, and for one that was encoded once the extension has left.
 */
const WRITES_REFUSED: NamespacePlan = { ...INERT, encode: true };

/**
 * How often, while requests wait for the bridge, the hook asks whether it is still there: Firefox unloads a bridge
 * whose extension is switched off or updated without a word, and its requests would otherwise wait the whole wait.
 */
const PRESENCE_CHECK_MS = 1000;

/** Why a request is not sent while its namespace's plan has not come. */
export const NO_PLAN_SENTENCE = 'the extension did not say in time whether this namespace’s payloads are encoded; try again in a moment.';

/**
 * Why a request of a namespace whose payloads were, or may have been, encoded is not sent once the extension has gone
 * from under the page. Reloading is the way on whatever happened: a bridge of the extension switched on again, or
 * updated, comes to a page only when it is loaded (Chrome puts none into pages already open).
 */
export const EXTENSION_LEFT_SENTENCE = 'the extension was switched off, removed or updated after this page opened; reload the page to send it.';

export interface BridgeChannel {
  /** What the hook may do with API calls of a namespace; INERT when the extension has nothing to do here. */
  plan(namespace: string): Promise<NamespacePlan>;
  /** The plan if already known, without waiting. */
  knownPlan(namespace: string): NamespacePlan | undefined;
  /** `about` (private view) says which workflow and event each payload belongs to. */
  decode(namespace: string, payloads: WirePayload[], where: string[], timeoutMs: number, about?: PayloadAbout[]): Promise<Array<WirePayload | null> | null>;
  encode(namespace: string, payloads: WirePayload[], where: string[], timeoutMs: number): Promise<EncodeOutcome[] | null>;
}

type Posted = HookSignal extends infer M ? (M extends unknown ? Omit<M, 'source'> : never) : never;

function isBridgeSignal(data: unknown): data is BridgeSignal {
  return typeof data === 'object' && data !== null && (data as { source?: unknown }).source === BRIDGE_SOURCE;
}

export function openBridgeChannel(win: Window): BridgeChannel {
  const post = (message: Posted) => win.postMessage({ ...message, source: HOOK_SOURCE }, win.location.origin);
  const request = (fields: Omit<HookRequest, 'source' | 'batch'>, batch: readonly string[]) => dispatchFramed(win, HOOK_REQUEST_EVENT, fields, batch);
  const pending = new Map<number, (reply: { outcomes?: string[]; failed?: string }) => void>();
  const plans = new Map<string, NamespacePlan>();
  const decoded = createDecodedCache();
  let decodedGeneration = 0;
  const forgetDecoded = () => {
    decoded.clear();
    decodedGeneration++;
  };
  const asked = new Map<string, Array<(plan: NamespacePlan) => void>>();
  /** Namespaces whose plan was asked for and did not come; one that comes takes its namespace out. */
  const unanswered = new Set<string>();
  const notAnswered = (namespace: string) => {
    unanswered.add(namespace);
    settle(namespace, WRITES_REFUSED);
  };
  let nextId = 1;
  let active: boolean | undefined;
  /** The bridge that announced itself went with its extension, and no other has announced itself since. */
  let left = false;
  let markReady: (active: boolean) => void = () => {};
  let readyDeadline: ReturnType<typeof setTimeout> | undefined;
  /**
   * A bridge is on the page (it said it was starting) but could not say whether the extension works here: the
   * background did not answer it in time, or failed to. Not the same as "nothing to do here": what the page sends is
   * refused, as for a plan that did not come, until the bridge says.
   */
  let unknown = false;
  let bridgeStarting = false;
  const waitForBridge = (ms: number) => {
    clearTimeout(readyDeadline);
    readyDeadline = setTimeout(() => {
      if (active === undefined && bridgeStarting) unknown = true;
      markReady(active ?? false);
    }, ms);
  };
  let ready = new Promise<boolean>((resolve) => {
    markReady = resolve;
    // Without a bridge (extension reloaded under the page) the page works as if we were not here.
    waitForBridge(ANSWER_TIMEOUT_MS);
  });

  const settle = (namespace: string, plan: NamespacePlan) => {
    const waiting = asked.get(namespace) ?? [];
    asked.delete(namespace);
    for (const resolve of waiting) resolve(plan);
  };

  /**
   * Whether the bridge went with its extension (switched off, removed, updated under the page): asked before the page
   * is handed anything, at the cost of one event (window-events.ts). From then on the page gets its answers as they
   * come, and nothing of what it was given decoded before, until a bridge announces itself again.
   */
  const bridgeLeft = (): boolean => {
    if (active !== true) return left;
    if (!win.dispatchEvent(new CustomEvent(BRIDGE_PRESENCE_EVENT, { cancelable: true }))) return false;
    left = true;
    active = false;
    ready = Promise.resolve(false);
    forgetDecoded();
    for (const namespace of [...asked.keys()]) settle(namespace, planAfterLeaving(namespace));
    win.document.querySelector(STATUS_CHIP_ELEMENT)?.remove();
    return true;
  };
  /**
   * Requests that were encoded, or might have been, are refused, not sent in plaintext: the page was opened to encode
   * them. Only a namespace the extension said it does not encode sends as it is: one it never gave a plan for (the
   * user moved to it since), or whose plan the settings' change cleared, may be one its rule encodes.
   */
  const planAfterLeaving = (namespace: string): NamespacePlan => {
    const known = plans.get(namespace);
    return known !== undefined && !known.encode ? INERT : WRITES_REFUSED;
  };

  win.addEventListener('message', (event: MessageEvent) => {
    if (event.source !== win || !isBridgeSignal(event.data)) return;
    const message = event.data;
    switch (message.type) {
      case 'starting':
        bridgeStarting = true;
        if (active === undefined) waitForBridge(STARTING_TIMEOUT_MS);
        return;
      case 'ready':
        unknown = message.unanswered === true;
        active = unknown ? undefined : message.active === true;
        left = false;
        // It speaks for its extension as it is now, which may not be the one that answered before.
        plans.clear();
        forgetDecoded();
        markReady(active === true);
        // A bridge that announces itself late (the background was still starting with the browser) takes over the
        // page's later calls.
        ready = Promise.resolve(active === true);
        if (!active) {
          for (const namespace of [...asked.keys()]) {
            if (unknown) notAnswered(namespace);
            else settle(namespace, INERT);
          }
        }
        return;
      case 'config-changed':
        plans.clear();
        forgetDecoded();
        return;
      case 'plan': {
        if (typeof message.namespace !== 'string') return;
        if (message.unanswered === true) return notAnswered(message.namespace);
        const perRequest = message.payloadsPerRequest;
        const plan = {
          decode: message.decode === true,
          encode: message.encode === true,
          privateView: message.privateView === true,
          payloadsPerRequest: Number.isSafeInteger(perRequest) && perRequest > 0 ? perRequest : 0,
        };
        plans.set(message.namespace, plan);
        unanswered.delete(message.namespace);
        settle(message.namespace, plan);
        return;
      }
    }
  });
  listenFramed(win, BRIDGE_REPLY_EVENT, (read, outcomes) => {
    const fields = read as { type?: unknown; id?: unknown; failed?: unknown } | null;
    if ((fields?.type !== 'decoded' && fields?.type !== 'encoded') || typeof fields.id !== 'number') return;
    const resolve = pending.get(fields.id);
    pending.delete(fields.id);
    resolve?.({ ...(outcomes !== undefined ? { outcomes } : {}), ...(typeof fields.failed === 'string' ? { failed: fields.failed } : {}) });
  });
  post({ type: 'hello' });

  async function plan(namespace: string): Promise<NamespacePlan> {
    if (bridgeLeft()) return planAfterLeaving(namespace);
    const known = plans.get(namespace);
    if (known) return known;
    if (!(await ready)) {
      if (!unknown) return INERT;
      // Asked all the same, without waiting for the answer: it has the bridge ask the background again.
      post({ type: 'plan?', namespace });
      unanswered.add(namespace);
      return WRITES_REFUSED;
    }
    return new Promise((resolve) => {
      const waiting = asked.get(namespace);
      if (waiting) return void waiting.push(resolve);
      const list = [resolve];
      asked.set(namespace, list);
      // Only if this very request is still waiting: its plan may have come, and another request gone out since.
      setTimeout(() => asked.get(namespace) === list && notAnswered(namespace), ANSWER_TIMEOUT_MS);
      post({ type: 'plan?', namespace });
    });
  }

  let presenceCheck: ReturnType<typeof setInterval> | undefined;
  /** While requests wait: once the bridge is found gone, each is answered at once with why, as it would be if asked now. */
  const watchPresence = () => {
    presenceCheck ??= setInterval(() => {
      if (pending.size > 0 && !bridgeLeft()) return;
      clearInterval(presenceCheck);
      presenceCheck = undefined;
      const waiting = [...pending.values()];
      pending.clear();
      for (const resolve of waiting) resolve({ failed: EXTENSION_LEFT_SENTENCE });
    }, PRESENCE_CHECK_MS);
  };

  /** The outcome of each payload; a failure for each, with the bridge's sentence, when none came; null on no answer. */
  function ask(type: 'decode' | 'encode', namespace: string, payloads: WirePayload[], where: string[], timeoutMs: number, about?: PayloadAbout[]): Promise<PayloadOutcome[] | null> {
    // The bridge found gone while an answer's earlier pieces waited: its later pieces have nobody to go to.
    if (left) return Promise.resolve(payloads.map(() => ({ ok: false, kind: 'no-answer', sentence: EXTENSION_LEFT_SENTENCE })));
    const id = nextId++;
    const count = payloads.length;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        resolve(null);
      }, timeoutMs);
      pending.set(id, ({ outcomes, failed }) => {
        clearTimeout(timer);
        if (outcomes !== undefined) resolve(unpackOutcomes(outcomes, count));
        else resolve(failed === undefined ? null : payloads.map(() => ({ ok: false, kind: 'no-answer', sentence: failed })));
      });
      try {
        request({ type, id, namespace, count }, packBatch({ payloads, where, ...(about ? { about } : {}) }));
        watchPresence();
      } catch {
        // Something JSON cannot carry (a cycle, a BigInt): the page keeps its original.
        clearTimeout(timer);
        pending.delete(id);
        resolve(null);
      }
    });
  }

  return {
    plan,
    knownPlan: (namespace) => {
      if (bridgeLeft()) return planAfterLeaving(namespace);
      return active === false ? INERT : plans.get(namespace);
    },
    decode: async (namespace, payloads, where, timeoutMs, about) => {
      if (bridgeLeft()) return null;
      // The private view's payloads are decoded for the extension alone: the page gets nothing to keep.
      const cache = about === undefined ? decoded : undefined;
      const results = payloads.map((payload) => cache?.get(namespace, payload) ?? null);
      const missing = results.flatMap((result, i) => (result === null ? [i] : []));
      if (missing.length === 0) return results;
      // Cleared while this was under way (the settings changed): what comes back is for the page, not for keeping.
      const generation = decodedGeneration;
      const pieces = pieceRanges(
        missing.map((i) => (typeof payloads[i]!.data === 'string' ? payloads[i]!.data!.length : 0)),
        plans.get(namespace)?.payloadsPerRequest ?? 0,
      );
      // The page waits timeoutMs for the whole answer, not for each piece: a piece not asked by then is not asked.
      const deadline = Date.now() + timeoutMs;
      const answers = await askInPieces(pieces, async (start, end) => {
        const left = deadline - Date.now();
        if (left <= 0) return null;
        const asked = missing.slice(start, end);
        const outcomes = await ask('decode', namespace, asked.map((i) => payloads[i]!), asked.map((i) => where[i]!), left, about && asked.map((i) => about[i]!));
        return outcomes?.map((outcome) => (outcome.ok ? outcome.payload : null)) ?? null;
      });
      if (answers === null) return missing.length === payloads.length ? null : results;
      missing.forEach((i, k) => {
        const answer = answers[k] ?? null;
        results[i] = answer;
        if (answer && generation === decodedGeneration) cache?.set(namespace, payloads[i]!, answer);
      });
      return results;
    },
    encode: async (namespace, payloads, where, timeoutMs) => {
      if (bridgeLeft()) return payloads.map((): EncodeOutcome => ({ ok: false, sentence: EXTENSION_LEFT_SENTENCE }));
      if (unanswered.has(namespace)) return payloads.map((): EncodeOutcome => ({ ok: false, sentence: NO_PLAN_SENTENCE }));
      return (await ask('encode', namespace, payloads, where, timeoutMs))?.map((outcome): EncodeOutcome => (outcome.ok ? outcome : { ok: false, sentence: outcome.sentence })) ?? null;
    },
  };
}
