import { describe, expect, it } from 'vitest';
import { PACKED_TEXTS_MAX } from './limits';
import { dispatchFramed, listenFramed, REQUEST_FIELDS_MAX_CHARS } from './window-events';

const TYPE = 'payload-lens:test';

/** A window with one listener for messages sent as TYPE: what it received. */
function listening(maxFieldsChars?: number) {
  const win = new EventTarget() as unknown as Window;
  const received: Array<{ fields: unknown; texts?: string[] }> = [];
  listenFramed(win, TYPE, (fields, texts) => received.push({ fields, ...(texts === undefined ? {} : { texts }) }), maxFieldsChars);
  return { win, received, dispatch: (type: string, detail: unknown) => win.dispatchEvent(new CustomEvent(type, { detail })) };
}

describe('the events that carry a batch between the page hook and the bridge', () => {
  it('carry the small fields and the packed texts apart, in order, whatever the texts hold', () => {
    const { win, received } = listening();
    const text = JSON.stringify({ payloads: [{ data: 'a\nb' }], where: ['line\nbreak'] }) + '\n\n';
    dispatchFramed(win, TYPE, { type: 'decode', id: 3, namespace: 'line\nbreak' }, [text, '{}', text]);
    dispatchFramed(win, TYPE, { type: 'decoded', id: 3, failed: 'The extension did not answer.' });
    dispatchFramed(win, TYPE, { type: 'decoded', id: 4 }, ['']);
    expect(received).toEqual([
      { fields: { type: 'decode', id: 3, namespace: 'line\nbreak' }, texts: [text, '{}', text] },
      { fields: { type: 'decoded', id: 3, failed: 'The extension did not answer.' } },
      { fields: { type: 'decoded', id: 4 }, texts: [''] },
    ]);
  });

  it('carry each text alone in an event of its own, before the fields: nothing joins them', () => {
    const { win } = listening();
    const text = 'x'.repeat(1000);
    const seen: unknown[] = [];
    for (const type of [TYPE, `${TYPE}:text`]) win.addEventListener(type, (event) => seen.push([type, (event as CustomEvent<unknown>).detail]));
    dispatchFramed(win, TYPE, { type: 'decode', id: 1 }, [text, 'y']);
    expect(seen).toEqual([
      [`${TYPE}:text`, text],
      [`${TYPE}:text`, 'y'],
      [TYPE, '{"type":"decode","id":1}'],
    ]);
  });

  it('give texts to the fields right after them only, and carry nothing for a text event that holds no text', () => {
    const { win, received, dispatch } = listening();
    dispatch(`${TYPE}:text`, 'first');
    dispatch(`${TYPE}:text`, 'second');
    dispatchFramed(win, TYPE, { id: 1 });
    dispatchFramed(win, TYPE, { id: 2 });
    dispatch(`${TYPE}:text`, { not: 'a string' });
    dispatchFramed(win, TYPE, { id: 3 });
    dispatch(`${TYPE}:text`, 'third');
    dispatch(`${TYPE}:text`, 4);
    dispatchFramed(win, TYPE, { id: 4 });
    expect(received).toEqual([{ fields: { id: 1 }, texts: ['first', 'second'] }, { fields: { id: 2 } }, { fields: { id: 3 } }, { fields: { id: 4 }, texts: ['third'] }]);
  });

  it('keep no more texts for one message than one past the most a batch is packed in', () => {
    const { win, received, dispatch } = listening();
    for (let i = 0; i < PACKED_TEXTS_MAX + 5; i++) dispatch(`${TYPE}:text`, 't');
    dispatchFramed(win, TYPE, { id: 1 });
    expect(received[0]?.texts).toHaveLength(PACKED_TEXTS_MAX + 1);
  });

  it('give a text left alone to no later message', async () => {
    const { win, received, dispatch } = listening();
    dispatch(`${TYPE}:text`, 'left behind');
    await Promise.resolve();
    dispatchFramed(win, TYPE, { id: 1 });
    expect(received).toEqual([{ fields: { id: 1 } }]);
  });

  it('read nothing but fields that are JSON text, no longer than asked', () => {
    const { received, dispatch } = listening(REQUEST_FIELDS_MAX_CHARS);
    for (const detail of [undefined, null, 42, { fields: {}, text: '' }, ['x'], 'not json', '', '{"id":1}\n{}', `"${'x'.repeat(REQUEST_FIELDS_MAX_CHARS)}"`]) dispatch(TYPE, detail);
    dispatch(TYPE, `"${'x'.repeat(REQUEST_FIELDS_MAX_CHARS - 2)}"`);
    expect(received).toEqual([{ fields: 'x'.repeat(REQUEST_FIELDS_MAX_CHARS - 2) }]);
  });
});
