import { describe, expect, it } from 'vitest';
import { cut, scrubServerText, SERVER_TEXT_CHARS } from './scrub';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZGEiLCJwZXJtaXNzaW9ucyI6WyJkZWZhdWx0OnJlYWQiXX0.c2lnbmF0dXJlLWJ5dGVz';

describe('text from a codec server', () => {
  it('loses the secrets the caller names, wherever they appear', () => {
    expect(scrubServerText('denied for opaque-token-123 (opaque-token-123)', ['opaque-token-123'])).toBe('denied for [redacted] ([redacted])');
  });

  it('loses anything shaped like a bearer token or a JWT, even unknown ones', () => {
    expect(scrubServerText(`Unauthorized: Authorization: Bearer ${JWT}`)).toBe('Unauthorized: Authorization: Bearer [redacted]');
    expect(scrubServerText(`bad token ${JWT} rejected`)).toBe('bad token [redacted] rejected');
    expect(scrubServerText('token abcdefgh12345678 expired')).toBe('token [redacted] expired');
  });

  it('keeps ordinary words, and is cut to about a sentence', () => {
    expect(scrubServerText('500 Internal Server Error: cannot open payload')).toBe('500 Internal Server Error: cannot open payload');
    const long = scrubServerText('x'.repeat(5000));
    expect(long.length).toBe(SERVER_TEXT_CHARS);
    expect(long.endsWith('…')).toBe(true);
    expect(cut('short', 10)).toBe('short');
  });
});
