import { describe, expect, it } from 'vitest';
import { frozen } from './frozen';

describe('a value frozen for sharing', () => {
  it('cannot be changed at any depth', () => {
    const value = frozen({ rules: [{ id: 'r1', addresses: ['http://localhost:8233'] }], preferences: { statusChip: true } });
    expect(() => (value.rules[0]!.addresses[0] = 'http://localhost:8080')).toThrow(TypeError);
    expect(() => (value.preferences.statusChip = false)).toThrow(TypeError);
    expect(() => value.rules.push({ id: 'r2', addresses: [] })).toThrow(TypeError);
    expect(value.rules[0]!.addresses).toEqual(['http://localhost:8233']);
  });

  it('is frozen through a cycle, as storage can give back', () => {
    const raw: { self?: unknown; inner: { n: number } } = { inner: { n: 1 } };
    raw.self = raw;
    const value = frozen(raw);
    expect(Object.isFrozen(value.inner)).toBe(true);
    expect(value.self).toBe(value);
  });

  it('freezes what sits below an object already frozen', () => {
    const inner = { n: 1 };
    const value = frozen(Object.freeze({ inner }));
    expect(() => (value.inner.n = 2)).toThrow(TypeError);
  });
});
