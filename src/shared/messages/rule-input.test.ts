import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { isTypedSecret, isTypedToken } from '../../core/secret-text';
import { RuleInputSchema } from './rule-input';

const save = (fields: Partial<v.InferInput<typeof RuleInputSchema>>) =>
  v.parse(RuleInputSchema, { namespace: 'payments', addresses: ['http://localhost:8233'], mode: 'remote', remember: false, ...fields });

describe('what the forms take as typed, against what a save keeps', () => {
  const typed = ['', '   ', '\t\n', ' k3y ', 'Bearer ', 'Bearer  eyJ.x.y', 'bearer\teyJ', 'x'];

  it('takes a key or header value as new exactly when the save keeps one', () => {
    for (const text of typed) {
      const input = save({ keys: [{ keyId: 'k1', key: text }], headers: [{ name: 'X-Proxy', value: text }] });
      expect([isTypedSecret(text), text]).toEqual([input.keys[0]?.key !== '', text]);
      expect([isTypedSecret(text), text]).toEqual([input.headers[0]?.value !== '', text]);
    }
  });

  it('takes a token field as holding a token exactly when the save keeps one', () => {
    for (const text of typed) {
      const input = save({ accessToken: text, idToken: text });
      expect([isTypedToken(text), text]).toEqual([input.accessToken !== '', text]);
      expect([isTypedToken(text), text]).toEqual([input.idToken !== '', text]);
    }
  });
});
