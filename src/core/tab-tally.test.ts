import { describe, expect, it } from 'vitest';
import { readTally } from './stored-tally';
import { emptyTally, failureOf, forPage, groupFailures, tally, tallyUntold, TALLY_LIMITS, type PayloadFailure } from './tab-tally';

const refused = (fingerprint: string, where = 'input', detail?: string): PayloadFailure =>
  failureOf(fingerprint, 'default', where, { kind: 'codec-unauthorized', ...(detail ? { detail } : {}) });

describe("a tab's tally", () => {
  it('counts a payload once when history and history-reverse both carry it', () => {
    let status = tally(emptyTally(), 'default', ['a', 'b', 'c'], []);
    status = tally(status, 'default', ['c', 'b', 'a'], []);
    expect(status.decoded).toBe(3);
  });

  it('counts a failing payload once, however often it is asked for', () => {
    let status = tally(emptyTally(), 'default', [], [refused('a'), refused('b')]);
    status = tally(status, 'default', [], [refused('b'), refused('a'), refused('a')]);
    expect(status.failed).toBe(2);
    expect(status.failures.map((f) => f.fingerprint)).toEqual(['a', 'b']);
  });

  it('keeps counting past the failures it lists, and stays bounded', () => {
    const many = Array.from({ length: 120 }, (_, i) => refused(`p${i}`, 'x'.repeat(10_000), 'y'.repeat(10_000)));
    const status = tally(tally(emptyTally(), 'default', [], many), 'default', [], many);
    expect(status.failed).toBe(120);
    expect(status.failures).toHaveLength(TALLY_LIMITS.failures);
    expect(JSON.stringify(status).length).toBeLessThan(TALLY_LIMITS.failures * (TALLY_LIMITS.whereChars + TALLY_LIMITS.detailChars + 200) + 120 * 20);
  });

  it('stays within a size, however long the names, places and details a hostile page makes it keep', () => {
    const long = (n: number) => `${n}-${'z'.repeat(100_000)}`;
    let status = emptyTally();
    for (let n = 0; n < TALLY_LIMITS.namespaces * 2; n++) status = tally(status, long(n), [], []);
    const failures = Array.from({ length: TALLY_LIMITS.failures * 2 }, (_, n) => failureOf(`fingerprint-${n}`, long(n), long(n), { kind: 'unknown-key-id', detail: long(n) }));
    status = tally(status, long(0), Array.from({ length: TALLY_LIMITS.remembered * 2 }, (_, n) => `decoded-${n}`), failures);
    // About 100 KB of JSON, whatever the page did (tab-status.ts bounds what storage.session holds of many tabs).
    expect(JSON.stringify(status).length).toBeLessThan(128 * 1024);
    expect(status.namespaces.every((namespace) => namespace.length === TALLY_LIMITS.namespaceChars)).toBe(true);
  });

  it('counts alike whether the tally was kept in memory or read back, past the payloads it remembers', () => {
    // Calls of 250 payloads drawn from more than it remembers: some seen again while remembered, some after.
    const calls = Array.from({ length: 40 }, (_, call) => Array.from({ length: 250 }, (_, i) => `p${(call * 97 + i * 13) % 3000}`));
    const failing = (call: number) => [refused(`p${call % 7}`), refused(`q${call}`)];
    let kept = emptyTally();
    let readBack = emptyTally();
    calls.forEach((decoded, call) => {
      kept = tally(kept, 'default', decoded, failing(call));
      readBack = tally(structuredClone(readBack), 'default', decoded, failing(call));
      expect(kept).toEqual(readBack);
    });
    expect(kept.decoded).toBeGreaterThan(3000);
    expect(kept.decodedPayloads).toHaveLength(TALLY_LIMITS.remembered);
  });

  it('counts a call the same when the same tally is counted from twice', () => {
    const before = tally(emptyTally(), 'default', ['a', 'b'], [refused('x')]);
    const once = tally(before, 'default', ['b', 'c', 'd'], [refused('x'), refused('y')]);
    const again = tally(before, 'default', ['b', 'c', 'd'], [refused('x'), refused('y')]);
    expect(again).toEqual(once);
    expect([again.decoded, again.failed]).toEqual([4, 2]);
    // And the tally made first counts on from what it holds.
    expect(tally(once, 'default', ['a', 'd', 'e'], []).decoded).toBe(5);
  });

  it('lists each namespace once, and not without end', () => {
    let status = emptyTally();
    for (let i = 0; i < 80; i++) status = tally(status, `ns-${i % 60}`, [], []);
    expect(status.namespaces).toHaveLength(TALLY_LIMITS.namespaces);
    expect(new Set(status.namespaces).size).toBe(TALLY_LIMITS.namespaces);
  });
});

describe('failures grouped by reason', () => {
  it('are one line per reason and namespace, counting the payloads and listing where', () => {
    const failures = [refused('a', 'input'), refused('b', 'result'), failureOf('c', 'default', 'memo', { kind: 'decrypt-failed' })];
    const groups = groupFailures(tally(emptyTally(), 'default', [], failures), 'extension');
    expect(groups).toEqual([
      { namespace: 'default', sentence: 'The codec server refused the access token (401).', count: 2, where: ['input', 'result'] },
      { namespace: 'default', sentence: expect.stringMatching(/^The key did not open this payload/), count: 1, where: ['memo'] },
    ]);
  });

  it('count every payload that failed for a reason, past the failures listed, and list where the newest sit', () => {
    const timedOut = Array.from({ length: 200 }, (_, i) => failureOf(`t${i}`, 'default', `history.events.${i}.input`, { kind: 'codec-timeout' }));
    let status = tally(emptyTally(), 'default', [], [refused('a', 'memo'), ...timedOut.slice(0, 120)]);
    status = tally(status, 'default', [], timedOut.slice(120));
    expect(status.failed).toBe(201);
    const groups = groupFailures(status, 'extension');
    // The refusal is older than the failures listed: counted, with no place left to list, after those that have one.
    expect(groups.map(({ count, where }) => [count, where.length])).toEqual([
      [200, TALLY_LIMITS.failures],
      [1, 0],
    ]);
    expect(groups[0]!.where.at(-1)).toBe('history.events.199.input');
  });

  it('keep the counts of no more reasons than failures are listed, the most recently counted, each with its failures listed', () => {
    const twice = (i: number) => [refused(`r${i}`, 'input', `key ${i}`), refused(`s${i}`, 'input', `key ${i}`)];
    let status = emptyTally();
    for (let i = 0; i < TALLY_LIMITS.failures; i++) status = tally(status, 'default', [], twice(i));
    // The first reason again, then ten new ones: the first is counted as recent, and outlasts the next ten.
    status = tally(status, 'default', [], [refused('again', 'input', 'key 0')]);
    for (let i = TALLY_LIMITS.failures; i < TALLY_LIMITS.failures + 10; i++) status = tally(status, 'default', [], twice(i));
    expect(status.reasonCounts).toHaveLength(TALLY_LIMITS.failures);
    expect(status.reasonCounts.find((reason) => reason.detail === 'key 0')).toEqual({ namespace: 'default', kind: 'codec-unauthorized', detail: 'key 0', count: 3 });
    expect(status.reasonCounts.map((reason) => reason.detail)).not.toContain('key 1');
    for (const failure of status.failures) expect(status.reasonCounts.some((reason) => reason.detail === failure.detail)).toBe(true);
  });

  it('count by the failures listed for a tally stored without counts', () => {
    const stored = readTally({ failed: 2, failures: [refused('a'), refused('b')] });
    expect(groupFailures(stored, 'extension')).toEqual([expect.objectContaining({ count: 2, where: ['input', 'input'] })]);
  });

  it('count payloads nothing tells apart (a batch the bridge could not read) by number, without an empty place', () => {
    const busy = { kind: 'too-busy' } as const;
    const counted = tallyUntold(tally(emptyTally(), 'default', [], [failureOf('b', 'default', 'input', busy)]), 'default', 1200, busy);
    expect(counted.failed).toBe(1201);
    expect(counted.failedPayloads).toEqual(['b']);
    expect(groupFailures(counted, 'page')).toEqual([
      { namespace: 'default', sentence: expect.stringMatching(/^The extension already has as much decoding under way/), count: 1201, where: ['input'] },
    ]);
    expect(tallyUntold(counted, 'default', 0, busy)).toBe(counted);
  });

  it("never give the page a codec server's own words; the extension's pages see them", () => {
    const failures = [failureOf('a', 'default', 'input', { kind: 'codec-error', detail: '500 Internal Server Error: stack at handler.js:12' })];
    expect(groupFailures(tally(emptyTally(), 'default', [], failures), 'extension')[0]!.sentence).toContain('stack at handler.js');
    expect(forPage(tally(emptyTally(), 'default', [], failures)).reasons[0]!.sentence).not.toContain('handler.js');
  });

  it("never tell the page where the codec server is; the extension's pages say it", () => {
    const failures = [failureOf('a', 'default', 'input', { kind: 'secret-bound-elsewhere', detail: 'https://codec.internal.example' })];
    expect(groupFailures(tally(emptyTally(), 'default', [], failures), 'extension')[0]!.sentence).toContain('codec.internal');
    expect(forPage(tally(emptyTally(), 'default', [], failures)).reasons[0]!.sentence).not.toContain('codec.internal');
  });
});
