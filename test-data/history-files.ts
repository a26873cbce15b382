/**
 * Workflow history files as each tool writes them, built from the recorded history of
 * order-42 (its payloads encrypted with the fixture key) so that no large file is kept in
 * the repository:
 * - `web-ui`: the Web UI's "Download", proto3 JSON `{"events": [...]}` laid out with two spaces;
 * - `raw`: the Web UI's `history.json`, Go's encoding/json: snake_case names, int64 values as numbers,
 *   timestamps as `{seconds, nanos}`, attributes under `Attributes`, one event per line joined by commas;
 * - `cli`: `temporal workflow show --output json`, proto3 JSON with json/plain payloads as their values.
 * Every file carries, besides order-42's encrypted payloads, one plain header payload holding a number beyond
 * 2^53, and task ids beyond 2^53, so readers can check that nothing was rounded.
 */
import { readUiApiFixture } from './test-data';

export type HistoryFileSource = 'web-ui' | 'raw' | 'cli';

/** Appears in every file, unquoted where the format writes numbers: a reader that rounds it changes it. */
export const BIG_NUMBER = '12345678901234567890';
export const BIG_TASK_ID = 9007199254740993n;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Event = { [key: string]: Json };

const PLAIN_HEADER_TEXT = `{"traceId":${BIG_NUMBER},"sampled":true}`;
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** Numbers are carried as this marker until the text is written, so they are never JavaScript numbers. */
const NUMBER_MARK = '@@number@@';
const number = (digits: string | bigint) => `${NUMBER_MARK}${digits}`;
const unmark = (text: string) => text.replace(new RegExp(`"${NUMBER_MARK}(-?[0-9.eE+-]+)"`, 'g'), '$1');

/** order-42's events, repeated with fresh ids until there are `count`. */
export function orderEvents(count?: number): Event[] {
  const recorded = readUiApiFixture<{ history: { events: Event[] } }>('history-order-42.json').history.events;
  const wanted = count ?? recorded.length;
  const events: Event[] = [];
  for (let i = 0; i < wanted; i++) {
    const event = structuredClone(recorded[i % recorded.length]!);
    event['eventId'] = String(i + 1);
    event['taskId'] = String(BIG_TASK_ID + BigInt(i));
    events.push(event);
  }
  const started = events[0]!['workflowExecutionStartedEventAttributes'] as { [key: string]: Json };
  started['header'] = { fields: { trace: { metadata: { encoding: base64('json/plain') }, data: base64(PLAIN_HEADER_TEXT) } } };
  return events;
}

const MAP_KEYS = new Set(['fields', 'metadata', 'indexedFields', 'details']);
const INT64_KEY = /(^|[a-z])(EventId|eventId|taskId|TaskId|version|attempt)$/;
const EVENT_TYPES: Record<string, number> = {
  EVENT_TYPE_WORKFLOW_EXECUTION_STARTED: 1,
  EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED: 2,
  EVENT_TYPE_WORKFLOW_TASK_SCHEDULED: 5,
  EVENT_TYPE_WORKFLOW_TASK_STARTED: 6,
  EVENT_TYPE_WORKFLOW_TASK_COMPLETED: 7,
  EVENT_TYPE_ACTIVITY_TASK_SCHEDULED: 10,
  EVENT_TYPE_ACTIVITY_TASK_STARTED: 11,
  EVENT_TYPE_ACTIVITY_TASK_COMPLETED: 12,
  EVENT_TYPE_ACTIVITY_TASK_FAILED: 13,
};

const snake = (key: string) => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

function goValue(value: Json, key: string, inMap: boolean): Json {
  if (Array.isArray(value)) return value.map((item) => goValue(item, key, false));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [inMap ? name : snake(name), goValue(item, name, MAP_KEYS.has(name))]));
  }
  if (typeof value === 'string' && INT64_KEY.test(key) && /^-?\d+$/.test(value)) return number(value);
  return value;
}

function goEvent(event: Event): Json {
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(event)) {
    if (key.endsWith('EventAttributes')) out['Attributes'] = { [key.charAt(0).toUpperCase() + key.slice(1)]: goValue(value, key, false) };
    else if (key === 'eventType') out['event_type'] = number(String(EVENT_TYPES[value as string] ?? 0));
    else if (key === 'eventTime') {
      const millis = Date.parse(value as string);
      out['event_time'] = { seconds: number(String(Math.floor(millis / 1000))), nanos: number(String((millis % 1000) * 1_000_000)) };
    } else out[snake(key)] = goValue(value, key, MAP_KEYS.has(key));
  }
  return out;
}

function isPlainPayload(value: Json): value is { metadata: { encoding: string }; data: string } {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).join() === 'metadata,data' && Object.keys(value['metadata'] as object).join() === 'encoding' && (value['metadata'] as { encoding: string }).encoding === base64('json/plain');
}

/** json/plain payloads as the CLI writes them: a Payloads of only such payloads becomes an array of values, one such Payload its value. */
function shorthand(value: Json): Json {
  if (Array.isArray(value)) return value.map(shorthand);
  if (value === null || typeof value !== 'object') return value;
  if (isPlainPayload(value)) return parseMarkingBigNumbers(Buffer.from(value.data, 'base64').toString('utf8'));
  const payloads = value['payloads'];
  if (Object.keys(value).length === 1 && Array.isArray(payloads) && payloads.every(isPlainPayload)) return payloads.map(shorthand);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, shorthand(item)]));
}

/** JSON.parse, but integers too long to be exact numbers are kept as marked digits (good enough for the plain payloads here). */
const parseMarkingBigNumbers = (text: string): Json => JSON.parse(text.replace(/([:,[]\s*)(-?\d{16,})(?=\s*[,}\]])/g, `$1"${NUMBER_MARK}$2"`)) as Json;

/** The text of a history file as `source` writes it, with `count` events (order-42's own when left out). */
export function historyFileText(source: HistoryFileSource, count?: number): string {
  const events = orderEvents(count);
  if (source === 'raw') return `[${events.map((event) => `${unmark(JSON.stringify(goEvent(event)))}\n`).join(',')}]`;
  if (source === 'cli') return unmark(JSON.stringify({ events: shorthand(events as Json) }, null, 2));
  return JSON.stringify({ events }, null, 2);
}
