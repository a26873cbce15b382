import { describe, expect, it } from 'vitest';
import { changeText, everyAddressText } from './ImportPreview';

const change = { ruleId: 'r1', label: 'Rule 1 (namespace “payments”)', kind: 'changed' as const, secretsImported: [], secretsReplaced: [], secretsKept: [] };

describe('a rule’s change in the import preview', () => {
  it('names the saved secrets it deletes, and why, in a sentence that agrees with how many there are', () => {
    expect(changeText({ ...change, fields: ['codec endpoint'], secretsDropped: ['access token'], droppedForNewEndpoint: true })).toBe(
      'Rule 1 (namespace “payments”): changed (codec endpoint). The saved access token will be deleted: it was saved for the old codec server.',
    );
    expect(changeText({ ...change, fields: ['codec endpoint'], secretsDropped: ['access token', 'ID token', 'value of header X-Tenant'], droppedForNewEndpoint: true })).toBe(
      'Rule 1 (namespace “payments”): changed (codec endpoint). The saved access token, ID token and value of header X-Tenant will be deleted: they were saved for the old codec server.',
    );
    expect(changeText({ ...change, fields: ['key ids'], secretsDropped: ['key “k2”'] })).toBe('Rule 1 (namespace “payments”): changed (key ids). The saved key “k2” will be deleted: the imported rule no longer has it.');
  });

  it('says where a rule that keeps saved secrets will decode, and which secrets the file puts in place of saved ones', () => {
    const moved = { ...change, label: 'Rule 1 (namespace “sandbox”)', fields: ['namespace', 'addresses'], secretsDropped: [], moves: { from: 'namespace “payments” on http://localhost:8233, with a local key', to: 'namespace “sandbox” on https://evil.example, with a local key' } };
    expect(changeText({ ...moved, secretsKept: ['key “k1”'] })).toBe(
      'Rule 1 (namespace “sandbox”): changed (namespace, addresses). It decodes namespace “payments” on http://localhost:8233, with a local key; it will decode namespace “sandbox” on https://evil.example, with a local key, keeping its saved key “k1”.',
    );
    expect(changeText({ ...change, fields: [], secretsDropped: [], secretsImported: ['key “k1”', 'key “k2”'], secretsReplaced: ['key “k1”'] })).toBe(
      'Rule 1 (namespace “payments”): changed. From the file: key “k1” (in place of the saved one), key “k2”.',
    );
  });
});

describe('the rules on every enabled address in the import preview', () => {
  it('says they will decode on the added addresses too, in a sentence that agrees with how many there are', () => {
    expect(everyAddressText(['namespace “audit”, with a local key'], 1)).toBe('The rule on every enabled address will decode on the added address too: namespace “audit”, with a local key.');
    expect(everyAddressText(['namespace “audit”, with a local key', 'namespace “billing”, through the codec server https://codec.example.com'], 2)).toBe(
      'The 2 rules on every enabled address will decode on the added addresses too: namespace “audit”, with a local key; namespace “billing”, through the codec server https://codec.example.com.',
    );
  });
});
