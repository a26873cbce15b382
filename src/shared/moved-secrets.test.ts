import { describe, expect, it } from 'vitest';
import { movedSecretsQuestion } from './moved-secrets';
import { ruleView } from './test-support/rule-view';

const held = { present: false, remembered: false, awaitsConfirmation: true };
const kept = { present: true, remembered: true };

describe('the question about secrets moved from Payload Lens 0.1.0', () => {
  it('is not asked when nothing waits', () => {
    expect(movedSecretsQuestion(ruleView({ token: kept }))).toBeUndefined();
  });

  it('names what waits and the codec server it would go to', () => {
    const rule = ruleView({ endpoint: 'https://codec.example.com/api/{namespace}', token: held, headers: [{ name: 'X-Tenant', value: held }, { name: 'X-Team', value: kept }] });
    expect(movedSecretsQuestion(rule)).toEqual({
      origin: 'https://codec.example.com',
      count: 2,
      sentence:
        'The access token and the X-Tenant header come from Payload Lens 0.1.0, whose settings a web page could change, and are sent to https://codec.example.com only once you confirm that it is your codec server.',
    });
  });

  it('is not asked of a rule that decodes with a local key now', () => {
    expect(movedSecretsQuestion(ruleView({ mode: 'local', token: held }))).toBeUndefined();
  });
});
