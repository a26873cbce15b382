import { describe, expect, it } from 'vitest';
import { createPageStatus } from './page-status';
import { summary } from './status-chip';

const payload = (data: string) => ({ metadata: {}, data });

describe('the chip of a page', () => {
  it('says what is under way, then what came of it, counting each payload once', () => {
    const status = createPageStatus();
    const a = payload('AAAA'), b = payload('BBBB');
    expect(summary(status.start(2))).toBe('Payload Lens: decoding 2… 0 decoded, 0 failed');
    status.start(2);
    expect(summary(status.record([a, b], [{ ok: true }, { ok: false, sentence: 'No.' }], ['x', 'y'], true))).toBe('Payload Lens: decoding 2… 1 decoded, 1 failed');
    const done = status.record([b, a], [{ ok: false, sentence: 'No.' }, { ok: true }], ['y', 'x'], true);
    expect(summary(done)).toBe('Payload Lens: 1 decoded, 1 failed');
    expect(done.failures).toEqual([{ where: 'y', sentence: 'No.' }]);
  });

  it('stops waiting for payloads whose request was lost', () => {
    const status = createPageStatus();
    status.start(5);
    expect(status.abandon(5).pending).toBe(0);
  });
});
