import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { fingerprintOf } from '../../core/fingerprint';
import { claimedList } from '../../core/test-support/claimed-list';
import { MESSAGE_LIMITS } from './limits';
import { UnansweredSchema } from './unanswered';

const report = (fields: Record<string, unknown> = {}) => ({ namespace: 'default', kind: 'no-answer', payloads: [{ fingerprint: fingerprintOf('a payload'), where: 'history.events.0.input' }], unread: 0, ...fields });

describe('a report of payloads the bridge answered for itself', () => {
  it('is taken as the bridge makes it', () => {
    expect(v.is(UnansweredSchema, report())).toBe(true);
    expect(v.is(UnansweredSchema, report({ payloads: [], unread: MESSAGE_LIMITS.payloads }))).toBe(true);
  });

  it('is refused with a fingerprint the tally does not make: what the tally keeps of a payload stays a few characters', () => {
    expect(v.is(UnansweredSchema, report({ payloads: [{ fingerprint: 'x'.repeat(100), where: '' }] }))).toBe(false);
    expect(v.is(UnansweredSchema, report({ payloads: [{ fingerprint: 'ü.1', where: '' }] }))).toBe(false);
  });

  it('is refused by the number of its payloads before any is looked at: a cloned list can claim billions in a few bytes', () => {
    expect(v.safeParse(UnansweredSchema, report({ payloads: claimedList('a payload') })).issues?.[0].message).toBe('More payloads than one batch holds.');
  });

  it('is refused with more payloads than one batch holds, or a kind the background did not give the bridge', () => {
    expect(v.is(UnansweredSchema, report({ unread: MESSAGE_LIMITS.payloads }))).toBe(false);
    expect(v.is(UnansweredSchema, report({ kind: 'decrypt-failed' }))).toBe(false);
  });
});
