import { describe, expect, it } from 'vitest';
import { REQUEST_OVERHEAD_CHARS, TAB_WORK_LIMIT_CHARS } from '../../shared/messages/limits';
import { createRelayShare } from './relay-share';

describe('what the bridge lets its page have under way', () => {
  it('refuses, before it is relayed, the same large text handed again and again, and takes it again once answered', () => {
    const share = createRelayShare();
    const large = TAB_WORK_LIMIT_CHARS / 2;
    const first = share.take(large);
    expect(first).toBeDefined();
    expect(share.take(large)).toBeUndefined();
    first!();
    // Given back twice counts once.
    first!();
    expect(share.take(large)).toBeDefined();
    expect(share.take(large)).toBeUndefined();
  });

  it('always lets one request start when nothing is under way, however large', () => {
    const share = createRelayShare();
    expect(share.take(TAB_WORK_LIMIT_CHARS * 2)).toBeDefined();
  });

  it('counts a fixed amount per request, so a flood of small ones is bounded too, and many pieces of an answer fit', () => {
    const share = createRelayShare();
    let taken = 0;
    while (share.take(10) !== undefined) taken++;
    expect(taken).toBe(Math.floor(TAB_WORK_LIMIT_CHARS / (REQUEST_OVERHEAD_CHARS + 10)));
    // Two answers of four 4 MiB pieces each, under way together, as a workflow page loads them.
    const pieces = createRelayShare();
    for (let i = 0; i < 8; i++) expect(pieces.take(4 * 1024 * 1024 + 200_000)).toBeDefined();
  });
});
