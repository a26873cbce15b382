// How much work one API answer, or one history file, may cost the extension. A payload is data from whoever wrote
// the workflow, and an answer or a file can be crafted: without these caps a 13 KB answer of nested zlib layers grew the background by gigabytes,
// and an object nested thousands of levels deep stalled the page. Each cap is set from what the Web UI can show,
// well above what it displays usefully. Constants only: the page hook bundles this file.

const MiB = 1024 * 1024;

/**
 * Bytes one payload may grow to when decompressed, counted over all of its layers (a zlib inside a zlib counts
 * both outputs). Temporal refuses a payload over 2 MB by default, so twice that opens anything a worker could
 * have stored uncompressed (the largest test vector is a 1 MB JSON text); text that compresses better than that
 * is past what the Web UI's payload view can show anyway.
 */
export const MAX_DECOMPRESSED_PAYLOAD_BYTES = 4 * MiB;

/**
 * Bytes all payloads of one API answer may grow to when decompressed together, counted the same way. One answer
 * is one page of a history, a list or a describe, and a whole history holds at most 50 MB by default. While
 * decoding, the background holds each decompressed byte two or three times over (the bytes and their base64 text;
 * the reply goes back to the page in parts, so it is not one more whole copy): 32 MiB came to 60 to 100 MB above idle,
 * well inside the 300 MB the background may use, and still fits eight payloads at the per-payload cap.
 */
export const MAX_DECOMPRESSED_ANSWER_BYTES = 32 * MiB;

/**
 * Codec layers peeled from one payload. The official samples use at most two (zlib inside encryption); a
 * payload that claims more than this is damaged or hostile.
 */
export const MAX_CODEC_LAYERS = 8;

/**
 * How deep the walker looks into an API answer for payloads, counted in object keys and array indexes from the
 * top. The deepest payloads the Web UI shows sit fewer than ten levels down
 * (`history.events[i].activityTaskFailedEventAttributes.failure.cause.encodedAttributes` is seven), one more for
 * each further cause in a failure chain; 100 leaves room for a chain of 90 causes. Payloads below it are left as
 * they are.
 */
export const MAX_WALK_DEPTH = 100;

/**
 * Bytes of one codec server answer the background reads. A request carries under 96 KiB of payloads, or one larger
 * payload alone, and what comes back is held as the local path holds an answer's decompressed bytes: base64 of up
 * to MAX_DECOMPRESSED_ANSWER_BYTES, with room for the JSON around it. More is no answer to what was sent.
 */
export const MAX_CODEC_ANSWER_BYTES = 48 * MiB;

/**
 * Bytes of codec server answers the background reads at one time, over every request under way: six may be under
 * way per host, and a server could otherwise fill each to MAX_CODEC_ANSWER_BYTES at once. Twice one answer's cap
 * lets the largest answer be read beside others; past it, the request that would go over gives up and its
 * payloads are asked again in smaller requests.
 */
export const MAX_CODEC_ANSWER_BYTES_AT_ONCE = 2 * MAX_CODEC_ANSWER_BYTES;

/**
 * Characters the answers to one codec call (one API answer's payloads) may add to what was sent, counted payload by
 * payload as they come: the base64 of what a local key may decompress one answer to (MAX_DECOMPRESSED_ANSWER_BYTES),
 * with a MiB of room for metadata, so eight payloads grown to the per-payload cap still fit. The call holds every
 * answer until its last comes, and a server could answer each small request with MAX_CODEC_ANSWER_BYTES: twenty
 * requests would hold a gigabyte. What was sent is bounded by the message it came in. Past it, the rest of the call's
 * payloads fail.
 */
export const MAX_CODEC_CALL_ANSWER_CHARS = Math.ceil(MAX_DECOMPRESSED_ANSWER_BYTES / 3) * 4 + MiB;

/** External-storage references of one payload: a payload too large for history points at a few. */
export const MAX_EXTERNAL_PAYLOADS = 64;

/** Metadata entries of one payload: SDKs write two or three (encoding, encryption key id, message type). */
export const MAX_METADATA_ENTRIES = 64;

/**
 * Bytes of a history file the history page opens. A workflow history holds at most 50 MB by default, counted as the
 * server stores it; written as JSON, its payloads grow by a third (base64), to about 67 MB for a history of little
 * else, and laid out for reading a little more. Twice that opens any history within the default limits; a larger
 * file is refused before it is read.
 */
export const MAX_HISTORY_FILE_BYTES = 128 * MiB;

/**
 * Structure of a history file the history page parses: its `{`, `[`, `,` and `:` outside strings (json-structure.ts),
 * about one per value the parse builds. An event of the recorded histories holds 14 to 114, 40 on average, and a
 * history holds at most 51,200 events by default: 4 million is twice that average for each of them, the rest of it
 * room for the JSON payloads the CLI writes as values. Text made of little but values would otherwise cost far more
 * than its size: 19 MiB of `[0,0,…]` became a 438 MiB tree.
 */
export const MAX_HISTORY_FILE_STRUCTURE = 4_000_000;

/** "4 MiB", for sentences that quote a cap. */
export function formatBytes(bytes: number): string {
  return bytes % MiB === 0 ? `${bytes / MiB} MiB` : `${bytes} bytes`;
}
