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

/** Carries a payload's metadata, data and externalPayloads, as the wire does (wire-payload.ts); nothing else. */
function payloadJson(payload: WirePayload): string {
  const fields: string[] = [];
  if (payload.metadata !== undefined) fields.push(`"metadata":${metadataJson(payload.metadata)}`);
  if (payload.data !== undefined) fields.push(`"data":${json(payload.data)}`);
  if (payload.externalPayloads !== undefined) fields.push(`"externalPayloads":${JSON.stringify(payload.externalPayloads)}`);
  return `{${fields.join(',')}}`;
}

const payloadsJson = (payloads: readonly WirePayload[]) => `[${payloads.map(payloadJson).join(',')}]`;

/** One JSON text of the batch, equal to JSON.stringify's. */
export function packBatch({ payloads, where, about }: BatchContents): string {
  return `{"payloads":${payloadsJson(payloads)},"where":${JSON.stringify(where)}${about ? `,"about":${JSON.stringify(about)}` : ''}}`;
}

/** One JSON text of the outcomes, equal to JSON.stringify's. */
export function packOutcomes(outcomes: readonly PayloadOutcome[]): string {
  return `[${outcomes.map((outcome) => (outcome.ok ? `{"ok":true,"payload":${payloadJson(outcome.payload)}}` : JSON.stringify(outcome))).join(',')}]`;
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
