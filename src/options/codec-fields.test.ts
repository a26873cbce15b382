import { describe, expect, it } from 'vitest';
import { ruleView } from '../shared/test-support/rule-view';
import { carriesSecrets, codecFieldsOf, headerRow, headerRowProblems } from './codec-fields';

describe('the rule form’s header rows', () => {
  it('names the row whose name or value stops the save, and leaves empty rows out', () => {
    const empty = headerRow();
    const spaces = { ...headerRow(), value: '   ' };
    const good = { ...headerRow(' X-Proxy '), value: 'secret' };
    const twice = { ...headerRow('x-proxy'), value: 'other' };
    const valueless = headerRow('X-Other');
    const problems = headerRowProblems([empty, spaces, good, twice, valueless], [], undefined);
    expect([...problems]).toEqual([
      [twice.key, { field: 'name', sentence: 'The header x-proxy is listed twice.' }],
      [valueless.key, { field: 'value', sentence: 'Enter a value for the header X-Other.' }],
    ]);
  });

  it('takes a value of spaces for none, as a save does', () => {
    const spaces = { ...headerRow('X-Proxy'), value: '  ' };
    expect([...headerRowProblems([spaces], [], undefined)]).toEqual([[spaces.key, { field: 'value', sentence: 'Enter a value for the header X-Proxy.' }]]);
    expect([...headerRowProblems([spaces], ['X-Proxy'], undefined)]).toEqual([]);
  });

  it('keeps a value saved under the row’s name, in any case and in any row, but not once the endpoint names another codec server', () => {
    const addedAgain = headerRow('x-proxy');
    const renamed = headerRow('X-Renamed');
    expect([...headerRowProblems([addedAgain, renamed], ['X-Proxy'], undefined)]).toEqual([[renamed.key, { field: 'value', sentence: 'Enter a value for the header X-Renamed.' }]]);
    expect([...headerRowProblems([addedAgain], ['X-Proxy'], 'https://old.example.com')]).toEqual([[addedAgain.key, { field: 'value', sentence: 'Enter a value for the header x-proxy.' }]]);
  });
});

describe('whether a save sends the codec server a secret', () => {
  const empty = codecFieldsOf(undefined);
  const saved = ruleView({ endpoint: 'https://codec.example.com', token: { present: true, remembered: false } });

  it('is so for a token typed, or a header filled in', () => {
    expect(carriesSecrets(empty, undefined)).toBe(false);
    expect(carriesSecrets({ ...empty, accessToken: 't' }, undefined)).toBe(true);
    expect(carriesSecrets({ ...empty, accessToken: '  ', idToken: ' ' }, undefined)).toBe(false);
    expect(carriesSecrets({ ...empty, headers: [headerRow(), headerRow('X-Proxy')] }, undefined)).toBe(true);
    expect(carriesSecrets({ ...empty, headers: [headerRow()] }, undefined)).toBe(false);
  });

  it('is so for a saved token kept for the same codec server, and not once the endpoint names another', () => {
    expect(carriesSecrets({ ...empty, endpoint: 'https://codec.example.com/{namespace}' }, saved)).toBe(true);
    expect(carriesSecrets({ ...empty, endpoint: 'http://other.example.com' }, saved)).toBe(false);
  });
});
