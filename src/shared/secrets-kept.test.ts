import { describe, expect, it } from 'vitest';
import { keepsSavedToken, keepsSecretsOnDevice, secretsLeftAt } from './secrets-kept';
import { ruleView } from './test-support/rule-view';

const kept = { present: true, remembered: true };
const sessionOnly = { present: true, remembered: false };

describe('whether a rule keeps its secrets on this device', () => {
  it('is so for a codec server rule when its token, ID token or a header value is remembered', () => {
    expect(keepsSecretsOnDevice(ruleView({ token: sessionOnly }))).toBe(false);
    expect(keepsSecretsOnDevice(ruleView({ token: kept }))).toBe(true);
    expect(keepsSecretsOnDevice(ruleView({ idToken: kept }))).toBe(true);
    expect(keepsSecretsOnDevice(ruleView({ headers: [{ name: 'X-Proxy', value: sessionOnly }, { name: 'X-Tenant', value: kept }] }))).toBe(true);
  });

  it('is so for a local key rule when one of its keys is remembered, whatever a token left from before says', () => {
    const local = { mode: 'local' as const, keyIds: ['k1', 'k2'], token: kept };
    expect(keepsSecretsOnDevice(ruleView({ ...local, keys: { k1: { ...sessionOnly, readings: [] }, k2: { ...sessionOnly, readings: [] } } }))).toBe(false);
    expect(keepsSecretsOnDevice(ruleView({ ...local, keys: { k1: { ...sessionOnly, readings: [] }, k2: { ...kept, readings: [] } } }))).toBe(true);
  });
});

describe('secrets moved from Payload Lens 0.1.0, waiting for their codec server to be confirmed', () => {
  const held = { present: false, remembered: true, awaitsConfirmation: true };

  it('are kept by a save to the same codec server, and not by one to another', () => {
    const rule = ruleView({ token: held });
    expect(keepsSavedToken(rule, 'https://codec.example.com/other-path')).toBe(true);
    expect(keepsSavedToken(rule, 'https://codec.example.org')).toBe(false);
  });
});

describe('the codec server a rule’s saved secrets stay with', () => {
  const rule = ruleView({ endpoint: 'https://codec.example.com/tenants/{namespace}' });

  it('is named once the endpoint typed is another server’s: saving forgets them', () => {
    expect(secretsLeftAt(rule, 'https://codec.example.org')).toBe('https://codec.example.com');
    expect(secretsLeftAt(rule, 'https://codec.example.com:8443/tenants/{namespace}')).toBe('https://codec.example.com');
  });

  it('is not named for another path on the same server, an address not finished yet, or a new rule', () => {
    expect(secretsLeftAt(rule, ' https://codec.example.com/v2 ')).toBeUndefined();
    expect(secretsLeftAt(rule, 'https://codec.exa mple')).toBeUndefined();
    expect(secretsLeftAt(undefined, 'https://codec.example.org')).toBeUndefined();
  });
});
