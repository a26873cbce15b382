import { describe, expect, it } from 'vitest';
import type { RuleView } from '../shared/messages/views';
import { initialKeyRows, keyRowProblems, keysInput, savedKeySentence, typedKeySentence, withNewRow, withoutRow, withRowChanged } from './key-rows';

const saved = { present: true, remembered: false };
const editing = { keyIds: ['k2', 'k1'], activeKeyId: 'k1', keys: {} } as unknown as RuleView;

describe('the rule form’s keys', () => {
  it('start with the saved keys, the active one chosen, and send empty keys to keep the saved ones', () => {
    const keys = initialKeyRows(editing);
    expect(keysInput(keys)).toEqual({ keys: [{ keyId: 'k2' }, { keyId: 'k1' }], activeKeyId: 'k1' });
  });

  it('rotate: a new key goes first, and becomes active when chosen', () => {
    let keys = withNewRow(initialKeyRows(editing));
    const added = keys.rows[0]!.row;
    keys = withRowChanged(keys, added, { keyId: 'k3', key: 'test-key-test-key-test-key-test!' });
    keys = { ...keys, active: added };
    expect(keysInput(keys)).toEqual({ keys: [{ keyId: 'k3', key: 'test-key-test-key-test-key-test!' }, { keyId: 'k2' }, { keyId: 'k1' }], activeKeyId: 'k3' });
  });

  it('name, beside its own field, a row with no key pasted or saved, and a key ID listed again', () => {
    // k2 is saved; k1's key was kept only until the browser closed, and is gone.
    let keys = withNewRow(initialKeyRows(editing));
    const added = keys.rows[0]!.row;
    keys = withRowChanged(keys, added, { keyId: ' k2 ', key: 'test-key-test-key-test-key-test!' });
    const statuses = { k2: saved, k1: { present: false, remembered: false, forgotten: true } };
    const problems = keyRowProblems(keys, statuses);
    // The new row is the one to change: a saved key's ID is fixed.
    expect(problems.get(added)).toEqual({ field: 'keyId', sentence: 'The key ID “k2” is listed twice.' });
    expect(problems.get(keys.rows[1]!.row)).toBeUndefined();
    expect(problems.get(keys.rows[2]!.row)).toEqual({ field: 'key', sentence: 'Paste the key for key ID “k1”.' });
    // A new rule's empty row: nothing saved under it.
    const fresh = initialKeyRows(undefined);
    expect(keyRowProblems(fresh, undefined).get(fresh.rows[0]!.row)).toEqual({ field: 'key', sentence: 'Paste the key.' });
    expect(keyRowProblems(withRowChanged(fresh, fresh.rows[0]!.row, { key: 'test-key-test-key-test-key-test!' }), undefined).size).toBe(0);
  });

  it('names, beside its Key, a row whose pasted key is not a key', () => {
    const fresh = initialKeyRows(undefined);
    const row = fresh.rows[0]!.row;
    const problem = keyRowProblems(withRowChanged(fresh, row, { keyId: 'k1', key: 'not a key' }), undefined).get(row);
    expect(problem).toMatchObject({ field: 'key', sentence: expect.stringMatching(/^Key “k1”: .*16 or 32 bytes/) });
  });

  it('removing the active key makes the first one active; removing the last leaves an empty row', () => {
    const keys = initialKeyRows(editing);
    const active = keys.rows[1]!.row;
    const left = withoutRow(keys, active);
    expect(keysInput(left)).toEqual({ keys: [{ keyId: 'k2' }], activeKeyId: 'k2' });
    expect(keysInput(withoutRow(left, left.rows[0]!.row))).toEqual({ keys: [{ keyId: '' }], activeKeyId: '' });
  });
});

describe('what a key reads as', () => {
  it('is said as it is typed, the TypeScript sample’s text key included', () => {
    expect(typedKeySentence('')).toBeUndefined();
    expect(typedKeySentence('test-key-test-key-test-key-test!')).toEqual({ ok: true, sentence: expect.stringMatching(/^Read as 32 bytes of text.*AES-256/) as unknown as string });
    expect(typedKeySentence('abc')?.ok).toBe(false);
  });

  it('is said of a saved key by form and size, with the form the payloads confirmed', () => {
    expect(savedKeySentence({ ...saved, readings: [{ form: 'base64', bytes: 32 }] })).toBe('A key is saved, read as 32 bytes of base64 (AES-256). Leave this empty to keep it.');
    const both = { ...saved, readings: [{ form: 'hex' as const, bytes: 16 }, { form: 'text' as const, bytes: 32 }] };
    expect(savedKeySentence(both)).toMatch(/could be 16 bytes of hex \(AES-128\) or 32 bytes of text \(AES-256\), and no payload has shown which yet/);
    expect(savedKeySentence({ ...both, confirmedForm: 'text' })).toMatch(/the payloads showed it is text: 32 bytes of text \(AES-256\)/);
    expect(savedKeySentence(undefined)).toBe('No key is saved under this ID: paste it.');
    expect(savedKeySentence({ present: false, remembered: false, forgotten: true, readings: [] })).toBe('The key kept under this ID until the browser closed or Payload Lens updated is gone: paste it again.');
  });
});
