import { describe, expect, it } from 'vitest';
import { ruleView } from '../shared/test-support/rule-view';
import { carriesSecrets, codecFieldsOf, headerRow, headerRowProblems } from './codec-fields';

describe('the rule form’s header rows', () => {
  it('names the row whose name or value stops the save, and leaves empty rows out', () => {
    const empty = headerRow();
    const good = { ...headerRow(' X-Proxy '), value: 'secret' };
    const twice = { ...headerRow('x-proxy'), value: 'other' };
    const valueless = headerRow('X-Other');
    const problems = headerRowProblems([empty, good, twice, valueless], undefined);
    expect([...problems]).toEqual([
      [twice.key, { field: 'name', sentence: 'The header x-proxy is listed twice.' }],
      [valueless.key, { field: 'value', sentence: 'Enter a value for the header X-Other.' }],
    ]);
  });

  it('keeps a saved value under the name it was saved with, but not once the endpoint names another codec server', () => {
    const saved = headerRow('X-Proxy', 'X-Proxy');
    const renamed = headerRow('X-Renamed', 'X-Old');
    expect([...headerRowProblems([saved, renamed], undefined)]).toEqual([[renamed.key, { field: 'value', sentence: 'Enter a value for the header X-Renamed.' }]]);
    expect([...headerRowProblems([saved], 'https://old.example.com')]).toEqual([[saved.key, { field: 'value', sentence: 'Enter a value for the header X-Proxy.' }]]);
  });
});

describe('whether a save sends the codec server a secret', () => {
  const empty = codecFieldsOf(undefined);
  const saved = ruleView({ endpoint: 'https://codec.example.com', token: { present: true, remembered: false } });

  it('is so for a token typed, or a header filled in', () => {
    expect(carriesSecrets(empty, undefined)).toBe(false);
    expect(carriesSecrets({ ...empty, accessToken: 't' }, undefined)).toBe(true);
    expect(carriesSecrets({ ...empty, headers: [headerRow(), headerRow('X-Proxy')] }, undefined)).toBe(true);
    expect(carriesSecrets({ ...empty, headers: [headerRow()] }, undefined)).toBe(false);
  });

  it('is so for a saved token kept for the same codec server, and not once the endpoint names another', () => {
    expect(carriesSecrets({ ...empty, endpoint: 'https://codec.example.com/{namespace}' }, saved)).toBe(true);
    expect(carriesSecrets({ ...empty, endpoint: 'http://other.example.com' }, saved)).toBe(false);
  });
});
