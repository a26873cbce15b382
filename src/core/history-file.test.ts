import { describe, expect, it } from 'vitest';
import { BIG_NUMBER, BIG_TASK_ID, historyFileText, type HistoryFileSource } from '../../test-data/history-files';
import { fixtureKeys, readUiApiFixture } from '../../test-data/test-data';
import { decodeBase64Text, encodeBase64Text } from './base64';
import { checkHistoryFileSize, readHistoryFile, writeHistoryFile, HistoryFileError, type HistoryFile, type HistoryPayload } from './history-file';
import { MAX_HISTORY_FILE_BYTES, MAX_HISTORY_FILE_STRUCTURE } from './limits';
import { createLocalDecoder, encryptPayload } from './local/local-decoder';
import { needsCodec, type Payload } from './payload';

const SOURCES: HistoryFileSource[] = ['web-ui', 'raw', 'cli'];
const decoder = () => createLocalDecoder(Object.entries(fixtureKeys()).map(([id, key]) => ({ id, key })));

interface PlaintextEntry {
  where: string;
  plaintext: unknown;
}
/** order-42's plaintexts that its history holds (a query's answer is not history). */
const order42Plaintexts = () =>
  readUiApiFixture<{ payloads: PlaintextEntry[] }>('plaintexts-order-42.json')
    .payloads.filter((entry) => !entry.where.startsWith('QueryWorkflow'))
    .map((entry) => JSON.stringify(entry.plaintext));

/** Decodes every payload of the file that needs a codec, with the fixture key. */
async function decodeAll(file: HistoryFile): Promise<Map<HistoryPayload, Payload>> {
  const slots = file.events.flatMap((event) => event.payloads).filter((slot) => needsCodec(slot.payload));
  const results = await decoder().decode(slots.map((slot) => slot.payload));
  const decoded = new Map<HistoryPayload, Payload>();
  results.forEach((result, i) => {
    if (result.ok) decoded.set(slots[i]!, result.payload);
  });
  return decoded;
}

describe.each(SOURCES)('a history file from %s', (source) => {
  const text = historyFileText(source);

  it('is recognised, with every event and its payloads', () => {
    const file = readHistoryFile(text);
    expect(file.source).toBe(source);
    expect(file.events.map((event) => event.id)).toEqual(Array.from({ length: 14 }, (_, i) => String(i + 1)));
    expect(file.events[0]!.type).toBe('WorkflowExecutionStarted');
    expect(file.events.at(-1)!.type).toBe('WorkflowExecutionCompleted');
    expect(file.events[0]!.payloads.map((slot) => slot.field)).toEqual(expect.arrayContaining(['input.payloads[0]', source === 'raw' ? 'user_metadata.summary' : 'userMetadata.summary']));
  });

  it('is written back exactly as it was read when nothing is decoded', () => {
    expect(writeHistoryFile(readHistoryFile(text), new Map())).toBe(text);
  });

  it('keeps the line breaks and byte order mark of a file saved on Windows', async () => {
    const windows = `\uFEFF${text.replaceAll('\n', '\r\n')}`;
    expect(writeHistoryFile(readHistoryFile(windows), new Map())).toBe(windows);
    const file = readHistoryFile(windows);
    const saved = writeHistoryFile(file, await decodeAll(file));
    expect(saved.startsWith('\uFEFF')).toBe(true);
    expect(saved.replaceAll('\r\n', '')).not.toContain('\n');
  });

  it('is saved decoded in the same shape: only its payloads change, and no number is rounded', async () => {
    const file = readHistoryFile(text);
    const decoded = await decodeAll(file);
    expect(decoded.size).toBe(file.events.flatMap((event) => event.payloads).filter((slot) => needsCodec(slot.payload)).length);
    const copy = writeHistoryFile(file, decoded);
    const again = readHistoryFile(copy);
    expect(again.source).toBe(source);
    expect(again.events.map((event) => [event.id, event.type])).toEqual(file.events.map((event) => [event.id, event.type]));
    expect(again.events.flatMap((event) => event.payloads).filter((slot) => needsCodec(slot.payload))).toEqual([]);
    expect(copy).toContain(String(BIG_TASK_ID));
    // Only the CLI writes a plain payload's JSON into the file itself.
    if (source === 'cli') expect(copy).toContain(BIG_NUMBER);
    // Every plaintext of order-42 is in the copy: as base64 in full payloads, as values in the CLI's shorthand.
    const plain = source === 'cli' ? copy.replace(/\s+/g, '') : again.events.flatMap((e) => e.payloads.map((slot) => decodeBase64Text(slot.payload.data ?? '') ?? '')).join('\n');
    for (const plaintext of order42Plaintexts()) expect(plain).toContain(source === 'cli' ? plaintext.replace(/\s+/g, '') : plaintext);
  });
});

describe('history files', () => {
  it('keep a decoded number beyond 2^53 as written', async () => {
    const [key] = Object.entries(fixtureKeys()).map(([id, bytes]) => ({ id, key: bytes }));
    const secret = await encryptPayload({ metadata: { encoding: encodeBase64Text('json/plain') }, data: encodeBase64Text(`{"accountId":${BIG_NUMBER}}`) }, key!);
    const text = JSON.stringify({ events: [{ eventId: '1', eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED', workflowExecutionStartedEventAttributes: { input: { payloads: [secret] } } }] }, null, 2);
    for (const shape of [text, text.replace('"events"', '"x": 1, "events"')]) {
      const file = readHistoryFile(shape);
      const copy = writeHistoryFile(file, await decodeAll(file));
      expect(decodeBase64Text(readHistoryFile(copy).events[0]!.payloads[0]!.payload.data!)).toBe(`{"accountId":${BIG_NUMBER}}`);
    }
  });

  it('are saved decoded with nothing changed but the decoded payloads: layout, key escapes and final line break kept', async () => {
    const [key] = Object.entries(fixtureKeys()).map(([id, bytes]) => ({ id, key: bytes }));
    const secret = JSON.stringify(await encryptPayload({ metadata: { encoding: encodeBase64Text('json/plain') }, data: encodeBase64Text('"secret"') }, key!));
    const lines = ['{', '    "events" : [', '        {', '            "eventId": "1", "a\\u003cb": 1,', '            "workflowExecutionStartedEventAttributes": {', `                "input": {"payloads": [${secret}]}`, '            }', '        }', '    ]', '}', ''];
    const text = lines.join('\n');
    const file = readHistoryFile(text);
    const decoded = await decodeAll(file);
    const [payload] = [...decoded.values()];
    // Written as the file lays out what it holds: four spaces a level, from the line the payload began on.
    const written = JSON.stringify({ metadata: payload!.metadata, data: payload!.data }, null, 4).replaceAll('\n', `\n${' '.repeat(16)}`);
    expect(writeHistoryFile(file, decoded)).toBe(text.replace(secret, written));
  });

  it('of 20,000 events are read, and saved whole with every payload replaced', async () => {
    const text = historyFileText('raw', 20_000);
    const file = readHistoryFile(text);
    expect(file.events).toHaveLength(20_000);
    expect(file.events.at(-1)!.id).toBe('20000');
    expect(writeHistoryFile(file, new Map())).toBe(text);
    // What a decoder returns does not matter here, only that every payload of the file is replaced.
    const plain: Payload = { metadata: { encoding: encodeBase64Text('json/plain') }, data: encodeBase64Text(`{"n":${BIG_NUMBER}}`) };
    const slots = file.events.flatMap((event) => event.payloads).filter((slot) => needsCodec(slot.payload));
    expect(slots.length).toBeGreaterThan(15_000);
    const again = readHistoryFile(writeHistoryFile(file, new Map(slots.map((slot) => [slot, plain]))));
    expect(again.events).toHaveLength(20_000);
    expect(again.events.flatMap((event) => event.payloads).filter((slot) => needsCodec(slot.payload))).toEqual([]);
  }, 30_000);

  it('with 80,000 payloads side by side in one object are read, and saved with every payload replaced', () => {
    // Each payload used to search all of its object's keys, on reading and again on saving: minutes for this file
    // (6 MiB). It now takes about a second; the default timeout is far above that, for a machine busy with other work,
    // and far below the minutes.
    const encrypted = JSON.stringify({ metadata: { encoding: encodeBase64Text('binary/encrypted') }, data: 'AAAA' });
    const text = `{"events":[{"eventId":"1","workflowExecutionStartedEventAttributes":{"input":{"payloads":[],${Array.from({ length: 80_000 }, (_, i) => `"k${i}":${encrypted}`).join(',')}}}}]}`;
    const file = readHistoryFile(text);
    const slots = file.events[0]!.payloads;
    expect(slots).toHaveLength(80_000);
    expect(slots.at(-1)!.field).toBe('input.k79999');
    const plain: Payload = { metadata: { encoding: encodeBase64Text('json/plain') }, data: encodeBase64Text('"plain"') };
    const copy = writeHistoryFile(file, new Map(slots.map((slot) => [slot, plain])));
    expect(copy.split(JSON.stringify(plain)).length - 1).toBe(80_000);
    expect(copy).not.toContain(encrypted);
  });

  it('name a payload nested deep under long keys by the start and the end of its place', () => {
    const payload = JSON.stringify({ metadata: { encoding: encodeBase64Text('binary/encrypted') }, data: 'AAAA' });
    let nested = `{"payloads":[${Array(100).fill(payload).join(',')}]}`;
    for (let level = 199; level >= 0; level--) nested = `{"${'k'.repeat(1000)}${level}":${nested}}`;
    const file = readHistoryFile(`{"events":[{"eventId":"1","workflowExecutionStartedEventAttributes":{"input":${nested}}}]}`);
    const fields = file.events[0]!.payloads.map((slot) => slot.field);
    expect(fields).toHaveLength(100);
    fields.forEach((field, i) => {
      // Not the 200,000 characters of the whole place, for each payload, in the page and its search.
      expect(field.length).toBeLessThanOrEqual(201);
      expect(field.startsWith(`input.${'k'.repeat(20)}`)).toBe(true);
      expect(field.endsWith(`${'k'.repeat(20)}199.payloads[${i}]`)).toBe(true);
      expect(field).toContain('…');
    });
  });

  it('larger than any history within the default limits are refused in one sentence, before they are parsed', () => {
    const tooLarge = 'This file is over 128 MiB, larger than any workflow history within Temporal’s default limits, so it was not opened.';
    expect(() => checkHistoryFileSize(MAX_HISTORY_FILE_BYTES + 1)).toThrow(tooLarge);
    expect(() => checkHistoryFileSize(MAX_HISTORY_FILE_BYTES)).not.toThrow();
    expect(() => readHistoryFile(' '.repeat(MAX_HISTORY_FILE_BYTES + 1))).toThrow(tooLarge);
    // 8 MB of zeros: as a tree, hundreds of MB.
    expect(() => readHistoryFile(`[${'0,'.repeat(MAX_HISTORY_FILE_STRUCTURE)}0]`)).toThrow(
      'This file holds more JSON values than any workflow history within Temporal’s default limits, so it was not opened.',
    );
  });

  it('that are not history say so in one sentence', () => {
    expect(() => readHistoryFile('{"events": [1,')).toThrow(HistoryFileError);
    expect(() => readHistoryFile('{"workflows": []}')).toThrow('This JSON file holds no workflow history: it has no list of events.');
    expect(() => readHistoryFile('[{"a": 1}]')).toThrow('none of its entries is a history event');
    // Valid JSON, but deeper than any history: not "not JSON".
    expect(() => readHistoryFile(`{"events": ${'['.repeat(2000)}${']'.repeat(2000)}}`)).toThrow(
      'This file nests its values more than 1000 levels deep, deeper than any workflow history, so it was not opened.',
    );
  });

  it('with a key written twice hold the payload of its last value only, which is the one decoded in place', async () => {
    const written = { metadata: { encoding: encodeBase64Text('json/plain') }, data: encodeBase64Text('"seen"') };
    const shadowed = { metadata: { encoding: encodeBase64Text('json/plain') }, data: encodeBase64Text('"shadowed"') };
    const [key] = Object.entries(fixtureKeys()).map(([id, bytes]) => ({ id, key: bytes }));
    const [early, late] = [JSON.stringify(await encryptPayload(shadowed, key!)), JSON.stringify(await encryptPayload(written, key!))];
    const text = `{"events":[{"eventId":"1","workflowExecutionStartedEventAttributes":{"input":{"payloads":[${early}]},"input":{"payloads":[${late}]}}}]}`;
    const file = readHistoryFile(text);
    expect(file.events[0]!.payloads).toHaveLength(1);
    const saved = writeHistoryFile(file, await decodeAll(file));
    // The payload everyone reads is decoded; the one nobody reads is left as it was.
    expect((JSON.parse(saved) as { events: Array<{ workflowExecutionStartedEventAttributes: { input: { payloads: Payload[] } } }> }).events[0]!.workflowExecutionStartedEventAttributes.input.payloads[0]!.data).toBe(written.data);
    expect(saved).toContain(early);
  });

  it('hold memo entries named as search attributes are, and metadata entries named __proto__, as any others', () => {
    const payload = `{"metadata":{"__proto__":"eA==","encoding":"${encodeBase64Text('binary/encrypted')}"},"data":"c2VjcmV0"}`;
    const text = `{"events":[{"eventId":"1","workflowExecutionStartedEventAttributes":{"memo":{"fields":{"searchAttributes":${payload}}},"searchAttributes":{"indexedFields":{"x":${payload}}}}}]}`;
    const [slot, ...rest] = readHistoryFile(text).events[0]!.payloads;
    expect(rest).toEqual([]);
    expect(slot!.field).toBe('memo.fields.searchAttributes');
    expect(Object.keys(slot!.payload.metadata!)).toEqual(['__proto__', 'encoding']);
  });

  it('name no namespace: those their events name are other workflows’ (a parent’s, a child’s, a signalled one’s)', () => {
    const started = { parentWorkflowNamespace: 'parents' };
    const child = { namespace: 'children', workflowType: { name: 'Child' } };
    const text = JSON.stringify({ events: [{ eventId: '1', workflowExecutionStartedEventAttributes: started }, { eventId: '2', startChildWorkflowExecutionInitiatedEventAttributes: child }] });
    expect(readHistoryFile(text)).not.toHaveProperty('namespace');
  });
});
