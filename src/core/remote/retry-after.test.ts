import { describe, expect, it } from 'vitest';
import { MAX_CODEC_PAUSE_MS, retryAfterMs } from './retry-after';

describe('Retry-After', () => {
  const now = Date.parse('2026-12-05T12:00:00Z');

  it('is read as seconds or as an HTTP date, for 429 and 503 alone', () => {
    expect(retryAfterMs(429, '120', now)).toBe(120_000);
    expect(retryAfterMs(503, ' 5 ', now)).toBe(5_000);
    expect(retryAfterMs(503, 'Sat, 05 Dec 2026 12:01:30 GMT', now)).toBe(90_000);
    expect(retryAfterMs(504, '120', now)).toBeUndefined();
    expect(retryAfterMs(500, '120', now)).toBeUndefined();
    expect(retryAfterMs(429, null, now)).toBeUndefined();
  });

  it('asks for no wait when unreadable, zero, negative or past', () => {
    for (const header of ['', 'soon', '0', '-5', '1.5', 'Sat, 05 Dec 2026 11:59:00 GMT']) expect(retryAfterMs(429, header, now)).toBeUndefined();
  });

  it('is never longer than the longest wait honoured', () => {
    expect(retryAfterMs(429, '86400', now)).toBe(MAX_CODEC_PAUSE_MS);
    expect(retryAfterMs(429, '9'.repeat(400), now)).toBe(MAX_CODEC_PAUSE_MS);
  });
});
