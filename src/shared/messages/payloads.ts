/**
 * A payload as it travels from the page hook to the background: only `metadata`, `data`
 * and `externalPayloads`, flat and bounded, whatever else the API answer put beside them.
 */
import * as v from 'valibot';
import { boundedList } from '../../core/bounded-list';
import { jsonStructure } from '../../core/json-structure';
import { textRecord } from '../../core/own-record';
import { payloadTextChars } from '../../core/payload';
import { MESSAGE_LIMITS, PACKED_DEPTH_MAX, PACKED_STRUCTURE_MAX, PACKED_TEXTS_MAX } from './limits';
import { charsOf, unpackBatch } from './packed';

export const NamespaceSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(MESSAGE_LIMITS.namespaceChars));

export const PayloadSchema = v.pipe(
  v.strictObject({
    /** A stand-in (over-limits.ts) for a payload beyond what a message carries of one: it holds its fingerprint alone. */
    overLimits: v.optional(v.literal(true)),
    fingerprint: v.optional(v.pipe(v.string(), v.maxLength(MESSAGE_LIMITS.fingerprintChars))),
    metadata: v.optional(
      v.pipe(
        textRecord('Metadata maps names to text.'),
        v.check((metadata) => Object.keys(metadata).length <= MESSAGE_LIMITS.metadataEntries, 'Too many metadata entries.'),
        v.check((metadata) => Object.keys(metadata).every((name) => name.length <= MESSAGE_LIMITS.metadataNameChars), 'A metadata name is too long.'),
      ),
    ),
    data: v.optional(v.string()),
    externalPayloads: v.optional(
      // A size is a 64-bit integer, written as a number or as its decimal digits (proto JSON).
      v.pipe(
        v.array(v.strictObject({ sizeBytes: v.optional(v.union([v.pipe(v.string(), v.maxLength(MESSAGE_LIMITS.sizeBytesChars)), v.number()])) })),
        v.maxLength(MESSAGE_LIMITS.externalPayloads),
      ),
    ),
  }),
  v.check((payload) => (payload.overLimits ? Object.keys(payload).every((key) => key === 'overLimits' || key === 'fingerprint') : payload.fingerprint === undefined), 'A stand-in for a payload holds its fingerprint alone, and only a stand-in has one.'),
);

export type WireBatchPayload = v.InferOutput<typeof PayloadSchema>;


/**
 * Characters of what the payloads carry, as the background holds them: their data, their metadata and the sizes of
 * their external references; a page can fill any of them. What the message caps.
 */
export function payloadChars(payloads: ReadonlyArray<WireBatchPayload>): number {
  let chars = 0;
  for (const payload of payloads) {
    chars += payloadTextChars(payload);
    for (const external of payload.externalPayloads ?? []) chars += String(external.sizeBytes ?? '').length;
  }
  return chars;
}

/**
 * Characters a batch holds in the background while its work is under way: its payloads' (payloadChars), and where each
 * sits and what it is about, which a page fills as freely. What a tab's share counts.
 */
export function batchChars(batch: { payloads: ReadonlyArray<WireBatchPayload>; where: readonly string[]; about?: ReadonlyArray<PayloadAbout> | undefined }): number {
  let chars = payloadChars(batch.payloads);
  for (const place of batch.where) chars += place.length;
  for (const about of batch.about ?? []) chars += aboutChars(about);
  return chars;
}

/** Characters of what a payload is about (its workflow, run and event ids). */
export const aboutChars = (about: PayloadAbout): number => (about.workflowId?.length ?? 0) + (about.runId?.length ?? 0) + (about.eventId?.length ?? 0);

const aboutText = v.optional(v.pipe(v.string(), v.maxLength(MESSAGE_LIMITS.aboutChars)));

/**
 * Private view: the workflow run and history event a payload belongs to, as the page hook read
 * them beside it, so that the extension's panel can show the workflow the way the user meets it.
 */
export const PayloadAboutSchema = v.strictObject({ workflowId: aboutText, runId: aboutText, eventId: aboutText });

/**
 * One API answer's (or request's) payloads, with where each sits (for status messages),
 * plus whatever fields the carrying message adds.
 */
export function payloadBatchSchema<E extends v.ObjectEntries>(extra: E) {
  return v.pipe(
    v.strictObject({
      ...extra,
      namespace: NamespaceSchema,
      payloads: v.pipe(v.array(PayloadSchema), v.maxLength(MESSAGE_LIMITS.payloads)),
      where: v.pipe(v.array(v.pipe(v.string(), v.maxLength(MESSAGE_LIMITS.whereChars))), v.maxLength(MESSAGE_LIMITS.payloads)),
      about: v.optional(v.pipe(v.array(PayloadAboutSchema), v.maxLength(MESSAGE_LIMITS.payloads))),
    }),
    // The extra entries make the output type generic; the checks read only the batch's own fields.
    v.check((batch) => sameLength(batch as unknown as Batch), 'One place per payload.'),
    v.check((batch) => payloadChars((batch as unknown as Batch).payloads) <= MESSAGE_LIMITS.chars, 'The payloads are too large for one message.'),
  );
}

interface Batch {
  payloads: Array<v.InferOutput<typeof PayloadSchema>>;
  where: string[];
  about?: unknown[];
}

const sameLength = (batch: Batch) => batch.where.length === batch.payloads.length && (batch.about === undefined || batch.about.length === batch.payloads.length);

export const PayloadBatchSchema = payloadBatchSchema({});

/**
 * A batch's packed texts (packed.ts) by their shape alone, as the bridge relays them unread: no more texts, and no
 * more characters in all, than a batch within MESSAGE_LIMITS is packed into.
 */
export const PackedTextsSchema = v.pipe(
  boundedList(v.string(), PACKED_TEXTS_MAX, 'The batch is in more texts than any batch is packed into.'),
  v.minLength(1, 'The batch is in no text.'),
  v.check((texts) => charsOf(texts) <= MESSAGE_LIMITS.packedChars, 'The batch is too large for one message.'),
);

/**
 * A batch from a Web UI tab, packed into JSON texts (packed.ts) on its way here, each a batch of some of its payloads
 * in a row, and checked exactly as PayloadBatchSchema checks an unpacked one once parsed and put together. Its output
 * is the unpacked batch.
 */
export const PackedBatchSchema = v.pipe(
  v.strictObject({ namespace: NamespaceSchema, batch: PackedTextsSchema }),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const refuse = (message: string) => {
      addIssue({ message });
      return NEVER;
    };
    // Before parsing any: the bridge relays the batch unread, and a compromised renderer skips the bridge anyway.
    let structureLeft = PACKED_STRUCTURE_MAX;
    for (const text of dataset.value.batch) {
      const structure = jsonStructure(text, structureLeft, PACKED_DEPTH_MAX);
      if (structure > structureLeft) return refuse('The batch holds more structure than any batch of payloads.');
      structureLeft -= structure;
    }
    const batch = unpackBatch(dataset.value.batch, MESSAGE_LIMITS.payloads);
    if ('refused' in batch) return refuse(batch.refused);
    const checked = v.safeParse(PayloadBatchSchema, { ...batch, namespace: dataset.value.namespace }, { abortEarly: true });
    if (checked.success) return checked.output;
    return refuse(checked.issues[0].message);
  }),
);

export type WirePayload = v.InferOutput<typeof PayloadSchema>;
export type PayloadAbout = v.InferOutput<typeof PayloadAboutSchema>;
export type PayloadBatch = v.InferOutput<typeof PayloadBatchSchema>;

/** Per payload: the decoded (or encoded) payload, or why not in one sentence (packed.ts's PayloadOutcome). */
export const CodecReplySchema = v.object({
  results: v.array(
    v.variant('ok', [
      v.object({ ok: v.literal(true), payload: v.looseObject({ metadata: v.optional(textRecord('Metadata maps names to text.')), data: v.optional(v.string()) }) }),
      v.object({ ok: v.literal(false), kind: v.string(), sentence: v.string() }),
    ]),
  ),
});
export type CodecReply = v.InferOutput<typeof CodecReplySchema>;
