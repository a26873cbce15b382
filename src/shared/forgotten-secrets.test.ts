import { describe, expect, it } from 'vitest';
import { forgottenSentence } from './forgotten-secrets';
import type { RuleView } from './messages/views';
import { ruleView } from './test-support/rule-view';

const kept = { present: true, remembered: false };
const gone = { present: false, remembered: false, forgotten: true };
const never = { present: false, remembered: false };

const remote = (over: Partial<RuleView> = {}): RuleView => ruleView({ token: kept, ...over });

describe('secrets kept only until the browser closed, said where they are entered again', () => {
  it('says nothing when nothing is gone, a secret never saved included', () => {
    expect(forgottenSentence(remote())).toBeUndefined();
    expect(forgottenSentence(remote({ token: never }))).toBeUndefined();
  });

  it('names one secret that is gone', () => {
    expect(forgottenSentence(remote({ token: gone }))).toBe('The access token was kept only until the browser closed or Payload Lens updated, and is gone: enter it again.');
  });

  it('says where to enter it when that is elsewhere', () => {
    expect(forgottenSentence(remote({ token: gone }), 'in the settings')).toBe(
      'The access token was kept only until the browser closed or Payload Lens updated, and is gone: enter it again in the settings.',
    );
  });

  it('names every one of a codec server rule’s secrets that is gone', () => {
    const rule = remote({ token: gone, idToken: gone, headers: [{ name: 'X-Tenant', value: gone }, { name: 'X-Team', value: kept }] });
    expect(forgottenSentence(rule)).toBe('The access token, the ID token and the X-Tenant header were kept only until the browser closed or Payload Lens updated, and are gone: enter them again.');
  });

  it('names a local rule’s keys that are gone by their IDs', () => {
    const rule = remote({ mode: 'local', keyIds: ['k2', 'k1', ''], keys: { k2: { ...gone, readings: [] }, k1: { ...kept, readings: [] }, '': { ...gone, readings: [] } } });
    expect(forgottenSentence(rule)).toBe('The key “k2” and the key with the empty ID were kept only until the browser closed or Payload Lens updated, and are gone: enter them again.');
  });
});
