/**
 * Payloads of a tab that the bridge answered for itself, left encrypted without the background having counted them:
 * the tab's share of the background was already taken (too busy), or the background never answered (it stopped under
 * the request, or its answer was lost). The bridge tells the background, which counts them in the tab's tally as it
 * counts any failure, so that the status chip, the popup and the toolbar badge say the same.
 *
 * What a page can do with it, it could already do by asking to decode payloads that fail: add failures to its own
 * tab's tally, of two kinds whose sentences the background chooses, at places the page names (cut as any place is).
 */
import * as v from 'valibot';
import type { DecodeErrorKind } from '../../core/errors';
import { MESSAGE_LIMITS } from './limits';
import { NamespaceSchema } from './payloads';

export const UNANSWERED_KINDS = ['too-busy', 'no-answer'] as const satisfies readonly DecodeErrorKind[];

export const UnansweredSchema = v.strictObject({
  namespace: NamespaceSchema,
  kind: v.picklist(UNANSWERED_KINDS),
  /** Each payload as the tab's tally tells it apart (its fingerprint), and where it sits in its answer. */
  payloads: v.pipe(
    v.array(
      v.strictObject({
        fingerprint: v.pipe(v.string(), v.maxLength(MESSAGE_LIMITS.fingerprintChars)),
        where: v.pipe(v.string(), v.maxLength(MESSAGE_LIMITS.whereChars)),
      }),
    ),
    v.maxLength(MESSAGE_LIMITS.payloads),
  ),
  /** Payloads of a batch too long for the bridge to read, counted by number alone. */
  unread: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MESSAGE_LIMITS.payloads)),
});

export type Unanswered = v.InferOutput<typeof UnansweredSchema>;
