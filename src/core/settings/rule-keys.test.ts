import { describe, expect, it } from 'vitest';
import { keyEntryProblems, typedKeyProblem } from './rule-keys';

describe('a local-key rule’s list of keys', () => {
  it('takes each key ID once, compared as saved, and names the later one', () => {
    expect(keyEntryProblems([
      { keyId: 'k1', given: true, saved: false },
      { keyId: ' k1 ', given: true, saved: false },
      { keyId: 'k2', given: true, saved: false },
    ])).toEqual([undefined, { field: 'keyId', sentence: 'The key ID “k1” is listed twice.' }, undefined]);
  });

  it('leaves a key kept as saved standing, whose ID the form cannot change, and names the other', () => {
    expect(keyEntryProblems([
      { keyId: 'k1', given: true, saved: false },
      { keyId: 'k1', given: false, saved: true },
    ])).toEqual([{ field: 'keyId', sentence: 'The key ID “k1” is listed twice.' }, undefined]);
  });

  it('needs under each ID a key pasted now or saved before', () => {
    expect(keyEntryProblems([
      { keyId: 'new', given: false, saved: false },
      { keyId: 'kept', given: false, saved: true },
      { keyId: '', given: true, saved: false },
    ])).toEqual([{ field: 'key', sentence: 'Paste the key for key ID “new”.' }, undefined, undefined]);
  });

  it('says so plainly for an empty key ID', () => {
    expect(keyEntryProblems([
      { keyId: '', given: false, saved: false },
      { keyId: ' ', given: true, saved: false },
    ])).toEqual([{ field: 'key', sentence: 'Paste the key.' }, { field: 'keyId', sentence: 'Two keys have an empty key ID.' }]);
  });
});

describe('a key pasted', () => {
  it('is said, as it reads, naming its key ID when it has one', () => {
    expect(typedKeyProblem('k1', 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=')).toBeUndefined();
    expect(typedKeyProblem(' k1 ', 'short')).toMatchObject({ field: 'key', sentence: expect.stringMatching(/^Key “k1”: /) });
    expect(typedKeyProblem('', 'short')?.sentence).not.toMatch(/^Key /);
  });
});
