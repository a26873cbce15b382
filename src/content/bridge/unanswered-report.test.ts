import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { fingerprintOf } from '../../core/fingerprint';
import { packBatch } from '../../shared/messages/packed';
import { countedAs, standInFor } from '../../shared/messages/over-limits';
import { UnansweredSchema } from '../../shared/messages/unanswered';
import { PLACES_READ_CHARS, readableBatch, unansweredReport } from './unanswered-report';

const ENCRYPTED = { encoding: 'YmluYXJ5L2VuY3J5cHRlZA==' };
/** A packed batch of payloads given as [where, data]. */
const batchOf = (...payloads: Array<[where: string, data: string]>) =>
  packBatch({ payloads: payloads.map(([, data]) => ({ metadata: ENCRYPTED, data })), where: payloads.map(([where]) => where) });

describe('a report of payloads the bridge answered for itself', () => {
  it('names each payload as the background’s tally tells it apart, with its place, and the background takes it', () => {
    const report = unansweredReport('default', batchOf(['history.events[0] input', 'QUJD'], ['history.events[1] result', 'REVG']), 2, 'no-answer');
    expect(report).toEqual({
      namespace: 'default',
      kind: 'no-answer',
      payloads: [
        { fingerprint: fingerprintOf(countedAs({ metadata: ENCRYPTED, data: 'QUJD' }, undefined, 0)), where: 'history.events[0] input' },
        { fingerprint: fingerprintOf(countedAs({ metadata: ENCRYPTED, data: 'REVG' }, undefined, 1)), where: 'history.events[1] result' },
      ],
      unread: 0,
    });
    expect(v.is(UnansweredSchema, report)).toBe(true);
  });

  it('tells the same payload alike at any place, as history and history-reverse bring it, and stand-ins by the fingerprint they carry', () => {
    const [first, again] = [batchOf(['history.events[0] input', 'QUJD']), batchOf(['history.events[9] input', 'QUJD'])].map((batch) => unansweredReport('default', batch, 1, 'too-busy').payloads[0]!.fingerprint);
    expect(again).toBe(first);
    const standIns = (...payloads: Array<{ data: string }>) => [JSON.stringify({ payloads: payloads.map(standInFor), where: payloads.map((_, i) => `history.events[${i}] input`) })];
    const [a, b] = unansweredReport('default', standIns({ data: 'b25l' }, { data: 'b3RoZXI=' }), 2, 'too-busy').payloads;
    const [b2] = unansweredReport('default', standIns({ data: 'b3RoZXI=' }), 1, 'too-busy').payloads;
    expect(b2!.fingerprint).toBe(b!.fingerprint);
    expect(a!.fingerprint).not.toBe(b!.fingerprint);
  });

  it('reads a batch packed in several texts as one', () => {
    const batch = [...batchOf(['history.events[0] input', 'QUJD']), ...batchOf(['history.events[1] result', 'REVG'])];
    expect(unansweredReport('default', readableBatch(batch), 2, 'no-answer').payloads.map((payload) => payload.where)).toEqual(['history.events[0] input', 'history.events[1] result']);
  });

  it('counts a batch it does not read (too long in all, or not a batch) by the number of its payloads, without places', () => {
    const half = 'x'.repeat(PLACES_READ_CHARS / 2);
    expect(unansweredReport('default', readableBatch([half, `${half}x`]), 1200, 'too-busy')).toEqual({ namespace: 'default', kind: 'too-busy', payloads: [], unread: 1200 });
    expect(unansweredReport('default', ['{"payloads":[],"where":[]}'], 1, 'too-busy')).toMatchObject({ payloads: [], unread: 1 });
    expect(unansweredReport('default', ['not json'], 3, 'no-answer')).toMatchObject({ payloads: [], unread: 3 });
    expect(unansweredReport('default', [...batchOf(['a', 'QUJD']), '[]'], 1, 'no-answer')).toMatchObject({ payloads: [], unread: 1 });
  });
});
