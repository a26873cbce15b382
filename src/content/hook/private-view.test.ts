import { describe, expect, it, vi } from 'vitest';
import { encodeBase64Text } from '../../core/base64';
import type { PayloadAbout, WirePayload } from '../../shared/messages/payloads';
import type { BridgeChannel, NamespacePlan } from './bridge-channel';
import { hookFetch } from './fetch-hook';

const ORIGIN = 'http://localhost:8233';
const RUN = '457c136e-cb78-4ac3-abc6-62352d40e66e';
const URL_OF_HISTORY = `${ORIGIN}/api/v1/namespaces/default/workflows/order-42/history?execution.runId=${RUN}`;
const encrypted = { metadata: { encoding: encodeBase64Text('binary/encrypted') }, data: 'c2VjcmV0' };
const ANSWER = `{"history":{"events":[{"eventId":"7","workflowExecutionStartedEventAttributes":{"input":{"payloads":[${JSON.stringify(encrypted)}]}}}]},"n":12345678901234567890}`;

describe('the page hook with a private view', () => {
  it('hands the page its answer untouched and the extension the payloads, with the run and event of each', async () => {
    const plan: NamespacePlan = { decode: true, encode: false, privateView: true, payloadsPerRequest: 0 };
    const asked = vi.fn<(namespace: string, payloads: WirePayload[], where: string[], about?: PayloadAbout[]) => void>();
    const channel: BridgeChannel = {
      plan: async () => plan,
      knownPlan: () => plan,
      async decode(namespace, payloads, where, _timeoutMs, about) {
        asked(namespace, payloads, where, about);
        return payloads.map(() => ({ metadata: { encoding: encodeBase64Text('json/plain') }, data: encodeBase64Text('"plaintext"') }));
      },
      encode: async () => null,
    };
    const page = {
      document: { baseURI: `${ORIGIN}/namespaces/default/workflows/order-42/${RUN}/history` },
      fetch: async () => new Response(ANSWER, { status: 200, headers: { 'content-type': 'application/json' } }),
    } as unknown as Window & typeof globalThis;
    hookFetch(page, channel);

    const response = await page.fetch(URL_OF_HISTORY);
    expect(await response.text()).toBe(ANSWER);
    await vi.waitFor(() => expect(asked).toHaveBeenCalledTimes(1));
    expect(asked).toHaveBeenCalledWith('default', [encrypted], ['history.events[0].workflowExecutionStartedEventAttributes.input.payloads[0]'], [{ workflowId: 'order-42', runId: RUN, eventId: '7' }]);
  });
});
