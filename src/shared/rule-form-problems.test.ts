import { describe, expect, it } from 'vitest';
import { ruleFormProblems } from './rule-form-problems';

describe('the rule form’s own checks', () => {
  it('name the namespace and the endpoint the background would refuse, each on its own', () => {
    expect(ruleFormProblems('pay ments', 'remote', 'ftp://codec.example.com')).toEqual({
      namespace: 'A namespace has no spaces.',
      endpoint: 'The codec endpoint must start with https://.',
    });
    expect(ruleFormProblems('payments-*', 'remote', 'https://codec.example.com/{namespace}')).toEqual({});
  });

  it('leave the endpoint alone for a local-key rule', () => {
    expect(ruleFormProblems('payments', 'local', '')).toEqual({});
  });
});
