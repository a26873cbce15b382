import { describe, expect, it } from 'vitest';
import { headerEntryProblems, headerNameProblems, isFilledHeader } from './rule-headers';

describe('a codec server rule’s extra headers', () => {
  it('takes names a request can carry, not the extension’s own, each once without regard to case', () => {
    expect(headerNameProblems(['X-Proxy', 'X Proxy', 'authorization', 'x-proxy', ''])).toEqual([
      undefined,
      '“X Proxy” is not a header name: use letters, digits and dashes.',
      'The extension sets the authorization header itself; use the Access token or ID token field instead.',
      'The header x-proxy is listed twice.',
      'Enter the header’s name.',
    ]);
  });

  it('needs a value for each, typed now or saved before, and says the name first when both are wrong', () => {
    expect(headerEntryProblems([
      { name: 'X-Typed', given: true, saved: false },
      { name: 'X-Kept', given: false, saved: true },
      { name: 'X-Empty', given: false, saved: false },
      { name: 'X Bad', given: false, saved: false },
    ])).toEqual([
      undefined,
      undefined,
      { field: 'value', sentence: 'Enter a value for the header X-Empty.' },
      { field: 'name', sentence: '“X Bad” is not a header name: use letters, digits and dashes.' },
    ]);
  });

  it('leaves a row with neither name nor value out', () => {
    expect(isFilledHeader({ name: '', value: '' })).toBe(false);
    expect(isFilledHeader({ name: '', value: 'v' })).toBe(true);
    expect(isFilledHeader({ name: 'X-A' })).toBe(true);
  });
});
