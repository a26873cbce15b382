import { describe, expect, it } from 'vitest';
import { allowsDecode, permissionsOn, readTokenClaims } from './token';

function jwt(claims: object): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
}

describe('readTokenClaims', () => {
  it('reads expiry and Temporal permissions, split at the first colon, case-insensitive', () => {
    const claims = readTokenClaims(jwt({ exp: 1800000000, permissions: ['default:READ', 'payments:write', 'odd:name:admin', 'bare', 42] }));
    expect(claims?.expiresAt).toBe(1800000000);
    expect(permissionsOn(claims!, 'default')).toEqual(['read']);
    expect(permissionsOn(claims!, 'odd')).toEqual(['name:admin']);
    expect(permissionsOn(claims!, 'orders')).toEqual([]);
  });

  it('counts system-wide grants for every namespace', () => {
    const claims = readTokenClaims(jwt({ permissions: ['temporal-system:admin'] }))!;
    expect(permissionsOn(claims, 'anything')).toEqual(['admin']);
    expect(allowsDecode(permissionsOn(claims, 'anything'))).toBe(true);
  });

  it('accepts a token pasted with its Bearer prefix', () => {
    expect(readTokenClaims(`Bearer ${jwt({ permissions: ['default:read'] })}`)?.permissions.get('default')).toEqual(new Set(['read']));
  });

  it('says nothing about opaque tokens', () => {
    expect(readTokenClaims('opaque-token-123')).toBeNull();
    expect(readTokenClaims('a.b.c')).toBeNull();
  });

  it('knows which permissions allow /decode', () => {
    expect(allowsDecode(['read'])).toBe(true);
    expect(allowsDecode([])).toBe(false);
  });
});
