// Finds the payloads of a Web UI API answer and puts decoded ones back.
// Bundled into the page's MAIN world: it must stay free of protobuf, compression and crypto.
//
// The walk is structural rather than a list of known JSON paths: every place docs/protocol.md §7 names
// (memos, headers, inputs, results, failures, marker details, Nexus, user metadata, queries, schedules)
// is "an object shaped like a Payload", and new API fields keep working without a release.
import { decodeBase64Text } from './base64';
import { MAX_WALK_DEPTH } from './limits';
import { isPayload, needsCodec, payloadEncoding, type Payload } from './payload';

export type PathSegment = string | number;

export interface PayloadSlot {
  /** Human-readable, for status messages: history.events[3].workflowExecutionStartedEventAttributes.input.payloads[0] */
  path: string;
  payload: Payload;
  /** Exact location for applyResults; map keys may contain dots, so the path string is not enough. */
  location: PathSegment[];
}

// Search attributes are never codec-encoded, and the Web UI reads them as json/plain: never touch them. The snake case
// is how `temporal workflow show` writes a raw history file.
const SEARCH_ATTRIBUTES_KEYS: ReadonlySet<string> = new Set(['searchAttributes', 'search_attributes', 'typedSearchAttributes']);

/**
 * Whether `key`, under an object whose own key is `holderKey`, holds search attributes. Only as a message's field: in
 * a memo's or a header's `fields` map the same names are the user's own, holding payloads.
 */
export function isSearchAttributesField(key: string, holderKey: PathSegment | null | undefined): boolean {
  return SEARCH_ATTRIBUTES_KEYS.has(key) && holderKey !== 'fields';
}

interface Frame {
  value: unknown;
  key: PathSegment | null;
  parent: Frame | null;
  /** Keys and indexes from the top: the length of this value's location. */
  depth: number;
}

/**
 * Payloads that need a codec (or, for request bodies on their way out, whatever `wanted`
 * picks), in document order. Iterative, so depth cannot overflow the call stack; and it looks no
 * deeper than MAX_WALK_DEPTH, so a crafted answer nested thousands of levels costs no more than an
 * ordinary one (each found payload carries its whole location). Payloads below that are left alone.
 */
export function findPayloads(answer: unknown, wanted: (payload: Payload) => boolean = needsCodec): PayloadSlot[] {
  return walkPayloads(answer, wanted).slots;
}

/** The same walk, saying too whether some of the value lay deeper than the walk looks (`truncated`). */
export function walkPayloads(answer: unknown, wanted: (payload: Payload) => boolean): { slots: PayloadSlot[]; truncated: boolean } {
  const slots: PayloadSlot[] = [];
  let truncated = false;
  const stack: Frame[] = [{ value: answer, key: null, parent: null, depth: 0 }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const { value } = frame;
    if (typeof value !== 'object' || value === null) continue;
    if (isPayload(value)) {
      if (wanted(value)) {
        const location = locationOf(frame);
        slots.push({ path: formatPath(location), payload: value, location });
      }
      continue;
    }
    const depth = frame.depth + 1;
    if (depth > MAX_WALK_DEPTH) {
      truncated = true;
      continue;
    }
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], key: i, parent: frame, depth });
    } else {
      const keys = Object.keys(value);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!;
        if (isSearchAttributesField(key, frame.key)) continue;
        stack.push({ value: (value as Record<string, unknown>)[key], key, parent: frame, depth });
      }
    }
  }
  return { slots, truncated };
}

function locationOf(frame: Frame): PathSegment[] {
  const location: PathSegment[] = [];
  for (let f: Frame | null = frame; f !== null && f.key !== null; f = f.parent) location.push(f.key);
  return location.reverse();
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export function formatPath(location: readonly PathSegment[]): string {
  let path = '';
  for (const segment of location) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) path += path === '' ? segment : `.${segment}`;
    else path += `[${JSON.stringify(segment)}]`;
  }
  return path;
}

/**
 * Mutates `answer` in place (the caller owns the parsed answer and hands it to the page afterwards).
 * decoded[i] replaces slots[i]; null leaves the original. A slot whose place no longer holds a payload
 * is skipped rather than written, so a stale slot cannot graft data into an unrelated object.
 */
export function applyResults(answer: unknown, slots: readonly PayloadSlot[], decoded: ReadonlyArray<Payload | null>): void {
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i]!;
    const payload = decoded[i];
    if (!payload) continue;
    const parent = parentOf(answer, slot.location);
    const last = slot.location.at(-1);
    if (parent === null || last === undefined) continue;
    if (!isPayload((parent as Record<PathSegment, unknown>)[last])) continue;
    (parent as Record<PathSegment, unknown>)[last] = payload;
    if (last === 'encodedAttributes' && isEncodedFailure(parent)) restoreFailure(parent as Record<string, unknown>, payload);
  }
}

function parentOf(root: unknown, location: readonly PathSegment[]): object | null {
  let node = root;
  for (let i = 0; i < location.length - 1; i++) {
    if (typeof node !== 'object' || node === null) return null;
    node = (node as Record<PathSegment, unknown>)[location[i]!];
  }
  return typeof node === 'object' && node !== null ? node : null;
}

/** What every SDK's failure converter leaves as the message of a failure it encoded. */
const ENCODED_FAILURE_MESSAGE = 'Encoded failure';

/**
 * A failure an SDK encoded: not any object with an `encodedAttributes` entry, such as a memo whose user named one so,
 * whose other entries would be written over.
 */
const isEncodedFailure = (parent: object): boolean => (parent as Record<string, unknown>)['message'] === ENCODED_FAILURE_MESSAGE;

/**
 * An SDK failure converter moves message and stack trace into encodedAttributes and leaves
 * "Encoded failure" behind (docs/protocol.md §4). Each cause has its own encodedAttributes slot,
 * so the whole chain is restored one failure at a time.
 */
function restoreFailure(failure: Record<string, unknown>, decoded: Payload): void {
  if (payloadEncoding(decoded) !== 'json/plain') return;
  const text = decodeBase64Text(decoded.data ?? '', true);
  if (text === null) return;
  let attributes: unknown;
  try {
    attributes = JSON.parse(text);
  } catch {
    return;
  }
  if (typeof attributes !== 'object' || attributes === null) return;
  const { message, stack_trace: stackTrace } = attributes as Record<string, unknown>;
  if (typeof message === 'string') failure['message'] = message;
  if (typeof stackTrace === 'string') failure['stackTrace'] = stackTrace;
}
