import { describe, expect, it } from 'vitest';
import type { PrivateEntryView } from '../shared/messages/private-view';
import { organise } from './workflow-view';

const ok = (data: string) => ({ ok: true as const, payload: { metadata: { encoding: 'anNvbi9wbGFpbg==' }, data } });
const run = { workflowId: 'order-42', runId: 'r1' };
const entry = (where: string, about: PrivateEntryView['about'], data = 'e30='): PrivateEntryView => ({ namespace: 'default', where, about, result: ok(data) });

describe('a tab’s private view, organised as the Web UI shows a workflow', () => {
  it('puts input, result, memo and summary first, then every event in id order', () => {
    const [workflow, ...others] = organise([
      entry('history.events[13].workflowExecutionCompletedEventAttributes.result.payloads[0]', { ...run, eventId: '14' }, 'cmVzdWx0'),
      entry('history.events[0].workflowExecutionStartedEventAttributes.input.payloads[0]', { ...run, eventId: '1' }, 'aW5wdXQ='),
      entry('history.events[0].workflowExecutionStartedEventAttributes.memo.fields.customerTier', { ...run, eventId: '1' }),
      entry('history.events[0].userMetadata.summary', { ...run, eventId: '1' }),
      entry('history.events[1].activityTaskScheduledEventAttributes.input.payloads[0]', { ...run, eventId: '9007199254740993' }),
      entry('workflowExecutionInfo.memo.fields.customerTier', run, 'Z29sZA=='),
      entry('executionConfig.userMetadata.summary', run),
      entry('pendingActivities[0].heartbeatDetails.payloads[0]', run),
    ]);
    expect(others).toEqual([]);
    expect(workflow!.input.map((p) => p.payload.data)).toEqual(['aW5wdXQ=']);
    expect(workflow!.result.map((p) => [p.field, p.payload.data])).toEqual([['WorkflowExecutionCompleted: result.payloads[0]', 'cmVzdWx0']]);
    // The describe answer's memo replaces the history's copy of the same field.
    expect(workflow!.memo.map((p) => [p.field, p.payload.data])).toEqual([['customerTier', 'Z29sZA==']]);
    expect(workflow!.summary.map((p) => p.field)).toEqual(['summary']);
    expect(workflow!.events.map((e) => [e.id, e.type])).toEqual([
      ['1', 'WorkflowExecutionStarted'],
      ['14', 'WorkflowExecutionCompleted'],
      ['9007199254740993', 'ActivityTaskScheduled'],
    ]);
    expect(workflow!.events[0]!.payloads.map((p) => p.field)).toEqual(['input.payloads[0]', 'memo.fields.customerTier', 'userMetadata.summary']);
    expect(workflow!.elsewhere.map((p) => p.field)).toEqual(['pendingActivities[0].heartbeatDetails.payloads[0]']);
  });

  it('gives a query’s answer, which names no run, to the one run of its workflow on the page', () => {
    const views = organise([entry('history.events[0].workflowExecutionStartedEventAttributes.input.payloads[0]', { ...run, eventId: '1' }), entry('queryResult.payloads[0]', { workflowId: 'order-42' })]);
    expect(views).toHaveLength(1);
    expect(views[0]!.elsewhere.map((p) => p.field)).toEqual(['queryResult.payloads[0]']);
  });

  it('keeps runs and namespaces apart, and says why a payload was not decoded', () => {
    const failed: PrivateEntryView = { namespace: 'payments', where: 'executions[0].memo.fields.note', about: { workflowId: 'refund-3', runId: 'r9' }, result: { ok: false, sentence: 'The key did not open this payload.' } };
    const views = organise([entry('executions[0].memo.fields.note', run), failed]);
    expect(views.map((v) => [v.namespace, v.workflowId, v.runId])).toEqual([
      ['default', 'order-42', 'r1'],
      ['payments', 'refund-3', 'r9'],
    ]);
    expect(views[1]!.memo).toEqual([{ field: 'note', payload: {}, problem: 'The key did not open this payload.' }]);
  });

  it('lays out a tab’s share of small results, each place once and in the order first seen, and queries of many workflows', () => {
    const places = Array.from({ length: 60_000 }, (_, i) => `pendingActivities[${i}].heartbeatDetails.payloads[0]`);
    // Every place twice (a second load of the page), and a query's answer for each of 5,000 workflows besides.
    const entries = [...places, ...places].map((where, i) => entry(where, run, i < places.length ? 'b2xk' : 'bmV3'));
    entries.push(...Array.from({ length: 5_000 }, (_, i) => entry('queryResult.payloads[0]', { workflowId: `other-${i}` })));
    const [workflow, ...queries] = organise(entries);
    expect(workflow!.elsewhere.map((p) => p.field)).toEqual(places);
    expect(workflow!.elsewhere.every((p) => p.payload.data === 'bmV3')).toBe(true);
    expect(queries).toHaveLength(5_000);
  });
});
