import { describe, expect, it } from 'vitest';
import { explainError, NO_ANSWER_SENTENCE } from '../../core/errors';
import { packBatch } from '../../shared/messages/packed';
import { createOwnFailures, PLACES_READ_CHARS, readableBatch } from './own-failures';

const ENCRYPTED = { encoding: 'YmluYXJ5L2VuY3J5cHRlZA==' };
/** A packed batch of payloads given as [where, data]. */
const batchOf = (...payloads: Array<[where: string, data: string]>) =>
  packBatch({ payloads: payloads.map(([, data]) => ({ metadata: ENCRYPTED, data })), where: payloads.map(([where]) => where) });
const BUSY = explainError({ kind: 'too-busy' });
const SILENT = NO_ANSWER_SENTENCE;
const NOTHING = { decoded: 0, failed: 0, reasons: [] };

describe('own failures', () => {
  it('leaves the background’s tally as it is while the bridge answered nothing itself', () => {
    const tally = { decoded: 3, failed: 1, reasons: [{ namespace: 'default', sentence: 'No key.', where: ['event 1 input'] }] };
    expect(createOwnFailures().over(tally)).toBe(tally);
  });

  it('adds the payloads it answered for itself to the counts, and their reason after the background’s, with their places', () => {
    const own = createOwnFailures();
    own.add('default', batchOf(['history.events[0] input', 'QUJD'], ['history.events[1] result', 'REVG']), 2, SILENT);
    const background = { namespace: 'default', sentence: 'No key.', where: ['history.events[8] input'] };
    expect(own.over({ decoded: 5, failed: 1, reasons: [background] })).toEqual({
      decoded: 5,
      failed: 3,
      reasons: [background, { namespace: 'default', sentence: SILENT, where: ['history.events[0] input', 'history.events[1] result'], count: 2 }],
    });
  });

  it('counts a payload once, as history and history-reverse bring the same ones at other places, and each reason on its own line', () => {
    const own = createOwnFailures();
    own.add('default', batchOf(['history.events[0] input', 'QUJD'], ['history.events[1] result', 'REVG']), 2, SILENT);
    // history-reverse: the same result, then one more payload.
    own.add('default', batchOf(['history.events[0] result', 'REVG'], ['history.events[1] input', 'R0hJ']), 2, SILENT);
    own.add('default', batchOf(['history.events[5] input', 'SktM']), 1, BUSY);
    // The same payload in another namespace is counted there too.
    own.add('payments', batchOf(['history.events[0] input', 'QUJD']), 1, SILENT);
    expect(own.over(NOTHING)).toEqual({
      decoded: 0,
      failed: 5,
      reasons: [
        { namespace: 'default', sentence: SILENT, where: ['history.events[0] input', 'history.events[1] result', 'history.events[1] input'], count: 3 },
        { namespace: 'default', sentence: BUSY, where: ['history.events[5] input'], count: 1 },
        { namespace: 'payments', sentence: SILENT, where: ['history.events[0] input'], count: 1 },
      ],
    });
  });

  it('counts a batch it does not read (too long, or not a batch) by the number of its payloads, without places', () => {
    const own = createOwnFailures();
    own.add('default', readableBatch('x'.repeat(PLACES_READ_CHARS + 1)), 1200, BUSY);
    own.add('default', '{"payloads":[],"where":[]}', 1, BUSY);
    expect(own.over(NOTHING)).toEqual({ decoded: 0, failed: 1201, reasons: [{ namespace: 'default', sentence: BUSY, where: [], count: 1201 }] });
  });

  it('puts its payloads on the background’s line when both give the same reason for the same namespace', () => {
    const own = createOwnFailures();
    own.add('default', batchOf(['history.events[2] input', 'QUJD']), 1, BUSY);
    const background = { namespace: 'default', sentence: BUSY, where: ['history.events[0] input', 'history.events[1] input'] };
    expect(own.over({ decoded: 0, failed: 2, reasons: [background] })).toEqual({
      decoded: 0,
      failed: 3,
      reasons: [{ namespace: 'default', sentence: BUSY, where: ['history.events[0] input', 'history.events[1] input', 'history.events[2] input'], count: 3 }],
    });
  });

  it('tells stand-ins for payloads over the limits apart by the fingerprint they carry, as the background does', () => {
    const own = createOwnFailures();
    const standIns = (...fingerprints: string[]) =>
      JSON.stringify({ payloads: fingerprints.map((fingerprint) => ({ overLimits: true, fingerprint })), where: fingerprints.map((_, i) => `history.events[${i}] input`) });
    own.add('default', standIns('a', 'b'), 2, SILENT);
    own.add('default', standIns('b', 'c'), 2, SILENT);
    expect(own.over(NOTHING).failed).toBe(3);
  });
});
