import { describe, expect, it } from 'vitest';
import { addressFormProblems, ruleFormProblems, tieFormProblems } from './rule-form-problems';

describe('the rule form’s own checks', () => {
  it('name the namespace and the endpoint the background would refuse, each on its own', () => {
    expect(ruleFormProblems('pay ments', 'remote', 'ftp://codec.example.com')).toEqual({
      namespace: 'A namespace has no spaces.',
      endpoint: 'The codec endpoint must start with https://.',
    });
    expect(ruleFormProblems('payments-*', 'remote', 'https://codec.example.com/{namespace}')).toEqual({});
  });

  it('refuse an endpoint that may not carry the token or header values the save would send, as the background does', () => {
    const refusal = 'Tokens and header values are only sent to https:// endpoints (or this computer); use an https:// endpoint.';
    expect(ruleFormProblems('payments', 'remote', 'http://codec.example.com', true)).toEqual({ endpoint: refusal });
    expect(ruleFormProblems('payments', 'remote', 'http://codec.example.com', false)).toEqual({});
    expect(ruleFormProblems('payments', 'remote', 'http://localhost:9000/{namespace}', true)).toEqual({});
    expect(ruleFormProblems('payments', 'local', 'http://codec.example.com', true)).toEqual({});
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

describe('a rule that would tie with another, as the form can tell', () => {
  const UI = 'http://localhost:8233';
  const rules = [
    { id: 'pay', namespace: 'payments', addresses: [UI] },
    { id: 'managed:ops', namespace: 'ops-*', addresses: 'every' as const },
  ];

  it('is said beside the namespace, as the namespace is saved (trimmed)', () => {
    expect(tieFormProblems(rules, { id: undefined, namespace: ' payments ', addresses: [UI] })).toEqual({
      namespace: expect.stringMatching(/^Another rule \(“payments” on http:\/\/localhost:8233\) is just as specific for the same namespaces on http:\/\/localhost:8233/),
    });
  });

  it('leaves the rule being changed, other addresses, and a more specific rule alone', () => {
    expect(tieFormProblems(rules, { id: 'pay', namespace: 'payments', addresses: [UI] })).toEqual({});
    expect(tieFormProblems(rules, { id: undefined, namespace: 'payments', addresses: ['http://localhost:8080'] })).toEqual({});
    expect(tieFormProblems(rules, { id: undefined, namespace: 'payments', addresses: 'every' })).toEqual({});
  });

  it('names the administrator’s rule that already decides the namespaces', () => {
    expect(tieFormProblems(rules, { id: undefined, namespace: 'ops-*', addresses: 'every' })).toEqual({
      namespace: 'Your administrator’s rule for namespaces matching “ops-*” on every enabled address already decides these namespaces there: choose another namespace or other addresses.',
    });
  });

  it('says nothing of a namespace that is not one: that has its own sentence', () => {
    expect(tieFormProblems(rules, { id: undefined, namespace: 'pay ments', addresses: [UI] })).toEqual({});
  });
});
