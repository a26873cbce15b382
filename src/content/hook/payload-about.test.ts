import { describe, expect, it } from 'vitest';
import { findPayloads } from '../../core/api-json-walker';
import { readUiApiFixture } from '../../../test-data/test-data';
import { aboutPayloads, runOfUrl } from './payload-about';

const RUN = '457c136e-cb78-4ac3-abc6-62352d40e66e';

describe('which workflow and event a payload belongs to', () => {
  it('reads the run from the address the page called', () => {
    expect(runOfUrl(`/api/v1/namespaces/default/workflows/order%2F42/history?execution.runId=${RUN}`)).toEqual({ workflowId: 'order/42', runId: RUN });
    expect(runOfUrl(`/api/v1/namespaces/default/workflows/order-42/run/${RUN}/history.json`)).toEqual({ workflowId: 'order-42', runId: RUN });
    expect(runOfUrl('/api/v1/namespaces/default/workflows?query=x')).toEqual({});
  });

  it('gives each history payload its event id, at whatever index the page of history held it', () => {
    const answer = readUiApiFixture<{ history: { events: Array<{ eventId: string }> } }>('history-order-42.json');
    const slots = findPayloads(answer);
    const about = aboutPayloads(answer, slots, `/api/v1/namespaces/default/workflows/order-42/history?execution.runId=${RUN}`);
    expect(about).toHaveLength(slots.length);
    slots.forEach((slot, i) => expect(about[i]).toEqual({ workflowId: 'order-42', runId: RUN, eventId: answer.history.events[slot.location[2] as number]!.eventId }));
  });

  it('gives a list’s memos the run of their own execution', () => {
    const answer = readUiApiFixture<{ executions: Array<{ execution: { workflowId: string; runId: string } }> }>('workflows-default.json');
    const slots = findPayloads(answer);
    expect(slots.length).toBeGreaterThan(0);
    aboutPayloads(answer, slots, '/api/v1/namespaces/default/workflows').forEach((about, i) => expect(about).toEqual(answer.executions[slots[i]!.location[1] as number]!.execution));
  });

  it('gives a describe answer’s payloads the run it describes', () => {
    const answer = readUiApiFixture('describe-order-42.json');
    const about = aboutPayloads(answer, findPayloads(answer), '/api/v1/namespaces/default/workflows/order-42');
    expect(new Set(about.map((a) => JSON.stringify(a)))).toEqual(new Set([JSON.stringify({ workflowId: 'order-42', runId: RUN })]));
  });
});
