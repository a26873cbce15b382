/** What the fixture Web UI should show, computed from the shared fixtures rather than written down. */
import { readFileSync } from 'node:fs';
import { readUiApiFixture, uiApiFixture } from '../../test-data/test-data';

interface PlaintextEntry {
  where: string;
  plaintext: unknown;
}

/** Canonical text of a JSON value, so key order and spacing do not matter in comparisons. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/** Plaintexts of the event inputs and results of a workflow's history, as canonical JSON, sorted. */
export function expectedInputsAndResults(workflow: 'order-42' | 'order-44'): string[] {
  const { payloads } = JSON.parse(readFileSync(uiApiFixture(`plaintexts-${workflow}.json`), 'utf8')) as { payloads: PlaintextEntry[] };
  return payloads
    .filter((entry) => /^[A-Za-z]+(\([^)]*\))?\.(input|result)\.payloads\[\d+\]$/.test(entry.where) && !entry.where.startsWith('QueryWorkflow'))
    .map((entry) => canonical(entry.plaintext))
    .sort();
}

/** The raw input and result payloads of a recorded history, as the UI shows them without decoding. */
export function rawInputsAndResults(historyFile: string): string[] {
  const history = JSON.parse(readFileSync(uiApiFixture(historyFile), 'utf8')) as { history: { events: Array<Record<string, unknown>> } };
  const shown: string[] = [];
  for (const event of history.history.events) {
    const attributesKey = Object.keys(event).find((key) => key.endsWith('EventAttributes'));
    const attributes = (attributesKey ? event[attributesKey] : {}) as Record<string, { payloads?: unknown[] } | undefined>;
    for (const field of ['input', 'result']) for (const payload of attributes[field]?.payloads ?? []) shown.push(JSON.stringify(payload));
  }
  return shown.sort();
}

/** An encrypted payload of the fixtures (order-42's input), opened by the fixture key. */
export function fixtureCiphertext(): unknown {
  const events = readUiApiFixture<{ history: { events: Array<Record<string, { input?: { payloads: unknown[] } }>> } }>('history-order-42.json').history.events;
  const started = events.find((event) => event['workflowExecutionStartedEventAttributes'])!;
  return started['workflowExecutionStartedEventAttributes']!.input!.payloads[0];
}
