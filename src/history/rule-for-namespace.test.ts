import { describe, expect, it } from 'vitest';
import type { RuleView } from '../shared/messages/views';
import { ruleForNamespace, ruleMismatch } from './rule-for-namespace';

const rule = (id: string, namespace: string) => ({ id, namespace }) as RuleView;

describe('the rule offered for a history file', () => {
  const rules = [rule('orders', 'orders'), rule('every', '*'), rule('payments-any', 'payments-*'), rule('payments-eu', 'payments-eu'), rule('payments-e', 'payments-e*')];

  it('is none until a namespace is typed, even when there is a single rule', () => {
    expect(ruleForNamespace(rules, '')).toBeUndefined();
    expect(ruleForNamespace([rule('orders', 'orders')], '')).toBeUndefined();
  });

  it('is none when no rule decodes the namespace, rather than another namespace’s rule', () => {
    expect(ruleForNamespace([rule('orders', 'orders'), rule('billing', 'billing-*')], 'payments')).toBeUndefined();
  });

  it('is the rule for the exact namespace, else the most specific pattern that matches it', () => {
    expect(ruleForNamespace(rules, 'payments-eu')?.id).toBe('payments-eu');
    expect(ruleForNamespace(rules, 'payments-east')?.id).toBe('payments-e');
    expect(ruleForNamespace(rules, 'payments-us')?.id).toBe('payments-any');
    expect(ruleForNamespace(rules, 'shipping')?.id).toBe('every');
  });
});

describe('a rule picked by hand for a history file', () => {
  it('is said to be for another namespace when it does not decode the one typed, with where the payloads then go', () => {
    const remote = { ...rule('billing', 'billing-*'), mode: 'remote', endpoint: 'https://codec.example.com' } as RuleView;
    expect(ruleMismatch(remote, 'payments')).toBe('The rule chosen is for namespaces matching “billing-*”, not “payments”: Decode sends the payloads to its codec server all the same, saying they come from “payments”.');
    expect(ruleMismatch({ ...rule('orders', 'orders'), mode: 'local' } as RuleView, 'payments')).toBe('The rule chosen is for “orders”, not “payments”: Decode tries its key all the same.');
  });

  it('says nothing when it decodes the namespace typed, or none is typed', () => {
    expect(ruleMismatch(rule('billing', 'billing-*'), 'billing-eu')).toBe('');
    expect(ruleMismatch(rule('orders', 'orders'), '')).toBe('');
  });
});
