/**
 * A batch of payloads, and the background's results for it, as they cross the hops between the page hook, the bridge
 * and the background: a few JSON texts each way instead of a tree of objects. Browsers copy a string between worlds and
 * processes far faster than they serialise thousands of small objects (a 1,000-payload answer spent most of its added
 * time there), and the bridge relays the texts without reading them. Each text holds as many payloads (or outcomes)
 * in a row as fit in PACKED_TEXT_CHARS, so that no text is one of the strings an engine keeps apart for their size
 * (limits.ts). The background parses and checks a batch as strictly as before (PackedBatchSchema in payloads.ts); the
 * hook reads results it asked for.
 *
 * Free of dependencies but limits.ts: the page hook imports it.
 */
import { PACKED_TEXT_CHARS } from './limits';
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

/** Characters of pieces, or of texts, together. */
export function charsOf(pieces: readonly string[]): number {
  let chars = 0;
  for (const piece of pieces) chars += piece.length;
  return chars;
}

/**
 * The items each text holds, as [start, end) among items of these sizes: as many in a row as stay within `maxChars`
 * together, or one alone that is longer. Always one range at least, empty for no items.
 */
export function textRanges(sizes: readonly number[], maxChars = PACKED_TEXT_CHARS): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let start = 0;
  let chars = 0;
  sizes.forEach((size, index) => {
    if (index > start && chars + size > maxChars) {
      ranges.push([start, index]);
      start = index;
      chars = 0;
    }
    chars += size;
  });
  ranges.push([start, sizes.length]);
  return ranges;
}

/**
 * The batch as JSON texts, each the JSON.stringify of a batch of some of its payloads in a row (with their places,
 * and what they are about), in order; places or abouts beyond the payloads go in the last, for the background to
 * refuse as it refuses them in one text. Each text is joined once from its pieces: text pasted together (a template,
 * `+`) is kept as its parts until something reads it whole, then copied into new memory once more.
 */
export function packBatch({ payloads, where, about }: BatchContents): string[] {
  const payloadJson = payloads.map((payload) => {
    const pieces: string[] = [];
    appendPayload(pieces, payload);
    return pieces;
  });
  const whereJson = where.map((place) => JSON.stringify(place));
  const aboutJson = about?.map((one) => JSON.stringify(one));
  // Each payload's own characters, with a comma after it in each of the lists.
  const commas = aboutJson ? 3 : 2;
  const sizes = payloadJson.map((pieces, i) => charsOf(pieces) + (whereJson[i]?.length ?? 0) + (aboutJson?.[i]?.length ?? 0) + commas);
  const ranges = textRanges(sizes);
  return ranges.map(([start, end], k) => {
    const upTo = k === ranges.length - 1 ? undefined : end;
    const pieces = ['{"payloads":['];
    for (let i = start; i < end; i++) {
      if (i > start) pieces.push(',');
      pieces.push(...payloadJson[i]!);
    }
    pieces.push(`],"where":[${whereJson.slice(start, upTo).join(',')}]`);
    if (aboutJson) pieces.push(`,"about":[${aboutJson.slice(start, upTo).join(',')}]`);
    pieces.push('}');
    return pieces.join('');
  });
}

const BATCH_LISTS = new Set(['payloads', 'where', 'about']);

/** A batch's lists put together from its packed texts, in order; or, in one sentence, why the texts are no batch. */
export type UnpackedBatch = { payloads: unknown[]; where: unknown[]; about?: unknown[] } | { refused: string };

/**
 * The lists of a batch packed by packBatch, read text by text, with no more than `maxPayloads` in any list. What the
 * items are is for the reader to check (PackedBatchSchema in payloads.ts does, as strictly as any message).
 */
export function unpackBatch(texts: readonly string[], maxPayloads: number): UnpackedBatch {
  const payloads: unknown[] = [];
  const where: unknown[] = [];
  const about: unknown[] = [];
  let aboutGiven = false;
  for (const text of texts) {
    let contents: unknown;
    try {
      contents = JSON.parse(text);
    } catch {
      return { refused: 'The batch is not JSON.' };
    }
    if (typeof contents !== 'object' || contents === null || Array.isArray(contents)) return { refused: 'The batch is not an object.' };
    // Anything beside the three lists, and lists over the cap, are refused before anything is copied or checked.
    for (const key in contents) {
      if (!BATCH_LISTS.has(key)) return { refused: 'The batch holds more than payloads, their places and what they are about.' };
    }
    const lists = contents as Record<string, unknown>;
    if (!Array.isArray(lists['payloads']) || !Array.isArray(lists['where']) || !(lists['about'] === undefined || Array.isArray(lists['about']))) {
      return { refused: 'Each text of the batch holds a list of payloads and a list of their places.' };
    }
    aboutGiven ||= lists['about'] !== undefined;
    for (const [list, into] of [
      [lists['payloads'], payloads],
      [lists['where'], where],
      [lists['about'] ?? [], about],
    ] as Array<[unknown[], unknown[]]>) {
      if (into.length + list.length > maxPayloads) return { refused: 'Too many payloads for one message.' };
      for (const item of list) into.push(item);
    }
  }
  return aboutGiven ? { payloads, where, about } : { payloads, where };
}

/** Each outcome's JSON, equal to JSON.stringify's, as the pieces it is made of. */
export function outcomePieces(outcomes: readonly PayloadOutcome[]): string[][] {
  return outcomes.map((outcome) => {
    if (!outcome.ok) return [JSON.stringify(outcome)];
    const pieces = ['{"ok":true,"payload":'];
    appendPayload(pieces, outcome.payload);
    pieces.push('}');
    return pieces;
  });
}

/**
 * The JSON arrays of items given as their pieces, as many items in a row in each as textRanges puts there. The
 * background writes a reply out from them (src/background/packed-text.ts).
 */
export function arrayTexts(items: ReadonlyArray<readonly string[]>, maxChars = PACKED_TEXT_CHARS): string[] {
  // Each item's own characters, with the comma after it.
  return textRanges(items.map((pieces) => charsOf(pieces) + 1), maxChars).map(([start, end]) => {
    const pieces = ['['];
    for (let i = start; i < end; i++) {
      if (i > start) pieces.push(',');
      pieces.push(...items[i]!);
    }
    pieces.push(']');
    return pieces.join('');
  });
}

/** The outcomes as JSON texts, each the JSON.stringify of some of them in a row, in order. */
export function packOutcomes(outcomes: readonly PayloadOutcome[]): string[] {
  return arrayTexts(outcomePieces(outcomes));
}

/**
 * The outcomes in packed texts, one per payload asked about: each text a JSON array of them in order. Null when they
 * are not that (the page keeps its original).
 */
export function unpackOutcomes(texts: readonly string[], count: number): PayloadOutcome[] | null {
  const outcomes: unknown[] = [];
  for (const text of texts) {
    let some: unknown;
    try {
      some = JSON.parse(text);
    } catch {
      return null;
    }
    if (!Array.isArray(some) || outcomes.length + some.length > count) return null;
    for (const outcome of some) outcomes.push(outcome);
  }
  if (outcomes.length !== count) return null;
  return outcomes.every(isOutcome) ? (outcomes as PayloadOutcome[]) : null;
}

function isOutcome(value: unknown): value is PayloadOutcome {
  if (typeof value !== 'object' || value === null) return false;
  const outcome = value as { ok?: unknown; payload?: unknown; sentence?: unknown };
  return outcome.ok === true ? typeof outcome.payload === 'object' && outcome.payload !== null : outcome.ok === false && typeof outcome.sentence === 'string';
}
