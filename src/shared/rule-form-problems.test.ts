import { describe, expect, it } from 'vitest';
import { addressFormProblems, ruleFormProblems } from './rule-form-problems';

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

  it('name addresses the background would refuse: none chosen, or one no longer enabled', () => {
    const enabled = ['http://localhost:8233', 'http://localhost:8080'];
    expect(addressFormProblems([], enabled)).toEqual({ addresses: 'Choose at least one Web UI address the rule applies on, or “Every enabled address”.' });
    expect(addressFormProblems(['http://localhost:8080', 'https://gone.example'], enabled)).toEqual({
      addresses: 'https://gone.example is not an enabled Web UI address; add it under “Web UI addresses” first.',
    });
    expect(addressFormProblems(['http://localhost:8080'], enabled)).toEqual({});
    expect(addressFormProblems('every', [])).toEqual({});
  });
});
