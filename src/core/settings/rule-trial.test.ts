import { describe, expect, it } from 'vitest';
import { tryNamespace, trialSentence } from './rule-trial';

const WEB_UI = 'http://localhost:8233';
const OTHER_UI = 'https://temporal.example.com';

const rule = (id: string, namespace: string, addresses: 'every' | string[] = 'every', enabled = true) => ({ id, namespace, addresses, enabled });
const settings = {
  origins: [OTHER_UI],
  rules: [rule('all', '*'), rule('pay', 'payments-*'), rule('eu', 'payments-eu', [OTHER_UI]), rule('off', 'orders', 'every', false)],
};
const how = (r: { id: string }) => `with rule ${r.id}`;
const sentence = (origin: string, namespace: string) => trialSentence(tryNamespace(settings, origin, namespace), namespace, origin, how);

describe('trying a namespace', () => {
  it('names the rule that wins, as decoding chooses it on that address', () => {
    expect(tryNamespace(settings, WEB_UI, 'payments-eu')).toMatchObject({ kind: 'decodes', rule: { id: 'pay' } });
    expect(tryNamespace(settings, OTHER_UI, ' payments-eu ')).toMatchObject({ kind: 'decodes', rule: { id: 'eu' } });
    expect(tryNamespace(settings, WEB_UI, 'default')).toMatchObject({ kind: 'decodes', rule: { id: 'all' } });
    expect(sentence(WEB_UI, 'payments-eu')).toBe('The rule for namespaces matching “payments-*” wins for “payments-eu” on http://localhost:8233: decoded with rule pay.');
  });

  it('says when the winning rule is switched off, since it still keeps broader rules away', () => {
    expect(sentence(WEB_UI, 'orders')).toBe('The rule for “orders” wins for “orders” on http://localhost:8233, but it is switched off: its payloads are shown as they are.');
  });

  it('says when no rule covers the namespace there', () => {
    const narrow = { origins: [OTHER_UI], rules: [rule('eu', 'payments-eu', [OTHER_UI])] };
    expect(trialSentence(tryNamespace(narrow, WEB_UI, 'payments-eu'), 'payments-eu', WEB_UI, how)).toBe('No rule covers “payments-eu” on http://localhost:8233: its payloads are shown as they are.');
    expect(tryNamespace(narrow, 'https://not-enabled.example.com', 'payments-eu')).toEqual({ kind: 'no-rule' });
  });

  it('asks for a name, not a pattern', () => {
    for (const input of ['', '  ', 'payments-*', 'two words']) expect(tryNamespace(settings, WEB_UI, input).kind).toBe('not-a-name');
  });
});
