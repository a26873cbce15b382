/**
 * What the bridge in a Web UI tab may ask of the background. The page chooses nothing but
 * the namespace and the payloads (and, of payloads it kept encrypted without the background,
 * how to count them: unanswered.ts): the address comes from the browser-stamped sender, the
 * rule from that address's rules in the settings, the codec and credentials from the rule.
 * A page on an address with no rule bound to it learns nothing and gets nothing done.
 */
import { decodeError, errorForPage, explainError, type DecodeError, type DecodeResult } from '../core/errors';
import type { Payload } from '../core/payload';
import { ruleFor, rulesOn } from '../core/settings/rule-choice';
import type { Rule } from '../core/settings/schema';
import { fingerprintOf } from '../core/fingerprint';
import { failureOf, type PayloadFailure } from '../core/tab-tally';
import type { BackgroundReply, BackgroundRequest } from '../shared/messages/runtime';
import { outcomePieces, type PayloadOutcome } from '../shared/messages/packed';
import { REPLY_PART_CHARS } from '../shared/messages/port';
import { batchChars } from '../shared/messages/payloads';
import { TAB_WORK_LIMIT_CHARS, fitsInShare, requestShareChars } from '../shared/messages/limits';
import { withinAnswerBudget } from './decoding/answer-budget';
import type { CodecWork } from './decoding/codec-work';
import { countedAs } from '../shared/messages/over-limits';
import { PackedText } from './packed-text';
import { fitsInReply } from './reply-frames';
import type { PrivateEntry, PrivateView } from './private-view';
import type { SettingsStore } from './storage/settings-store';
import type { TabPages } from './tab-pages';
import type { TabStatus } from './tab-status';

export interface BridgeCaller {
  origin: string;
  tabId: number;
}

/**
 * Every tab together may have twice a tab's share (TAB_WORK_LIMIT_CHARS) under way: a page that opens many tabs cannot
 * multiply what the background holds, and one tab cannot take more than half of it, so a hostile tab leaves the
 * others room.
 */
export const ALL_TABS_WORK_LIMIT_CHARS = 2 * TAB_WORK_LIMIT_CHARS;

/**
 * A local key's answers go in pieces of this many payloads, a few under way at once (src/content/hook/pieces.ts):
 * while the background decrypts one, the tab and the relay are carrying the next (a 1,000-payload answer came back
 * about 30 % sooner than in one request). A codec server's go whole: the client packs an answer into the fewest
 * request bodies only when it has every payload of it.
 */
export const LOCAL_PAYLOADS_PER_REQUEST = 250;

interface Deps {
  settings: SettingsStore;
  work: CodecWork;
  status: TabStatus;
  privateView: PrivateView;
  pages: TabPages;
  /** The length of a reply's parts (reply-frames.ts); tests give a short one. */
  replyPartChars?: number;
}

type Batch = BackgroundRequest<'decode'>;

/**
 * The outcomes as the bridge reads them (BackgroundReply<'decode'>), packed, but left in pieces for the port or relay
 * to write out (reply-frames.ts).
 */
const packed = (outcomes: readonly PayloadOutcome[]) => new PackedText(outcomePieces(outcomes));

/** What the panel is shown of one decode call: every payload's plaintext, or why not in the background's full words. */
function privateEntries(request: Batch, results: DecodeResult[]): PrivateEntry[] {
  return results.map((result, index) => ({
    namespace: request.namespace,
    where: request.where[index] ?? '',
    about: request.about?.[index] ?? {},
    result: result.ok ? { ok: true, payload: { ...(result.payload.metadata ? { metadata: result.payload.metadata } : {}), ...(result.payload.data !== undefined ? { data: result.payload.data } : {}) } } : { ok: false, sentence: explainError(result.error) },
  }));
}

export function createTabHandlers({ settings, work, status, privateView, pages, replyPartChars = REPLY_PART_CHARS }: Deps) {
  const inFlight = new Map<number, number>();
  let allInFlight = 0;

  async function ruleOf(caller: BridgeCaller, namespace: string): Promise<Rule | undefined> {
    const rule = ruleFor((await settings.current()).settings, caller.origin, namespace);
    return rule?.enabled ? rule : undefined;
  }

  /**
   * Runs one call's codec work within the tab's share, or refuses it when the tab already has too much under way; the
   * page waits for it within the answer's budget. The share is held until the work itself ends, not only the page's
   * wait: codec requests still queued or retried after the budget hold the payloads too.
   */
  async function bounded(caller: BridgeCaller, request: Batch, startedAt: number, run: () => Promise<DecodeResult[]>): Promise<DecodeResult[]> {
    const { payloads } = request;
    const chars = requestShareChars(batchChars(request));
    const busy = inFlight.get(caller.tabId) ?? 0;
    if (!fitsInShare(busy, chars, TAB_WORK_LIMIT_CHARS) || !fitsInShare(allInFlight, chars, ALL_TABS_WORK_LIMIT_CHARS)) return payloads.map(() => ({ ok: false, error: { kind: 'too-busy' } }));
    inFlight.set(caller.tabId, busy + chars);
    allInFlight += chars;
    const release = () => {
      allInFlight -= chars;
      const left = (inFlight.get(caller.tabId) ?? chars) - chars;
      if (left > 0) inFlight.set(caller.tabId, left);
      else inFlight.delete(caller.tabId);
    };
    const work = Promise.resolve().then(run);
    work.then(release, release);
    return withinAnswerBudget(payloads.length, work, startedAt);
  }

  /**
   * The tab's tally, counted once the page's reply is settled, unless the tab has moved on from the page that asked
   * (`page`, as it was then): the new page's chip counts nothing of the page before. The popup, an extension page,
   * reads the codec server's own words here.
   */
  function tally(caller: BridgeCaller, page: number, request: Batch, results: readonly DecodeResult[], countDecoded: boolean): void {
    if (pages.current(caller.tabId) !== page) return;
    const failures: PayloadFailure[] = [];
    const decoded: string[] = [];
    results.forEach((result, index) => {
      if (result.ok && !countDecoded) return;
      const fingerprint = fingerprintOf(countedAs(request.payloads[index] ?? {}, request.where[index], index));
      if (result.ok) decoded.push(fingerprint);
      else failures.push(failureOf(fingerprint, request.namespace, request.where[index] ?? '', result.error));
    });
    void status.note(caller.tabId, request.namespace, decoded, failures);
  }

  /**
   * The reply for the page, tallied as the page gets it. The page is not given a codec server's own words. A decoding
   * longer than the bridge takes (reply-frames.ts) would reach the page as one failure for the whole request, while
   * the tally counted its payloads decoded: each payload is then a failure saying so, in the reply and the tally.
   */
  function reply(caller: BridgeCaller, page: number, request: Batch, results: readonly DecodeResult[], countDecoded: boolean): PackedText {
    const answer = packed(
      results.map((result): PayloadOutcome => (result.ok ? { ok: true, payload: result.payload } : { ok: false, kind: result.error.kind, sentence: explainError(errorForPage(result.error)) })),
    );
    // Decoding only (an encoding too long is not sent, with REPLY_TOO_LARGE's sentence), and once: a reply of failures
    // alone that is still too long goes as REPLY_TOO_LARGE.
    if (countDecoded && results.some((result) => result.ok) && !fitsInReply(answer.length, replyPartChars)) return reply(caller, page, request, results.map((result) => (result.ok ? decodeError('reply-too-large') : result)), countDecoded);
    tally(caller, page, request, results, countDecoded);
    return answer;
  }

  const refuseAll = (payloads: Payload[], error: DecodeError): DecodeResult[] => payloads.map(() => ({ ok: false, error }));

  /** A decode for the page that asked (`page`, as it was then). */
  async function decodeFor(request: Batch, caller: BridgeCaller, page: number): Promise<PackedText> {
    const startedAt = Date.now();
    const rule = await ruleOf(caller, request.namespace);
    if (!rule) return reply(caller, page, request, refuseAll(request.payloads, { kind: 'no-rule', detail: request.namespace }), true);
    const results = await bounded(caller, request, startedAt, () => work.decode(rule, request.namespace, JSON.stringify([caller.origin, request.namespace]), request.payloads));
    // The tab moved on meanwhile: the page that asked is gone, and the new one hears nothing of its payloads.
    if (pages.current(caller.tabId) !== page) return packed([]);
    // The page gets what the rule that applies now says: while decoding, the user may have switched it off, made it
    // private, narrowed it or unbound it from this address.
    const now = await ruleOf(caller, request.namespace);
    if (now?.id !== rule.id) return reply(caller, page, request, refuseAll(request.payloads, { kind: 'rule-changed' }), true);
    if (!now.privateView) return reply(caller, page, request, results, true);
    // The user chose to see this namespace's plaintext only inside the extension: the page keeps its original.
    tally(caller, page, request, results, true);
    privateView.add(caller.tabId, caller.origin, privateEntries(request, results));
    return packed([]);
  }

  return {
    async 'tab-config'(request: BackgroundRequest<'tab-config'>, caller: BridgeCaller): Promise<BackgroundReply<'tab-config'>> {
      if (request.initial) {
        pages.started(caller.tabId);
        void status.reset(caller.tabId);
        privateView.startOver(caller.tabId);
      }
      const { settings: current } = await settings.current();
      // Rules that are all switched off here decode nothing: the page is left alone as where there are none.
      const active = rulesOn(current, caller.origin).length > 0;
      return { active, statusChip: current.preferences.statusChip };
    },

    async 'namespace-plan'(request: BackgroundRequest<'namespace-plan'>, caller: BridgeCaller): Promise<BackgroundReply<'namespace-plan'>> {
      const rule = await ruleOf(caller, request.namespace);
      void status.noteNamespace(caller.tabId, request.namespace);
      if (rule) work.prepare(rule, request.namespace);
      return {
        decode: Boolean(rule),
        privateView: rule?.privateView ?? false,
        encode: Boolean(rule?.encodeRequests),
        payloadsPerRequest: rule?.mode === 'local' ? LOCAL_PAYLOADS_PER_REQUEST : 0,
      };
    },

    async decode(request: Batch, caller: BridgeCaller): Promise<PackedText> {
      const page = pages.current(caller.tabId);
      try {
        return await decodeFor(request, caller, page);
      } catch (error) {
        // Settings that could not be read, or a fault of the extension's own: each payload fails with a sentence that
        // says so, counted in the tab's tally, rather than the whole request with the router's.
        console.error('Payload Lens: decoding failed', error);
        return reply(caller, page, request, refuseAll(request.payloads, { kind: 'extension-failed' }), true);
      }
    },

    /**
     * Payloads the tab's bridge answered for itself (unanswered.ts), counted as any failure of this page is, each once.
     * One the background counted before its answer was lost counts as failed too: the page did not get it decoded.
     */
    async unanswered(request: BackgroundRequest<'unanswered'>, caller: BridgeCaller): Promise<BackgroundReply<'unanswered'>> {
      const error = { kind: request.kind };
      await status.note(caller.tabId, request.namespace, [], request.payloads.map(({ fingerprint, where }) => failureOf(fingerprint, request.namespace, where, error)));
      await status.noteUntold(caller.tabId, request.namespace, request.unread, error);
      return null;
    },

    async encode(request: Batch, caller: BridgeCaller): Promise<PackedText> {
      const page = pages.current(caller.tabId);
      const startedAt = Date.now();
      const rule = await ruleOf(caller, request.namespace);
      if (!rule?.encodeRequests) return reply(caller, page, request, refuseAll(request.payloads, { kind: 'no-rule', detail: request.namespace }), false);
      const results = await bounded(caller, request, startedAt, () => work.encode(rule, request.namespace, request.payloads));
      // As for decoding: the page that would send this is gone, and the new page's chip does not count its failures.
      // The rule is not looked up again: what it encoded is still encoded, whatever the rule says now.
      if (pages.current(caller.tabId) !== page) return packed([]);
      return reply(caller, page, request, results, false);
    },
  };
}

export type TabHandlers = ReturnType<typeof createTabHandlers>;
