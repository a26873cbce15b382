import { describe, expect, it } from 'vitest';
import { parseApiRoute } from './api-route';

describe('parseApiRoute', () => {
  const cases: Array<[string, ReturnType<typeof parseApiRoute>]> = [
    ['http://localhost:8233/api/v1/namespaces/default/workflows?query=x', { namespace: 'default', kind: 'workflows' }],
    ['https://ui.example.com/temporal/api/v1/namespaces/payments/workflows/wf-1?execution.runId=r', { namespace: 'payments', kind: 'describe' }],
    ['/api/v1/namespaces/default/workflows/order%2F42/history?execution.runId=r', { namespace: 'default', kind: 'history' }],
    ['/api/v1/namespaces/default/workflows/order-42/history-reverse', { namespace: 'default', kind: 'history-reverse' }],
    ['/api/v1/namespaces/default/workflows/order-42/query/__temporal_workflow_metadata', { namespace: 'default', kind: 'query' }],
    ['/api/v1/namespaces/default/archived-workflows?query=', { namespace: 'default', kind: 'workflows' }],
    ['/api/v1/namespaces/default/schedules/nightly', { namespace: 'default', kind: 'schedule' }],
    ['/api/v1/namespaces/my%20ns.acct/workflows', { namespace: 'my ns.acct', kind: 'workflows' }],
    ['/api/v1/namespaces/default/task-queues/orders', { namespace: 'default', kind: 'other' }],
    ['/api/v1/namespaces/default/workflows/wf/run/r/history.json', { namespace: 'default', kind: 'download' }],
    ['/api/v1/namespaces', null],
    ['/api/v1/namespaces/', null],
    ['/api/v1/settings', null],
    ['https://example.com/index.html', null],
    ['/api/v1/namespaces/%E0%A4%A/workflows', null],
  ];
  for (const [url, expected] of cases) it(url, () => expect(parseApiRoute(url)).toEqual(expected));
});
