// A synthetic 1000-event history in the Web UI API's shape, one encrypted payload per event.
import { encodeBase64Text } from '../src/core/base64';
import { encryptPayload, type LocalKey } from '../src/core/local/local-decoder';

export const BENCH_KEY: LocalKey = { id: 'bench-key', key: crypto.getRandomValues(new Uint8Array(32)) };

const EVENT_KINDS = [
  ['EVENT_TYPE_ACTIVITY_TASK_SCHEDULED', 'activityTaskScheduledEventAttributes', 'input'],
  ['EVENT_TYPE_ACTIVITY_TASK_COMPLETED', 'activityTaskCompletedEventAttributes', 'result'],
  ['EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED', 'workflowExecutionSignaledEventAttributes', 'input'],
  ['EVENT_TYPE_MARKER_RECORDED', 'markerRecordedEventAttributes', 'details'],
] as const;

export async function buildHistory(events: number): Promise<{ history: unknown; payloadJsonBytes: number }> {
  const list: unknown[] = [];
  let payloadJsonBytes = 0;
  for (let i = 0; i < events; i++) {
    const [eventType, attributes, field] = EVENT_KINDS[i % EVENT_KINDS.length]!;
    const plaintext = JSON.stringify({
      orderId: `order-${i}`,
      accountId: 12345678901234567890n.toString() + i,
      customer: { name: 'Ada Lovelace', email: `ada+${i}@example.com`, tier: i % 3 === 0 ? 'gold' : 'silver' },
      items: [
        { sku: 'BOOK-ENGINE-1843', qty: 1 + (i % 4), unitPrice: 42.5 },
        { sku: 'PUNCHCARD-100', qty: 3, unitPrice: 4.5 },
      ],
      note: 'x'.repeat(120 + (i % 50)),
    });
    const payload = await encryptPayload({ metadata: { encoding: encodeBase64Text('json/plain') }, data: encodeBase64Text(plaintext) }, BENCH_KEY);
    payloadJsonBytes += JSON.stringify(payload).length;
    const container = field === 'details' ? { data: { payloads: [payload] } } : { payloads: [payload] };
    list.push({
      eventId: String(i + 1),
      eventTime: new Date(Date.UTC(2026, 4, 4, 14, 0, 0, i)).toISOString(),
      eventType,
      taskId: String(1048576 + i),
      [attributes]: { [field]: container, identity: '4242@worker-host-1@', scheduledEventId: String(i) },
    });
  }
  return { history: { history: { events: list }, nextPageToken: null }, payloadJsonBytes };
}
