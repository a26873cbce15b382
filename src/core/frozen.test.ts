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

  it('leaves a typed array as it is, and is frozen around it', () => {
    const value = frozen({ setAside: [{ raw: { bytes: new Uint8Array([1, 2, 3]) } }] });
    expect(Object.isFrozen(value.setAside[0]!.raw)).toBe(true);
    expect(value.setAside[0]!.raw.bytes).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('is frozen however deep it is nested', () => {
    let deep: { inner?: unknown } = {};
    const top = deep;
    for (let level = 0; level < 100_000; level++) deep = deep.inner = {};
    expect(Object.isFrozen(frozen(top))).toBe(true);
    expect(Object.isFrozen(deep)).toBe(true);
  });
});

