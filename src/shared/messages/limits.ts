/**
 * Bounds on what one message between the page hook, the bridge and the background may
 * carry, well above any real Web UI answer (a history page holds at most a few thousand
 * payloads) and well below what would hurt the background. Free of dependencies but the
 * constants of core/limits.ts: the page hook imports it.
 */
import { MAX_EXTERNAL_PAYLOADS, MAX_METADATA_ENTRIES } from '../../core/limits';

export const MESSAGE_LIMITS = {
  /** Payloads in one decode or encode request. */
  payloads: 20_000,
  /** Characters of metadata and data of all payloads of one request together. */
  chars: 48 * 1024 * 1024,
  /**
   * Characters of one packed batch (packed.ts): its payloads plus where each sits and the JSON around them, below the
   * 64 MiB a browser lets one extension message carry.
   */
  packedChars: 56 * 1024 * 1024,
  /** Metadata entries of one payload, and the length of each entry's name. */
  metadataEntries: MAX_METADATA_ENTRIES,
  metadataNameChars: 256,
  /** External-storage references of one payload. */
  externalPayloads: MAX_EXTERNAL_PAYLOADS,
  /** A reference's size written as text: a 64-bit integer has at most 20 digits. */
  sizeBytesChars: 32,
  /** A namespace name or pattern. */
  namespaceChars: 1000,
  /** Where a payload sits in its answer, for status messages. */
  whereChars: 500,
  /** A workflow id, run id or event id beside a payload (private view). */
  aboutChars: 1000,
  /** A stand-in's fingerprint (over-limits.ts): payloadFingerprint's are under 70. */
  fingerprintChars: 100,
} as const;

/**
 * How much of its batches' text one tab may have under way in the background at once (the background counts
 * batchChars, the bridge the packed texts, a little more); a tab with nothing under way may always start one request,
 * at most MESSAGE_LIMITS.packedChars.
 */
export const TAB_WORK_LIMIT_CHARS = 48 * 1024 * 1024;

/**
 * What each request counts for in a share beyond its text: what the background holds for one however small (its
 * parsed message, its promises, its place in a codec queue). Without it a page could keep any number of one-payload
 * requests under way. At most 3,072 per tab, against the few dozen a Web UI page has at once.
 */
export const REQUEST_OVERHEAD_CHARS = 16 * 1024;

/** What a request of this much text counts for in a share. */
export const requestShareChars = (textChars: number): number => REQUEST_OVERHEAD_CHARS + textChars;

/** Whether a request counting `chars` fits beside what is `underWay` within a share: one always does beside nothing. */
export const fitsInShare = (underWay: number, chars: number, limit: number): boolean => underWay === 0 || underWay + chars <= limit;

/**
 * The most characters of payloads (or outcomes) one packed text (packed.ts) holds, with the commas between them,
 * unless one alone is longer: a batch, and the outcomes for it, go as several such texts rather than one, each well
 * under 128 KiB with the JSON around its items (but a reply too long for one frame, which goes as parts of one text:
 * src/background/reply-frames.ts). Chromium's engine puts every string over 128 KiB in memory of its own, fresh from
 * the system, which is slow to touch on some machines (the 2-core one the benchmarks run on among them): joining the
 * 36 MB of a 20,000-event history's batches into texts of 450 KB took 65 to 165 ms of the tab's time, into texts
 * under 128 KiB 4 to 5 ms, and in profiles of that history's load the service worker took 20 to 32 ms instead of 146
 * to 218 ms to read the batches as they came.
 */
export const PACKED_TEXT_CHARS = 96 * 1024;

/**
 * Texts of one packed batch at most. Any two texts in a row are longer together than PACKED_TEXT_CHARS, or the
 * packer would have made them one, so a batch within MESSAGE_LIMITS.packedChars never needs more.
 */
export const PACKED_TEXTS_MAX = 2 * Math.ceil(MESSAGE_LIMITS.packedChars / PACKED_TEXT_CHARS) + 1;

/**
 * Structure (json-structure.ts) of one packed batch at most: what a batch within MESSAGE_LIMITS holds when each of
 * its payloads has every metadata entry and external reference it may have, with its place and what it is about. Of
 * its 335 per payload, a payload object and its comma take 7, metadata 2 per entry, external references 3 each,
 * its place 1 and what it is about 7; each text's own object and its three lists take 16 more (they need 9).
 */
export const PACKED_STRUCTURE_MAX = MESSAGE_LIMITS.payloads * (15 + 2 * MESSAGE_LIMITS.metadataEntries + 3 * MESSAGE_LIMITS.externalPayloads) + 16 * PACKED_TEXTS_MAX;

/**
 * How deep objects and arrays lie in one packed text of a batch at most: the text's object, its list of payloads, a
 * payload, its list of external references, and one reference.
 */
export const PACKED_DEPTH_MAX = 5;

/** The `source` tags of the window messages between the page hook and the bridge. */
export const HOOK_SOURCE = 'payload-lens:hook';
export const BRIDGE_SOURCE = 'payload-lens:bridge';
