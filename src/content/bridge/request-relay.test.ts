import { afterEach, describe, expect, it, vi } from 'vitest';
import { explainError, NO_ANSWER_SENTENCE } from '../../core/errors';
import { createRelayShare } from './relay-share';
import { createRequestRelay, SHOW_PROGRESS_AFTER_MS, type RelayedRequest, type RequestRelayDeps } from './request-relay';

const BATCH = ['{"payloads":[{"data":"QUJD"}],"where":["a"]}', '{"payloads":[{"data":"REVG"}],"where":["b"]}'];
const BATCH_CHARS = BATCH[0]!.length + BATCH[1]!.length;
const request = (fields: Partial<RelayedRequest> = {}): RelayedRequest => ({ type: 'decode', id: 1, namespace: 'default', count: 2, batch: BATCH, ...fields });

/** A relay whose background answers as `ask` says, and everything it tells the hook, the background and the chip. */
function setup(ask: RequestRelayDeps['ask'], share = createRelayShare()) {
  const deps = { share, ask: vi.fn(ask), reply: vi.fn(), report: vi.fn(), underWay: vi.fn() };
  return { relay: createRequestRelay(deps), ...deps };
}

/** Lets the relay's promise chain settle. */
const settled = () => new Promise((resolve) => setTimeout(resolve));

describe('a request relayed to the background', () => {
  afterEach(() => vi.useRealTimers());

  it('hands the page the background’s outcomes as they came, and reports nothing', async () => {
    const { relay, reply, report } = setup(async () => ['[{"ok":true}]']);
    relay(request());
    await settled();
    expect(reply).toHaveBeenCalledWith({ type: 'decoded', id: 1 }, ['[{"ok":true}]']);
    expect(report).not.toHaveBeenCalled();
  });

  it('answers a decode past the tab’s share at once, as too busy, and reports its payloads; the background is not asked', () => {
    const share = createRelayShare(BATCH_CHARS);
    expect(share.take(BATCH_CHARS)).toBeDefined();
    const { relay, reply, report, ask } = setup(async () => ['[]'], share);
    relay(request());
    expect(reply).toHaveBeenCalledWith({ type: 'decoded', id: 1, failed: explainError({ kind: 'too-busy' }) });
    expect(report).toHaveBeenCalledWith('default', BATCH, 2, 'too-busy');
    expect(ask).not.toHaveBeenCalled();
  });

  it('reports a decode the background never answered, after answering the page with why', async () => {
    const { relay, reply, report } = setup(() => Promise.reject(new Error(NO_ANSWER_SENTENCE)));
    relay(request());
    await settled();
    expect(reply).toHaveBeenCalledWith({ type: 'decoded', id: 1, failed: NO_ANSWER_SENTENCE });
    expect(report).toHaveBeenCalledWith('default', BATCH, 2, 'no-answer');
    expect(reply.mock.invocationCallOrder[0]).toBeLessThan(report.mock.invocationCallOrder[0]!);
  });

  it('does not report a request the background answered with its own refusal, nor any encode', async () => {
    const refused = setup(() => Promise.reject(new Error('The page sent a request the background does not accept.')));
    refused.relay(request());
    await settled();
    expect(refused.reply).toHaveBeenCalledWith({ type: 'decoded', id: 1, failed: 'The page sent a request the background does not accept.' });
    expect(refused.report).not.toHaveBeenCalled();
    const encode = setup(() => Promise.reject(new Error(NO_ANSWER_SENTENCE)));
    encode.relay(request({ type: 'encode' }));
    await settled();
    expect(encode.reply).toHaveBeenCalledWith({ type: 'encoded', id: 1, failed: NO_ANSWER_SENTENCE });
    expect(encode.report).not.toHaveBeenCalled();
  });

  it('gives the tab’s share back once answered, however', async () => {
    const share = createRelayShare(BATCH_CHARS);
    const { relay } = setup(() => Promise.reject(new Error(NO_ANSWER_SENTENCE)), share);
    relay(request());
    expect(share.take(BATCH_CHARS)).toBeUndefined();
    await settled();
    expect(share.take(BATCH_CHARS)).toBeDefined();
  });

  it('shows a decode as under way on the chip only once it outlasts a moment, and takes it off when answered', async () => {
    vi.useFakeTimers();
    let answer: (outcomes: string[]) => void = () => undefined;
    const { relay, underWay } = setup(() => new Promise((resolve) => (answer = resolve)));
    relay(request());
    await vi.advanceTimersByTimeAsync(SHOW_PROGRESS_AFTER_MS - 1);
    expect(underWay).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(underWay).toHaveBeenLastCalledWith(2);
    answer(['[]']);
    await vi.advanceTimersByTimeAsync(0);
    expect(underWay).toHaveBeenLastCalledWith(-2);
    const quick = setup(async () => ['[]']);
    quick.relay(request());
    await vi.advanceTimersByTimeAsync(SHOW_PROGRESS_AFTER_MS * 2);
    expect(quick.underWay).not.toHaveBeenCalled();
  });
});
