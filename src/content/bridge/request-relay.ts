/**
 * A decode or encode the page hook asked for, relayed to the background and its packed outcomes back, unread: the
 * hook and the background read them. Within the tab's share (relay-share.ts): past it, the page is answered at once,
 * as the background would answer it. A decode the bridge answered for itself, past the share or not answered at all,
 * is reported to the background, whose tally did not count it (unanswered.ts); an encode's refusal is the answer to
 * the page's request, which says why.
 */
import { explainError, NO_ANSWER_SENTENCE } from '../../core/errors';
import { charsOf } from '../../shared/messages/packed';
import type { Unanswered } from '../../shared/messages/unanswered';
import type { BridgeReply } from '../../shared/messages/window';
import type { RelayShare } from './relay-share';

/** How long a decode may take before the chip says it is under way. */
export const SHOW_PROGRESS_AFTER_MS = 400;

const TOO_BUSY = explainError({ kind: 'too-busy' });

export interface RelayedRequest {
  type: 'decode' | 'encode';
  id: number;
  namespace: string;
  /** Payloads in the batch, as the hook counted them. */
  count: number;
  /** The packed batch (packed.ts). */
  batch: string[];
}

export interface RequestRelayDeps {
  share: RelayShare;
  /** Asks the background; resolves with its packed outcomes, rejects with its one sentence or NO_ANSWER_SENTENCE. */
  ask(type: 'decode' | 'encode', body: { namespace: string; batch: string[] }): Promise<string[]>;
  /** Answers the page hook. */
  reply(reply: BridgeReply, outcomes?: readonly string[]): void;
  /** Tells the background of payloads the bridge answered for itself. */
  report(namespace: string, batch: readonly string[], count: number, kind: Unanswered['kind']): void;
  /** Payloads the chip shows as under way: added when a decode outlasts SHOW_PROGRESS_AFTER_MS, taken off once answered. */
  underWay(change: number): void;
}

export function createRequestRelay({ share, ask, reply, report, underWay }: RequestRelayDeps): (request: RelayedRequest) => void {
  return ({ type, id, namespace, count, batch }) => {
    const answered = type === 'decode' ? 'decoded' : 'encoded';
    const failHere = (sentence: string, kind: Unanswered['kind'] | undefined) => {
      reply({ type: answered, id, failed: sentence });
      if (type === 'decode' && kind) report(namespace, batch, count, kind);
    };
    const giveBack = share.take(charsOf(batch));
    if (giveBack === undefined) return failHere(TOO_BUSY, 'too-busy');
    // Only a wait the user could notice is shown: local decoding is usually done before this fires.
    let shown = false;
    const progress =
      type === 'decode'
        ? setTimeout(() => {
            shown = true;
            underWay(count);
          }, SHOW_PROGRESS_AFTER_MS)
        : undefined;
    void ask(type, { namespace, batch })
      .then((outcomes) => ({ outcomes }))
      .catch((error: unknown) => ({ failed: error instanceof Error ? error.message : NO_ANSWER_SENTENCE }))
      .then((answer) => {
        giveBack();
        clearTimeout(progress);
        if (shown) underWay(-count);
        if ('outcomes' in answer) return reply({ type: answered, id }, answer.outcomes);
        // Reported only when not answered at all. Any other sentence is the background's own answer, a refusal (of a
        // request it does not accept, or from a sender it does not know: a report would be refused alike) or a failure
        // of its own, which its console tells; the page's request is answered with it.
        failHere(answer.failed, answer.failed === NO_ANSWER_SENTENCE ? 'no-answer' : undefined);
      });
  };
}
