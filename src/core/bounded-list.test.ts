import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { boundedList } from './bounded-list';
import { claimedList } from './test-support/claimed-list';

const list = boundedList(v.pipe(v.string(), v.maxLength(3)), 2, 'At most two.');

describe('a bounded list', () => {
  it('is its items, each checked, within its bound', () => {
    expect(v.parse(list, ['a', 'bc'])).toEqual(['a', 'bc']);
    expect(v.safeParse(list, ['a', 'long']).success).toBe(false);
    expect(v.safeParse(list, 'ab').issues?.[0].message).toBe('Not a list.');
  });

  it('is refused by its length before any item is looked at', () => {
    const read: number[] = [];
    const items = ['a', 'b', 'c'];
    const watched = new Proxy(items, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) read.push(Number(key));
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    expect(v.safeParse(list, watched).issues?.map((issue) => issue.message)).toEqual(['At most two.']);
    expect(read).toEqual([]);
    expect(v.safeParse(list, claimedList('an item')).issues?.map((issue) => issue.message)).toEqual(['At most two.']);
  });
});
