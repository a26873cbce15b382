import { describe, expect, it } from 'vitest';
import { movedSecretsQuestion, withNothingWaiting } from './moved-secrets';
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
      sendable: true,
      sentence:
        'The access token and the X-Tenant header come from Payload Lens 0.1.0, whose settings a web page could change, and are sent to https://codec.example.com only once you confirm that it is your codec server.',
    });
  });

  it('is not asked of a rule that decodes with a local key now, nor of an administrator’s rule', () => {
    expect(movedSecretsQuestion(ruleView({ mode: 'local', token: held }))).toBeUndefined();
    expect(movedSecretsQuestion(ruleView({ managed: true, token: held }))).toBeUndefined();
  });

  it('offers no sending to a plain http:// server elsewhere, where no token goes', () => {
    expect(movedSecretsQuestion(ruleView({ endpoint: 'http://codec.example.com', token: held }))).toEqual({
      origin: 'http://codec.example.com',
      count: 1,
      sendable: false,
      sentence:
        'The access token comes from Payload Lens 0.1.0, whose settings a web page could change, for http://codec.example.com; tokens and header values go only to https:// endpoints or to this computer, so forget it, and enter it again for an https:// endpoint.',
    });
    expect(movedSecretsQuestion(ruleView({ endpoint: 'http://localhost:8081', token: held }))?.sendable).toBe(true);
  });
});

describe('a rule as shown once what waited is answered', () => {
  const heldOnDevice = { ...held, remembered: true };
  const rule = ruleView({ token: heldOnDevice, idToken: { present: false, remembered: false }, headers: [{ name: 'X-Tenant', value: heldOnDevice }, { name: 'X-Team', value: kept }] });

  it('holds them as saved once sent, kept as they were, and asks nothing more', () => {
    const sent = withNothingWaiting(rule, true);
    expect([sent.token, sent.idToken, ...sent.headers.map((header) => header.value)]).toMatchObject([
      { present: true, remembered: true, awaitsConfirmation: undefined },
      { present: false, remembered: false },
      { present: true, remembered: true, awaitsConfirmation: undefined },
      kept,
    ]);
    expect(movedSecretsQuestion(sent)).toBeUndefined();
  });

  it('holds none of them once forgotten, and leaves what did not wait', () => {
    const forgotten = withNothingWaiting(rule, false);
    expect([forgotten.token, ...forgotten.headers.map((header) => header.value)]).toMatchObject([
      { present: false, remembered: false },
      { present: false, remembered: false },
      kept,
    ]);
    expect(movedSecretsQuestion(forgotten)).toBeUndefined();
  });
});
