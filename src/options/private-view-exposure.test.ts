import { describe, expect, it } from 'vitest';
import { ruleView } from '../shared/test-support/rule-view';
import { privateViewExposedBy } from './private-view-exposure';

const privateOne = ruleView({ id: 'p', namespace: 'payments', privateView: true });
const every = ruleView({ id: 'e', namespace: '*' });

describe('a private-view rule, against the other rules of its addresses', () => {
  it('is exposed by a rule that shows the page plaintext through the same codec server', () => {
    expect(privateViewExposedBy(privateOne, [privateOne, every]).map((r) => r.id)).toEqual(['e']);
    expect(privateViewExposedBy(privateOne, [privateOne, { ...every, addresses: 'every' }]).map((r) => r.id)).toEqual(['e']);
  });

  it('is exposed by a local-key rule with a key under the same ID', () => {
    const local = { ...privateOne, mode: 'local' as const, keyIds: ['k1', 'k2'] };
    expect(privateViewExposedBy(local, [local, { ...every, mode: 'local', keyIds: ['k2'] }]).map((r) => r.id)).toEqual(['e']);
    expect(privateViewExposedBy(local, [local, { ...every, mode: 'local', keyIds: ['k3'] }])).toEqual([]);
  });

  it('is not exposed by rules elsewhere, switched off, private themselves, or decoding otherwise', () => {
    const others = [
      { ...every, id: 'a', addresses: ['https://other.example.com'] },
      { ...every, id: 'b', enabled: false },
      { ...every, id: 'c', privateView: true },
      { ...every, id: 'd', endpoint: 'https://codec.example.org' },
      { ...every, id: 'f', mode: 'local' as const, keyIds: ['k1'] },
    ];
    expect(privateViewExposedBy(privateOne, [privateOne, ...others])).toEqual([]);
    // Nor is a rule that keeps nothing from the page.
    expect(privateViewExposedBy({ ...privateOne, privateView: false }, [every])).toEqual([]);
  });
});
