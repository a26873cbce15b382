// The whole pipeline on recorded Web UI answers: find, decode with the fixtures' key, put back.
import { describe, expect, it } from 'vitest';
import { decodeBase64Text } from './base64';
import { parseApiRoute } from './api-route';
import { createDecodeService, type Decoder } from './decode-service';
import { createLocalDecoder } from './local/local-decoder';
import { payloadEncoding, type Payload } from './payload';
import { applyResults, findPayloads } from './api-json-walker';
import { FIXTURE_KEY_ID, fixtureKeyBytes, readUiApiFixture, uiApiFixtureNames } from '../../test-data/test-data';

interface Plaintexts {
  namespace: string;
  payloads: Array<{ where: string; ciphertextB64: string; plaintext: unknown }>;
}

const plaintextByCiphertext = new Map<string, unknown>();
for (const file of uiApiFixtureNames().filter((f) => f.startsWith('plaintexts-'))) {
  for (const p of readUiApiFixture<Plaintexts>(file).payloads) plaintextByCiphertext.set(p.ciphertextB64, p.plaintext);
}

// The requests of test-data/README.md, so the route parser is checked on the same answers.
const REQUESTS: Record<string, string> = {
  'settings.json': 'http://localhost:8233/api/v1/settings',
  'namespaces.json': 'http://localhost:8233/api/v1/namespaces',
  'workflows-default.json': 'http://localhost:8233/api/v1/namespaces/default/workflows?pageSize=100',
  'describe-order-42.json': 'http://localhost:8233/api/v1/namespaces/default/workflows/order-42?execution.runId=457c136e',
  'describe-order-44.json': 'http://localhost:8233/api/v1/namespaces/default/workflows/order-44?execution.runId=ceb60fa2',
  'history-order-42.json': 'http://localhost:8233/api/v1/namespaces/default/workflows/order-42/history?maximumPageSize=1000',
  'history-order-44.json': 'http://localhost:8233/api/v1/namespaces/default/workflows/order-44/history?maximumPageSize=1000',
  'history-reverse-order-42.json': 'http://localhost:8233/api/v1/namespaces/default/workflows/order-42/history-reverse',
  'history-refund-3.json': 'http://localhost:8233/api/v1/namespaces/payments/workflows/refund-3/history',
  'query-metadata-order-42.json': 'http://localhost:8233/api/v1/namespaces/default/workflows/order-42/query/__temporal_workflow_metadata',
};

const answerFiles = uiApiFixtureNames().filter((f) => !f.startsWith('plaintexts-'));

function searchAttributeSubtrees(node: unknown, out: string[] = []): string[] {
  if (typeof node !== 'object' || node === null) return out;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'searchAttributes') out.push(JSON.stringify(value));
    else searchAttributeSubtrees(value, out);
  }
  return out;
}

// An independent count: the fixtures encrypt with binary/encrypted only.
function countEncrypted(node: unknown): number {
  if (typeof node !== 'object' || node === null) return 0;
  const encoding = (node as { metadata?: { encoding?: unknown } }).metadata?.encoding;
  if (typeof encoding === 'string') return decodeBase64Text(encoding) === 'binary/encrypted' ? 1 : 0;
  return Object.values(node).reduce<number>((n, v) => n + countEncrypted(v), 0);
}

async function decodeAnswer(file: string) {
  const answer = readUiApiFixture(file);
  const original = readUiApiFixture(file);
  const sent: Payload[] = [];
  const local = createLocalDecoder([{ id: FIXTURE_KEY_ID, key: fixtureKeyBytes() }]);
  const decoder: Decoder = { id: 'local:fixtures', decode: (ps) => (sent.push(...ps), local.decode(ps)) };
  const slots = findPayloads(answer);
  const route = parseApiRoute(REQUESTS[file]!);
  const results = await createDecodeService().decode(route?.namespace ?? 'default', decoder, slots.map((s) => s.payload));
  applyResults(answer, slots, results.map((r) => (r.ok ? r.payload : null)));
  return { answer, original, slots, results, sent, route };
}

describe('recorded Web UI answers decode with the fixtures key', () => {
  it('every answer file has a known request', () => {
    expect(answerFiles.sort()).toEqual(Object.keys(REQUESTS).sort());
  });

  for (const file of answerFiles) {
    it(file, async () => {
      const { answer, original, slots, results, sent, route } = await decodeAnswer(file);
      if (file === 'settings.json' || file === 'namespaces.json') {
        expect(route).toBeNull();
        expect(slots).toEqual([]);
        return;
      }
      expect(route).not.toBeNull();
      expect(slots.length).toBe(countEncrypted(original));
      expect(results.every((r) => r.ok)).toBe(true);
      // Only encrypted payloads were handed to the decoder; identical ones once.
      expect(sent.every((p) => payloadEncoding(p) === 'binary/encrypted')).toBe(true);
      expect(new Set(sent.map((p) => p.data)).size).toBe(sent.length);

      const decodedSlots = findPayloads(answer);
      expect(decodedSlots).toEqual([]);
      for (const [i, slot] of slots.entries()) {
        const result = results[i]!;
        if (!result.ok) continue;
        expect(payloadEncoding(result.payload)).toBe('json/plain');
        const text = decodeBase64Text(result.payload.data!)!;
        const expected = plaintextByCiphertext.get(slot.payload.data!);
        // Payloads the plaintext files do not list must still be JSON.
        if (expected === undefined) expect(() => JSON.parse(text)).not.toThrow();
        else expect(JSON.parse(text), slot.path).toEqual(expected);
      }
      expect(searchAttributeSubtrees(answer)).toEqual(searchAttributeSubtrees(original));
    });
  }

  it('shows the real failure messages of order-44 through the cause chain', async () => {
    const { answer } = await decodeAnswer('history-order-44.json');
    const events = (answer as { history: { events: Array<Record<string, { failure?: { message: string; stackTrace?: string; cause?: { message: string } }; lastFailure?: { message: string } }>> } }).history.events;
    const failed = events.find((e) => e['workflowExecutionFailedEventAttributes'])!['workflowExecutionFailedEventAttributes']!;
    expect(failed.failure!.message).toBe('Activity task failed');
    expect(failed.failure!.cause!.message).toBe('Out of stock: ENIGMA-ROTOR (requested 5, available 0)');
    const started = events.find((e) => e['activityTaskStartedEventAttributes'])!['activityTaskStartedEventAttributes']!;
    expect(started.lastFailure!.message).toBe('Warehouse API timeout');
    expect(JSON.stringify(answer)).not.toContain('Encoded failure');
  });

  it('changes nothing in an answer except payloads and restored failure messages', async () => {
    const { answer, original, slots } = await decodeAnswer('describe-order-42.json');
    applyResults(answer, slots, slots.map((s) => s.payload));
    expect(answer).toEqual(original);
  });
});
