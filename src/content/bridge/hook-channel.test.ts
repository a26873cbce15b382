import { describe, expect, it } from 'vitest';
import { HOOK_SOURCE, MESSAGE_LIMITS, PACKED_TEXTS_MAX } from '../../shared/messages/limits';
import { packBatch } from '../../shared/messages/packed';
import { BRIDGE_PRESENCE_EVENT, BRIDGE_REPLY_EVENT, dispatchFramed, HOOK_REQUEST_EVENT, listenFramed, REQUEST_FIELDS_MAX_CHARS } from '../../shared/messages/window-events';
import { answerPresence, listenToHook, replyToHook } from './hook-channel';

const batch = packBatch({ payloads: [{ metadata: { encoding: 'YmluYXJ5L2VuY3J5cHRlZA==' }, data: 'c2VjcmV0' }], where: ['input'] });

/** A window with the bridge listening on it, and what reached the listener. */
function bridgeOn() {
  const win = Object.assign(new EventTarget(), { location: { origin: 'http://localhost:8233' } });
  const heard = { signals: [] as unknown[], requests: [] as unknown[], refused: [] as unknown[] };
  listenToHook(win as unknown as Window, {
    onSignal: (message) => heard.signals.push(message),
    onRequest: (message) => heard.requests.push(message),
    onRefused: (request) => heard.refused.push(request),
  });
  /** A request as the hook sends it. */
  const send = (fields: object, texts?: readonly string[]) => dispatchFramed(win as unknown as Window, HOOK_REQUEST_EVENT, fields, texts);
  /** Any event of the request's kind, as a page can dispatch it. */
  const sendEvent = (detail: unknown) => win.dispatchEvent(new CustomEvent(HOOK_REQUEST_EVENT, { detail }));
  return { win, heard, send, sendEvent };
}

describe('the bridge’s side of the window channel', () => {
  it('takes a request to decode from an event, its batch as it came', () => {
    const { heard, send } = bridgeOn();
    send({ type: 'decode', id: 4, namespace: 'default', count: 1 }, batch);
    expect(heard.requests).toEqual([{ source: HOOK_SOURCE, type: 'decode', id: 4, namespace: 'default', count: 1, batch }]);
    expect(heard.refused).toEqual([]);
  });

  it('relays a batch without reading it, whatever it holds: the background checks it', () => {
    const { heard, send } = bridgeOn();
    send({ type: 'decode', id: 1, namespace: 'default', count: 1 }, ['{"payloads":', '[]']);
    expect(heard.requests).toEqual([{ source: HOOK_SOURCE, type: 'decode', id: 1, namespace: 'default', count: 1, batch: ['{"payloads":', '[]'] }]);
    expect(heard.refused).toEqual([]);
  });

  it('refuses at once, by id, a request it will not relay: no batch, a batch too long or in too many texts, a count too large, fields it does not know', () => {
    const { heard, send } = bridgeOn();
    send({ type: 'encode', id: 2, namespace: 'default', count: MESSAGE_LIMITS.payloads + 1 }, batch);
    send({ type: 'decode', id: 3, namespace: 'default', count: 1, extra: true }, batch);
    send({ type: 'decode', id: 5, namespace: 'default', count: 1 });
    send({ type: 'decode', id: 7, namespace: 'default', count: 1 }, [' '.repeat(MESSAGE_LIMITS.packedChars + 1)]);
    send({ type: 'decode', id: 8, namespace: 'default', count: 1 }, [' '.repeat(MESSAGE_LIMITS.packedChars / 2), ' '.repeat(MESSAGE_LIMITS.packedChars / 2 + 1)]);
    send({ type: 'decode', id: 9, namespace: 'default', count: 1 }, new Array<string>(PACKED_TEXTS_MAX + 1).fill('{}'));
    expect(heard.refused).toEqual([
      { id: 2, type: 'encode' },
      { id: 3, type: 'decode' },
      { id: 5, type: 'decode' },
      { id: 7, type: 'decode' },
      { id: 8, type: 'decode' },
      { id: 9, type: 'decode' },
    ]);
    expect(heard.requests).toEqual([]);
  });

  it('ignores what is not a request: other details, and a request posted as a window message', () => {
    const { win, heard, send, sendEvent } = bridgeOn();
    for (const detail of [undefined, { type: 'decode', id: 1 }, 'nonsense', `${JSON.stringify({ type: 'decode', id: 8, namespace: 'default', count: 1 })}\n${batch[0]}`]) sendEvent(detail);
    send({ type: 'plan?', namespace: 'default' }, batch);
    send({ type: 'decode', id: 6, namespace: 'n'.repeat(REQUEST_FIELDS_MAX_CHARS), count: 1 }, batch);
    const posted = new MessageEvent('message', { data: { source: HOOK_SOURCE, type: 'decode', id: 9, namespace: 'default', count: 1, batch } });
    Object.defineProperty(posted, 'source', { value: win });
    win.dispatchEvent(posted);
    expect(heard).toEqual({ signals: [], requests: [], refused: [] });
  });

  it('replies as an event the hook reads: the fields, and the packed outcomes apart', () => {
    const { win } = bridgeOn();
    const replies: unknown[] = [];
    listenFramed(win as unknown as Window, BRIDGE_REPLY_EVENT, (fields, texts) => replies.push({ fields, ...(texts === undefined ? {} : { texts }) }));
    replyToHook(win as unknown as Window, { type: 'decoded', id: 4 }, ['[{"ok":true}]', '[]']);
    replyToHook(win as unknown as Window, { type: 'encoded', id: 5, failed: 'The extension did not answer.' });
    expect(replies).toEqual([{ fields: { type: 'decoded', id: 4 }, texts: ['[{"ok":true}]', '[]'] }, { fields: { type: 'encoded', id: 5, failed: 'The extension did not answer.' } }]);
  });

  it('takes the hook’s signals from window messages of this window only', () => {
    const { win, heard } = bridgeOn();
    const hello = (source: unknown) => {
      const event = new MessageEvent('message', { data: { source: HOOK_SOURCE, type: 'hello' } });
      Object.defineProperty(event, 'source', { value: source });
      win.dispatchEvent(event);
    };
    hello({});
    hello(win);
    expect(heard.signals).toEqual([{ source: HOOK_SOURCE, type: 'hello' }]);
  });
});

describe('the bridge answering whether it is still there', () => {
  it('cancels the hook’s event while its extension is there, and lets it pass once it is not', () => {
    const win = new EventTarget();
    let present = true;
    answerPresence(win as unknown as Window, () => present);
    const ask = () => win.dispatchEvent(new CustomEvent(BRIDGE_PRESENCE_EVENT, { cancelable: true }));
    expect(ask()).toBe(false);
    present = false;
    expect(ask()).toBe(true);
  });
});
