import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzSettings } from '../test-support/fuzz';
import { describeNamespaces, namespaceMatches, namespaceSpecificity, parseNamespacePattern, patternsOverlap } from './namespace-pattern';

/** A reference matcher: the pattern as a regular expression. */
const reference = (pattern: string, namespace: string) =>
  new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's').test(namespace);

// Small alphabets make matches and overlaps common enough to be tested.
const name = fc.string({ unit: fc.constantFrom('a', 'b', '-'), maxLength: 8 });
const pattern = fc.string({ unit: fc.constantFrom('a', 'b', '-', '*'), minLength: 1, maxLength: 6 });

describe('a namespace pattern', () => {
  it('matches exact names exactly, and * as any run of characters', () => {
    expect(namespaceMatches('payments', 'payments')).toBe(true);
    expect(namespaceMatches('payments', 'payments-eu')).toBe(false);
    expect(namespaceMatches('payments-*', 'payments-eu')).toBe(true);
    expect(namespaceMatches('payments-*', 'payments')).toBe(false);
    expect(namespaceMatches('*-prod', 'orders-prod')).toBe(true);
    expect(namespaceMatches('*', 'anything.at-all')).toBe(true);
  });

  it('agrees with a regular expression on every pattern and name', () => {
    fc.assert(fc.property(pattern, name, (p, n) => namespaceMatches(p, n) === reference(p, n)), fuzzSettings());
  });

  it('overlaps another exactly when some namespace matches both', () => {
    // Two patterns that overlap do so on a name no longer than both together: with patterns of up to
    // four characters, every name of up to eight is a complete search.
    const names = (max: number): string[] => {
      const out = [''];
      for (let length = 1; length <= max; length++) for (const prefix of out.filter((n) => n.length === length - 1)) for (const c of 'ab-') out.push(prefix + c);
      return out;
    };
    const all = names(8);
    const short = fc.string({ unit: fc.constantFrom('a', 'b', '-', '*'), minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(short, short, (a, b) => {
        const witness = all.some((n) => namespaceMatches(a, n) && namespaceMatches(b, n));
        return patternsOverlap(a, b) === witness;
      }),
      fuzzSettings({ numRuns: 300 }),
    );
  });

  it('ranks an exact name over patterns, longer patterns over shorter ones, and * last', () => {
    const order = ['*', 'pay*', 'payments-*', 'payments'].map(namespaceSpecificity);
    for (let i = 1; i < order.length; i++) expect(order[i]! > order[i - 1]!).toBe(true);
    expect(namespaceSpecificity('**')).toEqual([0, 0]);
  });

  it('is read from what the user types, or refused in a sentence', () => {
    expect(parseNamespacePattern('  payments-** ')).toEqual({ ok: true, pattern: 'payments-*' });
    expect(parseNamespacePattern('')).toMatchObject({ ok: false });
    expect(parseNamespacePattern('pay ments')).toEqual({ ok: false, reason: 'A namespace has no spaces.' });
  });

  it('is described in words', () => {
    expect(describeNamespaces('payments')).toBe('“payments”');
    expect(describeNamespaces('payments-*')).toBe('namespaces matching “payments-*”');
    expect(describeNamespaces('*')).toBe('every namespace');
  });
});
