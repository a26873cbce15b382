import { describe, expect, it } from 'vitest';
import { readTally, storedTally } from './stored-tally';
import { fingerprintOf } from './fingerprint';
import { emptyTally, failureOf, tally } from './tab-tally';

describe('a tally as storage keeps it', () => {
  const payloads = Array.from({ length: 300 }, (_, n) => fingerprintOf(`payload ${n}`));
  const counted = tally(tally(emptyTally(), 'payments', payloads.slice(0, 200), []), 'orders', [], [
    failureOf(payloads[250]!, 'orders', 'history.events.3.input', { kind: 'codec-unauthorized' }),
  ]);

  it('reads back as it was counted, so a restarted background counts no remembered payload twice', () => {
    const stored = storedTally(counted);
    expect(typeof stored.decodedPayloads).toBe('string');
    // Through storage's own copy.
    const read = readTally(structuredClone(stored));
    expect(read).toEqual(counted);
    expect(tally(read, 'payments', payloads.slice(0, 200), []).decoded).toBe(200);
  });

  it('reads an empty tally back empty, not as one remembered payload', () => {
    expect(readTally(storedTally(emptyTally()))).toEqual(emptyTally());
  });

  it('reads the lists an earlier version stored as lists', () => {
    const earlier = { ...counted, decodedPayloads: [...counted.decodedPayloads], failedPayloads: [...counted.failedPayloads] };
    expect(readTally(earlier)).toEqual(counted);
  });

  it('reads a damaged stored tally as empty rather than failing', () => {
    expect(readTally('garbage')).toEqual(emptyTally());
    expect(readTally({ decoded: 'many' })).toEqual(emptyTally());
    expect(readTally({ decodedPayloads: 7 })).toEqual(emptyTally());
    expect(readTally({ decoded: 3 }).decoded).toBe(3);
  });
});
