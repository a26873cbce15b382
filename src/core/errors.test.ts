import { describe, expect, it } from 'vitest';
import { DECODE_ERROR_KINDS, errorForPage, explainError } from './errors';

describe('explainError', () => {
  it('gives one distinct sentence per kind', () => {
    const sentences = DECODE_ERROR_KINDS.map((kind) => explainError({ kind }));
    for (const s of sentences) expect(s).toMatch(/^[A-Z][^]*\.$/);
    expect(new Set(sentences).size).toBe(DECODE_ERROR_KINDS.length);
  });

  it('includes the key id and the server status the user needs to act on', () => {
    expect(explainError({ kind: 'unknown-key-id', detail: 'key-2026' })).toContain('key-2026');
    expect(explainError({ kind: 'codec-error', detail: '502 Bad Gateway' })).toContain('502 Bad Gateway');
    expect(explainError({ kind: 'codec-unauthorized' })).toBe('The codec server refused the access token (401).');
  });

  it('quotes the cap a payload went over', () => {
    expect(explainError({ kind: 'decompressed-too-large' })).toBe('This payload is larger than 4 MiB when decompressed; it was left as it is.');
    expect(explainError({ kind: 'answer-decompressed-too-large' })).toContain('32 MiB');
  });

  it('quotes what a payload claims, and what a server says, only to a sentence’s length', () => {
    const keyId = 'k'.repeat(100_000);
    expect(explainError({ kind: 'unknown-key-id', detail: keyId }).length).toBeLessThan(200);
    expect(explainError({ kind: 'unsupported-encoding', detail: keyId }).length).toBeLessThan(250);
    expect(explainError({ kind: 'codec-error', detail: 'x'.repeat(100_000) }).length).toBeLessThan(260);
  });
});

describe('errorForPage', () => {
  it('tells the page what kind of failure it was, never a codec server’s words nor the names of the rule’s headers', () => {
    const header = errorForPage({ kind: 'secret-not-saved', detail: 'header X-Vault-Key' });
    expect(header).toEqual({ kind: 'secret-not-saved' });
    expect(explainError(header)).toMatch(/^A token or header value of this rule is no longer saved, /);
    expect(errorForPage({ kind: 'codec-error', detail: '502 Bad Gateway from https://codec.internal' })).toEqual({ kind: 'codec-error' });
    // What the payload itself says (its key id) is no news to the page.
    expect(errorForPage({ kind: 'unknown-key-id', detail: 'key-2026' })).toEqual({ kind: 'unknown-key-id', detail: 'key-2026' });
  });
});
