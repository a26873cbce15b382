/**
 * Payloads of a tab that the bridge answered for itself, left encrypted without the background having counted them:
 * the tab's share of the background was already taken (too busy), or the background never answered (it stopped under
 * the request, or its answer was lost). The bridge tells the background, which counts them in the tab's tally as it
 * counts any failure, so that the status chip, the popup and the toolbar badge say the same.
 *
 * What a page can do with it is add failures to its own tab's tally, as it could by asking to decode payloads that
 * fail, but without taking its share of the background: of two kinds whose sentences the background chooses (so the
 * popup can say "the extension stopped, or its answer was lost" of a page that made that up), at places the page
 * names (cut as any place is), each payload told by a fingerprint of the tally's own form, so that what the tally
 * keeps of them is no larger than what it keeps of payloads it decoded.
 */
import * as v from 'valibot';
import { boundedList } from '../../core/bounded-list';
import type { DecodeErrorKind } from '../../core/errors';
import { MESSAGE_LIMITS } from './limits';
import { NamespaceSchema } from './payloads';

export const UNANSWERED_KINDS = ['too-busy', 'no-answer'] as const satisfies readonly DecodeErrorKind[];

/** What `fingerprintOf` (core/fingerprint.ts) writes: a length and a 32-bit hash, in base 36. */
const FINGERPRINT = /^[0-9a-z]{1,11}\.[0-9a-z]{1,7}$/;

export const UnansweredSchema = v.pipe(
  v.strictObject({
    namespace: NamespaceSchema,
    kind: v.picklist(UNANSWERED_KINDS),
    /** Each payload as the tab's tally tells it apart (its fingerprint), and where it sits in its answer. */
    payloads: boundedList(
      v.strictObject({
        fingerprint: v.pipe(v.string(), v.regex(FINGERPRINT)),
        where: v.pipe(v.string(), v.maxLength(MESSAGE_LIMITS.whereChars)),
      }),
      MESSAGE_LIMITS.payloads,
      'More payloads than one batch holds.',
    ),
    /** Payloads of a batch too long for the bridge to read, counted by number alone. */
    unread: v.pipe(v.number(), v.integer(), v.minValue(0)),
  }),
  // No more than one batch holds.
  v.check(({ payloads, unread }) => payloads.length + unread <= MESSAGE_LIMITS.payloads, 'More payloads than one batch holds.'),
);

export type Unanswered = v.InferOutput<typeof UnansweredSchema>;
