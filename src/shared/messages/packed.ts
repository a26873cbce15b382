/**
 * A batch of payloads, and the background's results for it, as they cross the hops between the page hook, the bridge
 * and the background: one JSON text each way instead of a tree of objects. Browsers copy one string between worlds and
 * processes far faster than they serialise thousands of small objects (a 1,000-payload answer spent most of its added
 * time there), and the bridge relays the text without reading it. The background parses and checks a batch as
 * strictly as before (PackedBatchSchema in payloads.ts); the hook reads results it asked for.
 *
 * Free of dependencies: the page hook imports it.
 */
import type { PayloadAbout, WirePayload } from './payloads';

export interface BatchContents {
  payloads: WirePayload[];
  /** Where each payload sits in its answer, for status messages. */
  where: string[];
  /** Private view: the workflow and event each payload belongs to. */
  about?: PayloadAbout[];
}

/** Per payload: the decoded (or encoded) payload, or why not in one sentence. */
export type PayloadOutcome = { ok: true; payload: WirePayload } | { ok: false; kind: string; sentence: string };

/** Text that JSON quotes as it is: base64, as payload data and metadata values nearly always are. */
const NEEDS_NO_ESCAPING = /^[A-Za-z0-9+/=_-]*$/;

/**
 * A value as JSON. Browsers' JSON.stringify scans long strings slowly (Chromium took 60–90 ms for the 2 MB of one
 * 1,000-payload answer, concatenation under 10 ms), so base64 text is quoted as it is; anything else, of whatever
 * type the page put there, goes through JSON.stringify for the background to check.
 */
function json(value: unknown): string {
  if (typeof value === 'string' && NEEDS_NO_ESCAPING.test(value)) return `"${value}"`;
  return JSON.stringify(value) ?? 'null';
}

/** Typed as text by text, but the page built it: anything else is written as it is, for the background to refuse. */
function metadataJson(metadata: unknown): string {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return json(metadata);
  const written = Object.entries(metadata).filter(([, value]) => value !== undefined && typeof value !== 'function' && typeof value !== 'symbol');
  return `{${written.map(([name, value]) => `${JSON.stringify(name)}:${json(value)}`).join(',')}}`;
}

/**
 * Appends a payload's JSON to `pieces`: its metadata, data and externalPayloads, as the wire carries them
 * (wire-payload.ts), and nothing else. Base64 data goes in as a piece of its own, not pasted into the text around
 * it: a decoded payload's data can be megabytes, and pasted into each level of the JSON in turn it was copied at
 * each (packing the largest answer's 44 MB of outcomes took Firefox's background some 150 MB more for a moment, and
 * about three times as long, as one join of the pieces does).
 */
function appendPayload(pieces: string[], payload: WirePayload): void {
  let separator = '{';
  if (payload.overLimits !== undefined) {
    pieces.push(`${separator}"overLimits":true`);
    separator = ',';
  }
  if (payload.fingerprint !== undefined) {
    pieces.push(`${separator}"fingerprint":${json(payload.fingerprint)}`);
    separator = ',';
  }
  if (payload.metadata !== undefined) {
    pieces.push(`${separator}"metadata":${metadataJson(payload.metadata)}`);
    separator = ',';
  }
  if (payload.data !== undefined) {
    if (typeof payload.data === 'string' && NEEDS_NO_ESCAPING.test(payload.data)) pieces.push(`${separator}"data":"`, payload.data, '"');
    else pieces.push(`${separator}"data":${json(payload.data)}`);
    separator = ',';
  }
  if (payload.externalPayloads !== undefined) {
    pieces.push(`${separator}"externalPayloads":${JSON.stringify(payload.externalPayloads)}`);
    separator = ',';
  }
  pieces.push(separator === '{' ? '{}' : '}');
}

/**
 * One JSON text of the batch, equal to JSON.stringify's, joined once from its pieces. Text pasted together (a
 * template, `+`) is kept as its parts until something reads it whole, then copied into new memory: for the 2 MB of a
 * 1,000-payload batch, a copy that took the tab several milliseconds before posting it copies it once more.
 */
export function packBatch({ payloads, where, about }: BatchContents): string {
  const pieces = ['{"payloads":['];
  payloads.forEach((payload, index) => {
    if (index > 0) pieces.push(',');
    appendPayload(pieces, payload);
  });
  pieces.push(`],"where":${JSON.stringify(where)}`);
  if (about) pieces.push(`,"about":${JSON.stringify(about)}`);
  pieces.push('}');
  return pieces.join('');
}

/**
 * The JSON text of the outcomes, equal to JSON.stringify's, as the pieces it is made of: joined, they are
 * packOutcomes' text. The background writes a large reply out from them part by part (src/background/reply-frames.ts),
 * so that the whole text never exists there at once.
 */
export function outcomePieces(outcomes: readonly PayloadOutcome[]): string[] {
  const pieces: string[] = ['['];
  outcomes.forEach((outcome, index) => {
    const separator = index === 0 ? '' : ',';
    if (!outcome.ok) return void pieces.push(separator + JSON.stringify(outcome));
    pieces.push(`${separator}{"ok":true,"payload":`);
    appendPayload(pieces, outcome.payload);
    pieces.push('}');
  });
  pieces.push(']');
  return pieces;
}

/** One JSON text of the outcomes, equal to JSON.stringify's. */
export function packOutcomes(outcomes: readonly PayloadOutcome[]): string {
  return outcomePieces(outcomes).join('');
}

/** The outcomes in a packed reply, one per payload asked about; null when it is not that (the page keeps its original). */
export function unpackOutcomes(text: string, count: number): PayloadOutcome[] | null {
  let outcomes: unknown;
  try {
    outcomes = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(outcomes) || outcomes.length !== count) return null;
  return outcomes.every(isOutcome) ? outcomes : null;
}

function isOutcome(value: unknown): value is PayloadOutcome {
  if (typeof value !== 'object' || value === null) return false;
  const outcome = value as { ok?: unknown; payload?: unknown; sentence?: unknown };
  return outcome.ok === true ? typeof outcome.payload === 'object' && outcome.payload !== null : outcome.ok === false && typeof outcome.sentence === 'string';
}
