import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { allowsDecode, claimDate, countdown, inspectToken, permissionsOn, readTokenClaims, tokenFacts, tokenWarnings, type TokenInspection } from './token';
import { unsignedJwt as jwt } from './test-support/jwt';


const NOW_MS = Date.UTC(2026, 0, 15, 12, 0, 0);
const NOW = NOW_MS / 1000;

function inspected(token: string, namespaces: string[], nowMs = NOW_MS): Extract<TokenInspection, { kind: 'jwt' }> {
  const result = inspectToken(token, namespaces, nowMs);
  if (result.kind !== 'jwt') throw new Error('expected a JWT');
  return result;
}

describe('readTokenClaims', () => {
  it('reads the registered claims of a signed token', async () => {
    const token = await new SignJWT({ permissions: ['default:read'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('https://issuer.example.com/')
      .setSubject('dev@example.com')
      .setAudience(['temporal', 'codec'])
      .setIssuedAt(NOW - 60)
      .setNotBefore(NOW - 60)
      .setExpirationTime(NOW + 3600)
      .sign(crypto.getRandomValues(new Uint8Array(32)));
    expect(readTokenClaims(token)).toEqual({
      issuer: 'https://issuer.example.com/',
      subject: 'dev@example.com',
      audience: ['temporal', 'codec'],
      issuedAt: NOW - 60,
      notBefore: NOW - 60,
      expiresAt: NOW + 3600,
      permissions: new Map([['default', new Set(['read'])]]),
    });
  });

  it('reads a single audience string as a list of one', () => {
    expect(readTokenClaims(jwt({ aud: 'temporal' }))?.audience).toEqual(['temporal']);
  });

  it('splits at the first colon, reads the permission case-insensitively and ORs entries per namespace', () => {
    const claims = readTokenClaims(jwt({ permissions: ['default:READ', 'default:Write', 'odd:name:admin', 'bare', 42, 'default:reader'] }))!;
    expect(permissionsOn(claims, 'default')).toEqual(['read', 'write']);
    // "name:admin" is not a permission word, so the mapper gives "odd" nothing.
    expect(permissionsOn(claims, 'odd')).toEqual([]);
    expect(permissionsOn(claims, 'orders')).toEqual([]);
  });

  it('compares namespace names exactly, as the authorizer does', () => {
    const claims = readTokenClaims(jwt({ permissions: ['Payments:read'] }))!;
    expect(permissionsOn(claims, 'payments')).toEqual([]);
    expect(permissionsOn(claims, 'Payments')).toEqual(['read']);
  });

  it('reads the claim the caller names instead of `permissions`', () => {
    const token = jwt({ permissions: ['default:read'], 'https://example.com/temporal': ['default:admin'] });
    expect(permissionsOn(readTokenClaims(token, 'https://example.com/temporal')!, 'default')).toEqual(['admin']);
  });

  it('counts temporal-system and the older system scope for every namespace', () => {
    expect(permissionsOn(readTokenClaims(jwt({ permissions: ['temporal-system:admin'] }))!, 'anything')).toEqual(['admin']);
    expect(permissionsOn(readTokenClaims(jwt({ permissions: ['system:read', 'x:worker'] }))!, 'x')).toEqual(['worker', 'read']);
  });

  it('accepts a token pasted with its Bearer prefix', () => {
    expect(readTokenClaims(`Bearer ${jwt({ permissions: ['default:read'] })}`)?.permissions.get('default')).toEqual(new Set(['read']));
  });

  it('says nothing about opaque tokens', () => {
    expect(readTokenClaims('opaque-token-123')).toBeNull();
    expect(readTokenClaims('a.b.c')).toBeNull();
    expect(readTokenClaims(`x.${Buffer.from('[1,2]').toString('base64url')}.y`)).toBeNull();
    expect(readTokenClaims('a.b.c.d.e')).toBeNull();
  });
});

describe('allowsDecode', () => {
  it('needs read, write or admin; worker alone is below read', () => {
    expect(allowsDecode(['read'])).toBe(true);
    expect(allowsDecode(['write'])).toBe(true);
    expect(allowsDecode(['admin'])).toBe(true);
    expect(allowsDecode(['worker'])).toBe(false);
    expect(allowsDecode([])).toBe(false);
  });
});

describe('inspectToken', () => {
  it('says an opaque token has nothing to inspect, without an error', () => {
    expect(inspectToken('s3cr3t-opaque', ['default'], NOW_MS)).toEqual({ kind: 'opaque', sentence: 'Not a JWT, nothing to inspect.' });
  });

  it('warns when the token has expired', () => {
    const { warnings } = inspected(jwt({ exp: NOW - 3 * 3600, permissions: ['default:read'] }), ['default']);
    expect(warnings).toEqual([{ kind: 'expired', at: NOW - 3 * 3600, sentence: 'This token expired 3 hours ago; the codec server will refuse it.' }]);
  });

  it('treats the expiry second itself as expired', () => {
    expect(inspected(jwt({ exp: NOW }), []).warnings.map((w) => w.kind)).toEqual(['expired']);
  });

  it('warns within the hour before expiry, not earlier', () => {
    expect(inspected(jwt({ exp: NOW + 25 * 60 }), []).warnings).toEqual([{ kind: 'expires-soon', at: NOW + 25 * 60, sentence: 'This token expires in 25 minutes.' }]);
    expect(inspected(jwt({ exp: NOW + 3601 }), []).warnings).toEqual([]);
  });

  it('warns when the token is not valid yet', () => {
    expect(inspected(jwt({ nbf: NOW + 600 }), []).warnings).toEqual([{ kind: 'not-yet-valid', at: NOW + 600, sentence: 'This token is not valid for another 10 minutes.' }]);
  });

  it('warns when an exact namespace has no read, naming what is needed', () => {
    const result = inspected(jwt({ permissions: ['payments:worker', 'default:read'] }), ['payments', 'default']);
    expect(result.grants.map((g) => [g.rule, g.canRead])).toEqual([['payments', false], ['default', true]]);
    expect(result.warnings).toEqual([
      { kind: 'no-read', rule: 'payments', sentence: 'This token grants no read on “payments”: the codec server needs read, write or admin (worker is not enough).' },
    ]);
  });

  it('lists the granted namespaces a pattern covers and warns only when none of them reads', () => {
    const token = jwt({ permissions: ['payments-eu:read', 'payments-us:worker', 'payments:admin', 'orders:read'] });
    const readable = inspected(token, ['payments-*']);
    expect(readable.grants[0]).toEqual({
      rule: 'payments-*',
      matches: [
        { namespace: 'payments-eu', permissions: ['read'] },
        { namespace: 'payments-us', permissions: ['worker'] },
      ],
      canRead: true,
    });
    expect(readable.warnings).toEqual([]);

    const unreadable = inspected(jwt({ permissions: ['payments-us:worker', 'orders:read'] }), ['payments-*']);
    expect(unreadable.grants[0]?.matches).toEqual([{ namespace: 'payments-us', permissions: ['worker'] }]);
    expect(unreadable.warnings.map((w) => w.sentence)).toEqual([
      'This token grants no read on any namespace matching “payments-*”: the codec server needs read, write or admin (worker is not enough).',
    ]);
  });

  it('matches every named namespace for `*`', () => {
    const result = inspected(jwt({ permissions: ['a:worker', 'b:worker'] }), ['*']);
    expect(result.grants[0]?.matches.map((m) => m.namespace)).toEqual(['a', 'b']);
    expect(result.warnings.map((w) => w.kind)).toEqual(['no-read']);
  });

  it('lets a system-wide read cover exact names, patterns and `*`', () => {
    const result = inspected(jwt({ permissions: ['temporal-system:read'] }), ['payments', 'payments-*', '*']);
    expect(result.systemWide).toEqual(['read']);
    expect(result.grants.every((g) => g.canRead && g.matches.length === 0)).toBe(true);
    expect(result.warnings).toEqual([]);
  });

  it('does not let a system-wide worker grant read', () => {
    expect(inspected(jwt({ permissions: ['temporal-system:worker'] }), ['default']).warnings.map((w) => w.kind)).toEqual(['no-read']);
  });

  it('treats pattern characters other than `*` literally', () => {
    const result = inspected(jwt({ permissions: ['payments.eu:read', 'paymentsXeu:read'] }), ['payments.*']);
    expect(result.grants[0]?.matches.map((m) => m.namespace)).toEqual(['payments.eu']);
  });
});

describe('tokenFacts', () => {
  it('keeps what the settings show of a JWT as plain data, and nothing of an opaque token', () => {
    const facts = tokenFacts(jwt({ iss: 'https://id.example.com', sub: 'dev', aud: 'temporal', exp: NOW + 60, permissions: ['payments:read', 'temporal-system:worker'] }), ['payments']);
    expect(facts).toEqual({
      issuer: 'https://id.example.com',
      subject: 'dev',
      audience: ['temporal'],
      expiresAt: NOW + 60,
      hasPermissions: true,
      systemWide: ['worker'],
      grants: [{ rule: 'payments', matches: [{ namespace: 'payments', permissions: ['read'] }], canRead: true }],
    });
    expect(JSON.parse(JSON.stringify(facts))).toEqual(facts);
    expect(tokenFacts('opaque', ['payments'])).toBeNull();
  });

  it('says when the token has no permissions claim at all, and then warns of nothing it does not grant', () => {
    const facts = tokenFacts(jwt({ sub: 'dev' }), ['payments'])!;
    expect(facts.hasPermissions).toBe(false);
    expect(tokenWarnings(facts, NOW_MS)).toEqual([]);
    expect(tokenFacts(jwt({ groups: ['payments:read'] }), ['payments'], { permissionsClaim: 'groups' })?.hasPermissions).toBe(true);
  });

  it('gives the same warnings from the facts as the inspection does, as time passes', () => {
    const token = jwt({ exp: NOW + 7200, permissions: ['payments:worker'] });
    const facts = tokenFacts(token, ['payments'])!;
    for (const at of [NOW_MS, NOW_MS + 3600_000 + 1000, NOW_MS + 7200_000]) {
      expect(tokenWarnings(facts, at)).toEqual(inspected(token, ['payments'], at).warnings);
    }
    expect(tokenWarnings(facts, NOW_MS + 7200_000).map((w) => w.kind)).toEqual(['expired', 'no-read']);
  });
});

describe('claimDate', () => {
  it('is the moment a claim names, and nothing past what a date can hold', () => {
    expect(claimDate(NOW)?.getTime()).toBe(NOW * 1000);
    expect(claimDate(8.64e12)?.toISOString()).toBe('+275760-09-13T00:00:00.000Z');
    expect(claimDate(Number.MAX_SAFE_INTEGER)).toBeUndefined();
    expect(claimDate(-Number.MAX_SAFE_INTEGER)).toBeUndefined();
  });
});

describe('countdown', () => {
  it('counts down in the two largest units, and up once past', () => {
    expect(countdown(NOW + 9, NOW_MS)).toBe('in 0 min 09 s');
    expect(countdown(NOW + 4 * 60 + 9, NOW_MS)).toBe('in 4 min 09 s');
    expect(countdown(NOW + 3600 + 5 * 60 + 30, NOW_MS)).toBe('in 1 h 05 min');
    expect(countdown(NOW + 2 * 86400 + 4 * 3600, NOW_MS)).toBe('in 2 d 4 h');
    expect(countdown(NOW - 90, NOW_MS)).toBe('1 min 30 s ago');
    expect(countdown(NOW, NOW_MS)).toBe('0 min 00 s ago');
  });
});
