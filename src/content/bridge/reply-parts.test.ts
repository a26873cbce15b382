import { describe, expect, it } from 'vitest';
import { createReplyParts } from './reply-parts';

const part = (id: number, index: number, parts: number, text: string) => ({ id, part: index, parts, text });

describe('a reply in parts, on the bridge', () => {
  it('is the parts joined into one packed text, once the last came in order', () => {
    const parts = createReplyParts();
    expect(parts.take(part(1, 0, 3, '[{"ok"'))).toBe('more');
    expect(parts.take(part(1, 1, 3, ':true,"payload":{}'))).toBe('more');
    expect(parts.take(part(1, 2, 3, '}]'))).toEqual({ reply: { ok: true, value: ['[{"ok":true,"payload":{}}]'] } });
  });

  it('keeps each request’s parts apart', () => {
    const parts = createReplyParts();
    expect(parts.take(part(1, 0, 2, 'a'))).toBe('more');
    expect(parts.take(part(2, 0, 2, 'x'))).toBe('more');
    expect(parts.take(part(2, 1, 2, 'y'))).toEqual({ reply: { ok: true, value: ['xy'] } });
    expect(parts.take(part(1, 1, 2, 'b'))).toEqual({ reply: { ok: true, value: ['ab'] } });
  });

  it('is refused when a series does not start at its first part, skips one, repeats one, or changes its count', () => {
    const parts = createReplyParts();
    expect(parts.take(part(1, 1, 2, 'b'))).toBe('refused');
    for (const [second, count] of [
      [2, 3],
      [0, 3],
      [1, 4],
    ]) {
      expect(parts.take(part(2, 0, 3, 'a'))).toBe('more');
      expect(parts.take(part(2, second!, count!, 'b'))).toBe('refused');
    }
  });

  it('keeps nothing of a refused series: a later part of it is refused too', () => {
    const parts = createReplyParts();
    expect(parts.take(part(1, 0, 3, 'a'))).toBe('more');
    expect(parts.take(part(1, 2, 3, 'c'))).toBe('refused');
    expect(parts.take(part(1, 1, 3, 'b'))).toBe('refused');
  });

  it('keeps nothing of a request it was told to forget', () => {
    const parts = createReplyParts();
    expect(parts.take(part(1, 0, 2, 'a'))).toBe('more');
    parts.forget(1);
    expect(parts.take(part(1, 1, 2, 'b'))).toBe('refused');
  });
});
