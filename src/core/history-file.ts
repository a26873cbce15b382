/**
 * Workflow history files, as each tool writes them:
 * - the Web UI's "Download": proto3 JSON (camelCase, int64 as strings), `{"events": [...]}`;
 * - the Web UI's raw `history.json`: Go's encoding/json of the events, `[event,\n,event\n]`, with snake_case
 *   names, int64 as numbers and each event's attributes under `Attributes` (docs/protocol.md §7);
 * - `temporal workflow show --output json`: proto3 JSON where json/plain payloads are written as their value
 *   ("shorthand": a `Payloads` becomes an array of values, a `Payload` its value).
 * A decoded copy is the file's own text with only its decoded payloads written over.
 */
import { isSearchAttributesField } from './api-json-walker';
import { decodeBase64Text } from './base64';
import { FieldName } from './field-name';
import { withObjectsReplaced } from './json-edit';
import { jsonStructure } from './json-structure';
import { formatBytes, MAX_HISTORY_FILE_BYTES, MAX_HISTORY_FILE_STRUCTURE } from './limits';
import { JsonNumber, JsonObject, JsonTooDeepError, MAX_DEPTH, parseLossless, stringOf, type JsonEntry, type JsonValue } from './lossless-json';
import { payloadEncoding, type Payload } from './payload';

export type HistorySource = 'web-ui' | 'raw' | 'cli';

export const SOURCE_NAMES: Record<HistorySource, string> = {
  'web-ui': 'the Web UI’s “Download”',
  raw: 'the Web UI’s raw history.json',
  cli: 'temporal workflow show --output json',
};

/** One payload in the file, and its place, to put a decoded one there. */
export interface HistoryPayload {
  /** Where it sits in its event, e.g. `input.payloads[0]`; a very long place by its start and end. */
  field: string;
  payload: Payload;
  /** The payload's object in the file: a decoded copy writes the decoded payload in its place. */
  node: JsonObject;
  /** The `{"payloads": [...]}` object holding it: a decoded copy may write it in shorthand. */
  container?: JsonObject;
}

export interface HistoryEvent {
  id: string;
  /** As the Web UI names it: WorkflowExecutionStarted. */
  type: string;
  payloads: HistoryPayload[];
}

/**
 * A history file as read. It names no namespace of its own: the namespaces its events name are other workflows' (a
 * parent's, a child's, a signalled one's), and the user says which namespace the history comes from.
 */
export interface HistoryFile {
  source: HistorySource;
  /** The file as it was read. */
  text: string;
  events: HistoryEvent[];
  /** How the file was laid out, for the payloads a decoded copy writes: one level of indentation, or '' for compact. */
  indent: string;
  /** Its line breaks: a file saved on Windows has CRLF. */
  lineBreak: '\n' | '\r\n';
}

export class HistoryFileError extends Error {}

const PAYLOAD_KEYS = new Set(['metadata', 'data', 'externalPayloads', 'external_payloads']);

function asPayload(node: JsonObject): Payload | undefined {
  const metadata = node.get('metadata');
  if (!(metadata instanceof JsonObject) || node.entries.some(([key]) => !PAYLOAD_KEYS.has(key))) return undefined;
  const entries: Array<[string, string]> = [];
  for (const [key, value] of metadata.entries) {
    const text = stringOf(value);
    if (text === undefined) return undefined;
    entries.push([key, text]);
  }
  // Made from entries: assigning an entry named `__proto__` would set a prototype, and the entry would be lost.
  const payload: Payload = { metadata: Object.fromEntries(entries) };
  const data = node.get('data');
  if (data !== undefined && data !== null) {
    const text = stringOf(data);
    if (text === undefined) return undefined;
    payload.data = text;
  }
  return payload;
}

/** A key written twice means its last value, to the Web UI as to JSON.parse: an earlier one is no payload of the file's. */
function latestEntries(node: JsonObject): JsonEntry[] {
  const last = new Map<string, number>();
  node.entries.forEach(([key], i) => last.set(key, i));
  return node.entries.filter(([key], i) => last.get(key) === i);
}

const childrenOf = (node: JsonObject | JsonValue[]): Array<[string | number, JsonValue, string?]> => (Array.isArray(node) ? node.map((value, i) => [i, value]) : latestEntries(node));

/** Every payload under `start`, with its place from `start` (attribute keys left out, as the Web UI shows fields). */
function payloadsIn(start: JsonObject): HistoryPayload[] {
  const found: HistoryPayload[] = [];
  // `nodeKey`: the node's own key, which tells a memo's `fields` map from a message (isSearchAttributesField).
  const walk = (node: JsonObject | JsonValue[], name: FieldName, holder?: JsonObject, nodeKey?: string | number) => {
    for (const [key, value] of childrenOf(node)) {
      if (typeof key === 'string' && isSearchAttributesField(key, nodeKey)) continue;
      if (!(value instanceof JsonObject) && !Array.isArray(value)) continue;
      const isAttributes = typeof key === 'string' && (key === 'Attributes' || /EventAttributes$/i.test(key) || /_event_attributes$/.test(key));
      const here = isAttributes ? name : name.then(key);
      const payload = value instanceof JsonObject ? asPayload(value) : undefined;
      if (payload && value instanceof JsonObject) {
        found.push({ field: here.toString(), payload, node: value, ...(holder && node === holder.get('payloads') ? { container: holder } : {}) });
        continue;
      }
      const container = value instanceof JsonObject && Array.isArray(value.get('payloads')) ? value : holder;
      walk(value, here, container, key);
    }
  };
  walk(start, FieldName.NONE);
  return found;
}

function attributesOf(event: JsonObject): JsonEntry | undefined {
  const goOneof = event.get('Attributes');
  const entries = goOneof instanceof JsonObject ? goOneof.entries : event.entries;
  return entries.find(([key]) => /EventAttributes$/i.test(key) || /_event_attributes$/.test(key));
}

/** workflowExecutionStartedEventAttributes, WorkflowExecutionStartedEventAttributes, workflow_execution_started_event_attributes → WorkflowExecutionStarted */
function typeOf(attributesKey: string | undefined): string {
  if (attributesKey === undefined) return 'Event';
  const stem = attributesKey.replace(/_?event_?attributes$/i, '');
  return stem.split('_').map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
}

function idOf(event: JsonObject): string {
  const id = event.get('eventId') ?? event.get('event_id');
  return id instanceof JsonNumber ? id.raw : (stringOf(id) ?? '');
}

/** A json/plain payload written as its value: a Payloads field holding an array, or a map of values that are not payloads. */
function hasShorthand(events: JsonObject[]): boolean {
  for (const event of events) {
    const attributes = attributesOf(event)?.[1];
    if (!(attributes instanceof JsonObject)) continue;
    for (const key of ['input', 'result', 'details', 'lastCompletionResult', 'heartbeatDetails']) if (Array.isArray(attributes.get(key))) return true;
    for (const mapKey of ['memo', 'header']) {
      const map = attributes.get(mapKey);
      const fields = map instanceof JsonObject ? map.get('fields') : undefined;
      if (fields instanceof JsonObject && fields.entries.some(([, value]) => !(value instanceof JsonObject) || !asPayload(value))) return true;
    }
  }
  return false;
}

function indentOf(text: string): string {
  const match = /^\uFEFF?\s*[[{]\r?\n([ \t]+)/.exec(text);
  return match?.[1] ?? '';
}

/** Refuses a file larger than any history within Temporal's default limits, before it is read. */
export function checkHistoryFileSize(bytes: number): void {
  if (bytes > MAX_HISTORY_FILE_BYTES) throw new HistoryFileError(`This file is over ${formatBytes(MAX_HISTORY_FILE_BYTES)}, larger than any workflow history within Temporal’s default limits, so it was not opened.`);
}

export function readHistoryFile(text: string): HistoryFile {
  // A file's text has no more characters than the file has bytes.
  checkHistoryFileSize(text.length);
  if (jsonStructure(text, MAX_HISTORY_FILE_STRUCTURE) > MAX_HISTORY_FILE_STRUCTURE) {
    throw new HistoryFileError('This file holds more JSON values than any workflow history within Temporal’s default limits, so it was not opened.');
  }
  let root: JsonValue;
  try {
    root = parseLossless(text);
  } catch (error) {
    if (error instanceof JsonTooDeepError) throw new HistoryFileError(`This file nests its values more than ${MAX_DEPTH} levels deep, deeper than any workflow history, so it was not opened.`);
    throw new HistoryFileError(`This is not a JSON file: ${error instanceof Error ? error.message : String(error)}`);
  }
  const raw = Array.isArray(root);
  const list = raw ? root : root instanceof JsonObject ? root.get('events') : undefined;
  if (!Array.isArray(list)) throw new HistoryFileError('This JSON file holds no workflow history: it has no list of events.');
  // The raw download ends with {"error": …} when the server failed half way: kept, but it is no event.
  const events = list.filter((item): item is JsonObject => item instanceof JsonObject && (item.get('eventId') ?? item.get('event_id')) !== undefined);
  if (events.length === 0 && list.length > 0) throw new HistoryFileError('This JSON file holds a list, but none of its entries is a history event.');
  return {
    source: raw ? 'raw' : hasShorthand(events) ? 'cli' : 'web-ui',
    text,
    events: events.map((event) => ({ id: idOf(event), type: typeOf(attributesOf(event)?.[0]), payloads: payloadsIn(event) })),
    indent: indentOf(text),
    lineBreak: text.includes('\r\n') ? '\r\n' : '\n',
  };
}

function payloadNode(payload: Payload): JsonObject {
  const node = new JsonObject([['metadata', new JsonObject(Object.entries(payload.metadata ?? {}))]]);
  if (payload.data !== undefined) node.entries.push(['data', payload.data]);
  return node;
}

/** The value the CLI writes for a payload in shorthand, or undefined when it writes the payload in full. */
function shorthandOf(payload: Payload): JsonValue | undefined {
  const encoding = payloadEncoding(payload);
  if (encoding === 'binary/null') return null;
  if (encoding !== 'json/plain' || Object.keys(payload.metadata ?? {}).length !== 1) return undefined;
  const text = decodeBase64Text(payload.data ?? '', true);
  if (text === null) return undefined;
  try {
    return parseLossless(text);
  } catch {
    return undefined;
  }
}

/**
 * The file as it was read, with each decoded payload in place of its original (the same `HistoryPayload` objects
 * `readHistoryFile` returned are the keys), written as the source writes payloads. Everything else is the file's own
 * text, character for character.
 */
export function writeHistoryFile(file: HistoryFile, decoded: ReadonlyMap<HistoryPayload, Payload>): string {
  const replacements = new Map<JsonObject, JsonValue>();
  const containers = new Set<JsonObject>();
  for (const [slot, payload] of decoded) {
    const value = file.source === 'cli' && slot.container === undefined ? shorthandOf(payload) : undefined;
    replacements.set(slot.node, value === undefined ? payloadNode(payload) : value);
    if (file.source === 'cli' && slot.container) containers.add(slot.container);
  }
  // A Payloads the CLI writes in shorthand only when every payload in it can be written so.
  const decodedAt = new Map([...decoded].map(([slot, payload]) => [slot.node, payload]));
  for (const container of containers) {
    const items = container.get('payloads') as JsonValue[];
    const values = items.map((item) => (item instanceof JsonObject ? (decodedAt.get(item) ?? asPayload(item)) : undefined)).map((payload) => (payload ? shorthandOf(payload) : undefined));
    if (container.entries.length !== 1 || values.some((value) => value === undefined)) continue;
    for (const item of items) replacements.delete(item as JsonObject);
    replacements.set(container, values as JsonValue[]);
  }
  return withObjectsReplaced(file.text, replacements, file.indent, file.lineBreak);
}
