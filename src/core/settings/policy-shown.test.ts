import { describe, expect, it } from 'vitest';
import { NOT_SHOWN, shownPolicyEntry } from './policy-shown';

describe('what the settings page shows of a policy entry', () => {
  it('leaves out the value of every secret-named field, at any depth', () => {
    expect(shownPolicyEntry({ id: 'a', remote: { token: 'T0P', list: [{ apiKey: 'K3Y' }] }, headers: { 'X-Team': 'a' } })).toEqual({
      id: 'a',
      remote: { token: NOT_SHOWN, list: [{ apiKey: NOT_SHOWN }] },
      headers: NOT_SHOWN,
    });
  });

  it('shows an address without the user, password, query or fragment that can carry credentials', () => {
    expect(shownPolicyEntry('https://codec.corp/v1/?access_token=S3CRET')).toBe(`https://codec.corp/v1/ ${NOT_SHOWN}`);
    expect(shownPolicyEntry('https://user:S3CRET@codec.corp')).toBe(`https://codec.corp/ ${NOT_SHOWN}`);
    expect(shownPolicyEntry('https://codec.corp/#S3CRET')).toBe(`https://codec.corp/ ${NOT_SHOWN}`);
    expect(shownPolicyEntry('https://codec.corp/{namespace}/')).toBe('https://codec.corp/{namespace}/');
  });

  it('cuts the same parts from an address written without its scheme, which no URL parser reads', () => {
    expect(shownPolicyEntry('codec.example.com/decode?access_token=S3CRET')).toBe(`codec.example.com/decode ${NOT_SHOWN}`);
    expect(shownPolicyEntry('user:S3CRET@codec.example.com/x')).toBe(`codec.example.com/x ${NOT_SHOWN}`);
    expect(shownPolicyEntry('codec.example.com')).toBe('codec.example.com');
  });

  it('shows only the values of the fields it is told to, and every field’s name', () => {
    expect(shownPolicyEntry({ id: 'p', pwd: 'S3CRET', auth: { user: 'x' } }, ['id'])).toEqual({ id: 'p', pwd: NOT_SHOWN, auth: NOT_SHOWN });
  });

  it('redacts token-shaped text wherever it is', () => {
    const shown = JSON.stringify(shownPolicyEntry({ note: 'Bearer abcdefghijkl', jwt: ['eyJhbGciOi.eyJzdWIiOi.c2ln'] }));
    expect(shown).not.toMatch(/abcdefghijkl|eyJhbGciOi/);
  });

  it('keeps what carries no secret as it is, and stops at a depth no policy has', () => {
    expect(shownPolicyEntry({ id: 'p', addresses: ['https://t.example.com'], includeCredentials: 'yes', n: 7, off: null })).toEqual({
      id: 'p',
      addresses: ['https://t.example.com'],
      includeCredentials: 'yes',
      n: 7,
      off: null,
    });
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(JSON.stringify(shownPolicyEntry(deep))).toContain(NOT_SHOWN);
  });
});
