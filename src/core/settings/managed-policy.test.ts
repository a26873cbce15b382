import { describe, expect, it } from 'vitest';
import { MANAGED_ID_PREFIX, managedRuleOver, managedTie, readPolicy, withPolicy, withoutPolicy } from './managed-policy';
import { ruleFor } from './rule-choice';
import { defaultSettings, type Rule, type Settings } from './schema';

const TEAM_UI = 'https://temporal.example.com';
const OTHER_UI = 'https://temporal.example.net';
const CODEC = 'https://codec.example.com';
const NOW = new Date('2026-01-02T03:04:05Z');

const managedRule = (fields: Record<string, unknown> = {}) => ({ id: 'payments', addresses: [TEAM_UI], namespace: 'payments-*', endpoint: CODEC, includeCredentials: true, ...fields });

function userRule(fields: Partial<Rule> = {}): Rule {
  return { id: 'u1', addresses: [TEAM_UI], namespace: 'payments-*', enabled: true, mode: 'local', encodeRequests: true, privateView: false, local: { keyIds: ['k'], activeKeyId: 'k' }, ...fields };
}

const user = (fields: Partial<Settings> = {}): Settings => ({ ...defaultSettings(), origins: [TEAM_UI], rules: [userRule()], ...fields });

describe('reading a managed policy', () => {
  it('makes a codec-server rule of each valid entry, switched on, and enables the addresses it names', () => {
    const policy = readPolicy({ origins: [OTHER_UI], rules: [managedRule({ endpoint: `${CODEC}/{namespace}/` })] }, NOW);
    expect(policy.problems).toEqual([]);
    expect(policy.origins).toEqual([OTHER_UI, TEAM_UI]);
    expect(policy.rules).toEqual([
      {
        id: `${MANAGED_ID_PREFIX}payments`,
        addresses: [TEAM_UI],
        namespace: 'payments-*',
        enabled: true,
        mode: 'remote',
        encodeRequests: true,
        privateView: false,
        remote: { endpoint: `${CODEC}/{namespace}`, includeCredentials: true, headerNames: [], permissionsClaim: 'permissions' },
      },
    ]);
  });

  it('has nothing for a browser without policy', () => {
    expect(readPolicy(undefined)).toEqual({ origins: [], rules: [], problems: [] });
    expect(readPolicy({})).toEqual({ origins: [], rules: [], problems: [] });
  });

  it('does not list built-in addresses again', () => {
    expect(readPolicy({ origins: ['http://localhost:8233'], rules: [managedRule({ addresses: ['http://localhost:8233'] })] }).origins).toEqual([]);
  });

  it('sets aside, with a sentence each, what cannot be used, and keeps every valid part working', () => {
    const bad = [
      [managedRule({ accessToken: 'eyJ...' }), /may not carry secrets \(accessToken\)/],
      [managedRule({ headers: { 'X-Team': 'a' } }), /may not carry secrets \(headers\)/],
      [managedRule({ includeCredential: true }), /fields Payload Lens does not know \(includeCredential\)/],
      [managedRule({ addresses: 'every' }), /as a list \(addresses\)/],
      [managedRule({ addresses: ['https://temporal.example.com/path'] }), /addresses\.0: An address is written as scheme:\/\/host/],
      [managedRule({ endpoint: 'ftp://codec.example.com' }), /endpoint cannot be used: The codec endpoint must start with https/],
      [managedRule({ namespace: 'pay ments' }), /namespace cannot be used: A namespace has no spaces/],
      [managedRule({ id: 7 }), /could not be read \(id: /],
      [managedRule({ includeCredentials: 'yes' }), /could not be read \(remote\.includeCredentials: Invalid type: Expected boolean\)/],
      ['a rule', /not an object/],
    ] as const;
    const policy = readPolicy({ origins: [OTHER_UI, 'not an address'], rules: [managedRule(), ...bad.map(([raw]) => raw)] }, NOW);
    expect(policy.rules.map((rule) => rule.id)).toEqual([`${MANAGED_ID_PREFIX}payments`]);
    expect(policy.origins).toEqual([OTHER_UI, TEAM_UI]);
    expect(policy.problems[0]).toMatchObject({ raw: 'not an address', problem: expect.stringMatching(/^A managed Web UI address cannot be used/), since: NOW.toISOString() });
    // A switch is shown only as a switch: anything else there may be a secret put in the wrong place.
    const shown = (raw: unknown) => (raw === bad[8][0] ? managedRule({ includeCredentials: '(not shown)' }) : raw);
    bad.slice(3).forEach(([raw, problem], index) => expect(policy.problems[index + 4]).toMatchObject({ raw: shown(raw), problem: expect.stringMatching(problem) }));
    // A rule that carries a secret is shown without it, and a field it does not know without its value.
    expect(policy.problems[1]).toMatchObject({ raw: managedRule({ accessToken: '(not shown)' }), problem: expect.stringMatching(bad[0][1]) });
    expect(policy.problems[2]).toMatchObject({ raw: managedRule({ headers: '(not shown)' }), problem: expect.stringMatching(bad[1][1]) });
    expect(policy.problems[3]).toMatchObject({ raw: managedRule({ includeCredential: '(not shown)' }), problem: expect.stringMatching(bad[2][1]) });
    expect(policy.problems).toHaveLength(bad.length + 1);
  });

  it('uses the first of two managed rules with one id, or of two that tie, and says why the second is not used', () => {
    const policy = readPolicy({ rules: [managedRule(), managedRule({ namespace: 'payments' }), managedRule({ id: 'other', endpoint: 'https://codec.example.net' })] });
    expect(policy.rules.map((rule) => rule.namespace)).toEqual(['payments-*']);
    expect(policy.problems.map((p) => p.problem)).toEqual([expect.stringMatching(/Two managed rules have the id “payments”/), expect.stringMatching(/^A managed rule is not used: Another rule \(namespaces matching “payments-\*”/)]);
  });

  it('names what it does not know at the top level and still uses the rest', () => {
    const policy = readPolicy({ rules: [managedRule()], tokens: { a: 'b' } });
    expect(policy.rules).toHaveLength(1);
    expect(policy.problems.map((p) => p.problem)).toEqual([expect.stringMatching(/does not know \(tokens\)/)]);
  });

  it('shows no secret of what it sets aside, wherever the policy put it', () => {
    const policy = readPolicy(
      {
        origins: ['https://user:S3CRET-ORIGIN@temporal.example.com'],
        rules: [
          managedRule({ endpoint: `${CODEC}/?access_token=S3CRET-QUERY` }),
          managedRule({ endpoint: 'https://user:S3CRET-PW@codec.example.com' }),
          managedRule({ remote: { token: 'S3CRET-NESTED' } }),
          managedRule({ endpoint: 'codec.example.com/decode?access_token=S3CRET-NO-SCHEME' }),
          managedRule({ includeCredentials: 'Bearer S3CRET-BEARER' }),
          managedRule({ privateView: 'S3CRET-AS-A-FLAG' }),
          managedRule({ auth: 'S3CRET-UNKNOWN-FIELD' }),
        ],
        codecToken: 'S3CRET-TOP',
        extra: { pwd: 'S3CRET-DEEP' },
      },
      NOW,
    );
    expect(policy.problems).toHaveLength(9);
    expect(JSON.stringify(policy.problems)).not.toContain('S3CRET');
    expect(policy.problems[1]).toMatchObject({ raw: managedRule({ endpoint: `${CODEC}/ (not shown)` }), problem: expect.stringMatching(/must not have a query/) });
  });

  it('sets aside a policy that is not an object, or whose lists are not lists', () => {
    expect(readPolicy('rules').problems.map((p) => p.problem)).toEqual(['The managed policy is not an object.']);
    expect(readPolicy({ origins: TEAM_UI, rules: {} }).problems.map((p) => p.problem)).toEqual(['The managed Web UI addresses (origins) are not a list.', 'The managed rules are not a list.']);
  });
});

describe('joining the policy to the user settings', () => {
  const policy = readPolicy({ rules: [managedRule()] });

  it('lets a managed rule win over a user rule for the same namespaces on the same address', () => {
    const merged = withPolicy(user(), policy);
    expect(ruleFor(merged, TEAM_UI, 'payments-eu')?.id).toBe(`${MANAGED_ID_PREFIX}payments`);
    expect(managedRuleOver(policy.rules, userRule())?.id).toBe(`${MANAGED_ID_PREFIX}payments`);
    expect(managedTie(merged, userRule())).toBe(
      'Your administrator’s rule for namespaces matching “payments-*” on https://temporal.example.com already decides these namespaces there: choose another namespace or other addresses.',
    );
  });

  it('leaves narrower user rules, and rules on other addresses, deciding where they apply', () => {
    const exact = userRule({ id: 'exact', namespace: 'payments-eu' });
    const elsewhere = userRule({ id: 'elsewhere', addresses: [OTHER_UI] });
    const merged = withPolicy(user({ origins: [TEAM_UI, OTHER_UI], rules: [exact, elsewhere] }), policy);
    expect(ruleFor(merged, TEAM_UI, 'payments-eu')?.id).toBe('exact');
    expect(ruleFor(merged, TEAM_UI, 'payments-us')?.id).toBe(`${MANAGED_ID_PREFIX}payments`);
    expect(ruleFor(merged, OTHER_UI, 'payments-us')?.id).toBe('elsewhere');
    expect(managedRuleOver(policy.rules, exact)).toBeUndefined();
    expect(managedRuleOver(policy.rules, elsewhere)).toBeUndefined();
    expect(managedTie(merged, exact)).toBeUndefined();
  });

  it('enables managed addresses without storing them, and keeps an address the user added too', () => {
    const withOther = readPolicy({ origins: [OTHER_UI], rules: [managedRule()] });
    const stored = user({ origins: [TEAM_UI] });
    const merged = withPolicy(stored, withOther);
    expect(merged.origins).toEqual([TEAM_UI, OTHER_UI]);
    expect(withoutPolicy(merged, stored, withOther)).toEqual(stored);
  });

  it('never stores a managed rule, and stores the user rules as changed', () => {
    const stored = user();
    const merged = withPolicy(stored, policy);
    const changed = { ...merged, rules: merged.rules.map((rule) => ({ ...rule, enabled: false })) };
    expect(withoutPolicy(changed, stored, policy).rules).toEqual([{ ...userRule(), enabled: false }]);
  });

  it('keeps a user rule whose id a managed rule took, out of use but not lost', () => {
    const clash = userRule({ id: `${MANAGED_ID_PREFIX}payments`, namespace: 'orders' });
    const stored = user({ rules: [clash] });
    const merged = withPolicy(stored, policy);
    expect(merged.rules.map((rule) => rule.namespace)).toEqual(['payments-*']);
    expect(withoutPolicy(merged, stored, policy).rules).toEqual([clash]);
  });
});
