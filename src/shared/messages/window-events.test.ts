import { describe, expect, it } from 'vitest';
import { frame, REQUEST_FIELDS_MAX_CHARS, unframe } from './window-events';

describe('the events that carry a batch between the page hook and the bridge', () => {
  it('carry the small fields and the packed text apart, whatever the text holds', () => {
    const text = JSON.stringify({ payloads: [{ data: 'a\nb' }], where: ['line\nbreak'] }) + '\n\n';
    expect(unframe(frame({ type: 'decode', id: 3, namespace: 'line\nbreak' }, text))).toEqual({ fields: { type: 'decode', id: 3, namespace: 'line\nbreak' }, text });
    expect(unframe(frame({ type: 'decoded', id: 3, failed: 'The extension did not answer.' }))).toEqual({ fields: { type: 'decoded', id: 3, failed: 'The extension did not answer.' } });
    expect(unframe(frame({ type: 'decoded', id: 4 }, ''))).toEqual({ fields: { type: 'decoded', id: 4 }, text: '' });
  });

  it('read nothing but a string whose first line is JSON, and fields no longer than asked', () => {
    for (const detail of [undefined, null, 42, { fields: {}, text: '' }, ['x'], 'not json\n{}', '']) expect(unframe(detail)).toBeUndefined();
    const long = `"${'x'.repeat(REQUEST_FIELDS_MAX_CHARS)}"\n{}`;
    expect(unframe(long, REQUEST_FIELDS_MAX_CHARS)).toBeUndefined();
    expect(unframe(long)).toEqual({ fields: 'x'.repeat(REQUEST_FIELDS_MAX_CHARS), text: '{}' });
  });
});
