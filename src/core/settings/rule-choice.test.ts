import { describe, expect, it } from 'vitest';
import { ruleFor, rulesOn, tieWith, withRule, withoutRule } from './rule-choice';
import { defaultSettings, EVERY_ADDRESS, type Rule, type RuleAddresses, type Settings } from './schema';

const LOCAL_UI = 'http://localhost:8233';
const OTHER_BUILTIN = 'http://localhost:8080';
const ADDED = 'https://temporal.example.com';

const rule = (id: string, namespace: string, addresses: RuleAddresses = [LOCAL_UI], enabled = true): Rule => ({
  id,
  namespace,
  addresses,
  enabled,
  mode: 'local',
  encodeRequests: true,
  privateView: false,
  local: { keyIds: ['k'], activeKeyId: 'k' },
});

const settingsWith = (...rules: Rule[]): Settings => ({ ...defaultSettings(), origins: [ADDED], rules });

describe('the rule for an address and a namespace', () => {
  it('is only ever one bound to that address: a rule for one address does nothing on another', () => {
    const settings = settingsWith(rule('a', 'payments', [LOCAL_UI]));
    expect(ruleFor(settings, LOCAL_UI, 'payments')?.id).toBe('a');
    expect(ruleFor(settings, OTHER_BUILTIN, 'payments')).toBeUndefined();
    expect(rulesOn(settings, OTHER_BUILTIN)).toEqual([]);
  });

  it('is none of the rules switched off there', () => {
    const settings = settingsWith(rule('a', 'payments', [LOCAL_UI], false), rule('b', 'orders', [LOCAL_UI]));
    expect(rulesOn(settings, LOCAL_UI).map((r) => r.id)).toEqual(['b']);
    expect(rulesOn(settingsWith(rule('a', 'payments', [LOCAL_UI], false)), LOCAL_UI)).toEqual([]);
  });

  it('applies on every enabled address only when chosen so, and never on an address that is not enabled', () => {
    const settings = settingsWith(rule('a', 'payments', EVERY_ADDRESS));
    expect(ruleFor(settings, OTHER_BUILTIN, 'payments')?.id).toBe('a');
    expect(ruleFor(settings, ADDED, 'payments')?.id).toBe('a');
    expect(ruleFor(settings, 'http://localhost:3000', 'payments')).toBeUndefined();
    expect(ruleFor(settings, 'https://cloud.temporal.io.evil.example', 'payments')).toBeUndefined();
  });

  it('is the most specific: exact name, then the longer pattern, then every namespace; then the named address', () => {
    const settings = settingsWith(
      rule('every', '*', EVERY_ADDRESS),
      rule('every-here', '*'),
      rule('pay', 'pay*'),
      rule('payments-x', 'payments-*'),
      rule('exact', 'payments-eu', EVERY_ADDRESS),
    );
    expect(ruleFor(settings, LOCAL_UI, 'payments-eu')?.id).toBe('exact');
    expect(ruleFor(settings, LOCAL_UI, 'payments-us')?.id).toBe('payments-x');
    expect(ruleFor(settings, LOCAL_UI, 'payroll')?.id).toBe('pay');
    expect(ruleFor(settings, LOCAL_UI, 'orders')?.id).toBe('every-here');
    expect(ruleFor(settings, OTHER_BUILTIN, 'orders')?.id).toBe('every');
  });

  it('stays switched off when its most specific rule is: a broader rule does not take over', () => {
    const settings = settingsWith(rule('all', '*'), rule('off', 'payments', [LOCAL_UI], false));
    expect(ruleFor(settings, LOCAL_UI, 'payments')).toMatchObject({ id: 'off', enabled: false });
    expect(ruleFor(settings, LOCAL_UI, 'orders')?.id).toBe('all');
  });
});

describe('saving a rule', () => {
  it('is refused, in a sentence, when an equally specific rule covers the same namespace somewhere', () => {
    const settings = settingsWith(rule('a', 'payments', [LOCAL_UI, ADDED]));
    expect(tieWith(settings, rule('b', 'payments', [ADDED]))).toMatch(/^Another rule \(“payments” on http:\/\/localhost:8233, https:\/\/temporal\.example\.com\) is just as specific .* on https:\/\/temporal\.example\.com/);
    expect(tieWith(settings, rule('b', 'pay*', [LOCAL_UI]))).toBeUndefined();
    expect(tieWith(settings, rule('b', 'payments', [OTHER_BUILTIN]))).toBeUndefined();
    expect(tieWith(settings, rule('b', 'payments', EVERY_ADDRESS))).toBeUndefined();
    expect(tieWith(settingsWith(rule('a', 'pay*')), rule('b', '*ent', [LOCAL_UI]))).toMatch(/namespaces matching “pay\*”/);
    expect(tieWith(settingsWith(rule('a', 'pay*')), rule('b', 'ord*', [LOCAL_UI]))).toBeUndefined();
  });

  it('replaces the rule with its id, or adds it; removing takes only that rule', () => {
    let settings = withRule(settingsWith(rule('a', 'payments')), rule('b', 'orders'));
    settings = withRule(settings, { ...rule('a', 'payments'), enabled: false });
    expect(settings.rules.map((r) => [r.id, r.enabled])).toEqual([['a', false], ['b', true]]);
    expect(withoutRule(settings, 'a').rules.map((r) => r.id)).toEqual(['b']);
  });
});
