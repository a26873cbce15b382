import { describe, expect, it } from 'vitest';
import type { PayloadFailure } from '../shared/messages';
import { emptyTabStatus, tally } from './tab-tally';

const refused = (fingerprint: string, where = 'input'): PayloadFailure => ({
  fingerprint,
  namespace: 'default',
  where,
  kind: 'codec-unauthorized',
  sentence: 'The codec server refused the access token (401).',
});

describe("a tab's counts", () => {
  it('count a payload once when history and history-reverse both carry it', () => {
    let status = tally(emptyTabStatus(), 'default', ['a', 'b', 'c'], []);
    status = tally(status, 'default', ['c', 'b', 'a'], []);
    expect(status.decoded).toBe(3);
  });

  it('count a failing payload once, however often it is asked for', () => {
    let status = tally(emptyTabStatus(), 'default', [], [refused('a'), refused('b')]);
    status = tally(status, 'default', [], [refused('b'), refused('a'), refused('a')]);
    expect(status.failed).toBe(2);
    expect(status.failures.map((f) => f.fingerprint)).toEqual(['a', 'b']);
  });

  it('keep counting past the list of failures they show', () => {
    const many = Array.from({ length: 120 }, (_, i) => refused(`p${i}`));
    const status = tally(tally(emptyTabStatus(), 'default', [], many), 'default', [], many);
    expect(status.failed).toBe(120);
    expect(status.failures).toHaveLength(50);
  });

  it('list each namespace once, and not without end', () => {
    let status = emptyTabStatus();
    for (let i = 0; i < 80; i++) status = tally(status, `ns-${i % 60}`, [], []);
    expect(status.namespaces).toHaveLength(50);
    expect(new Set(status.namespaces).size).toBe(50);
  });
});
