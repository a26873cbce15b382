/**
 * What an access token says about itself, for the settings to show. The codec server is the one that verifies
 * it, so the signature is not checked here, and nothing of the token leaves these functions.
 *
 * Permissions are read as Temporal's default JWT claim mapper and default authorizer read them
 * (temporalio/temporal, common/authorization/default_jwt_claim_mapper.go, default_authorizer.go, roles.go):
 * - the claim `permissions` (the server's `permissionsClaimName` can rename it) is an array of strings
 *   "<namespace>:<permission>", split at the first colon; entries that are not strings or have no colon are ignored;
 * - the permission word is case-insensitive; `worker`, `read`, `write`, `admin` are role bits 1, 2, 4, 8, OR-ed per
 *   namespace; any other word adds nothing;
 * - namespace names are compared exactly (the current authorizer looks the target namespace up as given);
 * - `temporal-system:<role>` is a grant on every namespace; older servers' mapper used `system:<role>`;
 * - a call is allowed to read when the OR-ed role, compared as a number, is at least the reader bit (2): `read`,
 *   `write` and `admin` read; `worker` alone (1) does not.
 */
import { decodeJwt } from 'jose/jwt/decode';
import { EVERY_NAMESPACE, isPattern, namespaceMatches } from './settings/namespace-pattern';
import { tokenAsPasted } from './token-text';

export type Permission = 'worker' | 'read' | 'write' | 'admin';

const ROLE_BITS: Readonly<Record<Permission, number>> = { worker: 1, read: 2, write: 4, admin: 8 };
const PERMISSIONS = Object.keys(ROLE_BITS) as Permission[];
const READER = ROLE_BITS.read;

export const SYSTEM_NAMESPACES: readonly string[] = ['temporal-system', 'system'];
export const DEFAULT_PERMISSIONS_CLAIM = 'permissions';

export interface TokenClaims {
  issuer?: string;
  subject?: string;
  /** `aud`, always as a list (a JWT may hold one string or an array). */
  audience: string[];
  /** Seconds since the epoch, as in the JWT. */
  issuedAt?: number;
  notBefore?: number;
  expiresAt?: number;
  /** Permissions by namespace as the claim names them, system scopes included. */
  permissions: Map<string, Set<Permission>>;
}

/** Null when the token is not a JWT: opaque tokens are fine, there is just nothing to read. */
export function readTokenClaims(token: string, permissionsClaim = DEFAULT_PERMISSIONS_CLAIM): TokenClaims | null {
  let payload: Record<string, unknown>;
  try {
    payload = decodeJwt(tokenAsPasted(token));
  } catch {
    return null;
  }
  const text = (name: string) => (typeof payload[name] === 'string' ? (payload[name] as string) : undefined);
  const seconds = (name: string) => (typeof payload[name] === 'number' && Number.isFinite(payload[name]) ? (payload[name] as number) : undefined);
  const aud = payload.aud;
  return {
    issuer: text('iss'),
    subject: text('sub'),
    audience: typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [],
    issuedAt: seconds('iat'),
    notBefore: seconds('nbf'),
    expiresAt: seconds('exp'),
    permissions: readPermissions(payload[permissionsClaim]),
  };
}

function readPermissions(claim: unknown): Map<string, Set<Permission>> {
  const permissions = new Map<string, Set<Permission>>();
  if (!Array.isArray(claim)) return permissions;
  for (const entry of claim) {
    if (typeof entry !== 'string') continue;
    const colon = entry.indexOf(':');
    if (colon < 0) continue;
    const word = entry.slice(colon + 1).toLowerCase();
    if (!Object.hasOwn(ROLE_BITS, word)) continue;
    const namespace = entry.slice(0, colon);
    const set = permissions.get(namespace) ?? new Set<Permission>();
    set.add(word as Permission);
    permissions.set(namespace, set);
  }
  return permissions;
}

const inRoleOrder = (granted: Iterable<Permission>): Permission[] => {
  const set = new Set(granted);
  return PERMISSIONS.filter((p) => set.has(p));
};

/** What the token grants on every namespace at once. */
export function systemWidePermissions(claims: TokenClaims): Permission[] {
  return inRoleOrder(SYSTEM_NAMESPACES.flatMap((system) => [...(claims.permissions.get(system) ?? [])]));
}

/** What the token grants on one namespace, system-wide grants included. */
export function permissionsOn(claims: TokenClaims, namespace: string): Permission[] {
  return inRoleOrder([...(claims.permissions.get(namespace) ?? []), ...systemWidePermissions(claims)]);
}

/** Whether these permissions let a codec server's `/decode` through (it asks for Temporal's read). */
export function allowsDecode(permissions: readonly string[]): boolean {
  let role = 0;
  for (const p of permissions) role |= ROLE_BITS[p as Permission] ?? 0;
  return role >= READER;
}

/** What a token grants for one rule's namespace. */
export interface NamespaceGrant {
  /** The rule's namespace as written: a name, a pattern with `*` (`payments-*`), or `*` for all. */
  rule: string;
  /** Namespaces the token names that the rule covers (system scopes aside), with what each grants. */
  matches: { namespace: string; permissions: Permission[] }[];
  /** Read is granted system-wide, on the namespace, or (for a pattern) on at least one namespace it matches. */
  canRead: boolean;
}

/**
 * What the settings show of a JWT for the namespaces of one rule: plain data, so the background can hand it to
 * its pages for a saved token without handing them the token.
 */
export interface TokenFacts {
  issuer?: string;
  subject?: string;
  audience: string[];
  notBefore?: number;
  expiresAt?: number;
  /** Whether the token has the permissions claim at all: without it, it says nothing about permissions. */
  hasPermissions: boolean;
  systemWide: Permission[];
  grants: NamespaceGrant[];
}

export type TokenWarning =
  | { kind: 'expired'; at: number; sentence: string }
  | { kind: 'expires-soon'; at: number; sentence: string }
  | { kind: 'not-yet-valid'; at: number; sentence: string }
  | { kind: 'no-read'; rule: string; sentence: string };

export type TokenInspection =
  | { kind: 'opaque'; sentence: string }
  | { kind: 'jwt'; claims: TokenClaims; systemWide: Permission[]; grants: NamespaceGrant[]; warnings: TokenWarning[] };

export const EXPIRY_WARNING_SECONDS = 3600;

/** Facts of a JWT for the namespaces of one rule; null for an opaque token. */
export function tokenFacts(token: string, namespaces: readonly string[], options: { permissionsClaim?: string } = {}): TokenFacts | null {
  const claims = readTokenClaims(token, options.permissionsClaim);
  return claims === null ? null : factsOf(claims, namespaces);
}

function factsOf(claims: TokenClaims, namespaces: readonly string[]): TokenFacts {
  const systemWide = systemWidePermissions(claims);
  const { issuer, subject, notBefore, expiresAt } = claims;
  return {
    ...(issuer !== undefined ? { issuer } : {}),
    ...(subject !== undefined ? { subject } : {}),
    audience: claims.audience,
    ...(notBefore !== undefined ? { notBefore } : {}),
    ...(expiresAt !== undefined ? { expiresAt } : {}),
    hasPermissions: claims.permissions.size > 0,
    systemWide,
    grants: namespaces.map((rule) => grantFor(claims, rule, allowsDecode(systemWide))),
  };
}

/**
 * What the user should know before the codec server refuses the token, in the order it matters: validity first,
 * then permissions, for a token that carries the permissions claim. `nowMs` is `Date.now()`.
 */
export function tokenWarnings(facts: TokenFacts, nowMs: number): TokenWarning[] {
  const now = nowMs / 1000;
  const warnings: TokenWarning[] = [];
  const { expiresAt: exp, notBefore: nbf } = facts;
  // JWT (RFC 7519 §4.1.4/5): refused on or after exp, and before nbf.
  if (exp !== undefined && now >= exp) {
    warnings.push({ kind: 'expired', at: exp, sentence: `This token expired ${duration(now - exp)} ago; the codec server will refuse it.` });
  } else if (exp !== undefined && exp - now <= EXPIRY_WARNING_SECONDS) {
    warnings.push({ kind: 'expires-soon', at: exp, sentence: `This token expires in ${duration(exp - now)}.` });
  }
  if (nbf !== undefined && now < nbf) {
    warnings.push({ kind: 'not-yet-valid', at: nbf, sentence: `This token is not valid for another ${duration(nbf - now)}.` });
  }
  // A token without the claim (one for an access proxy, say) says nothing about Temporal permissions.
  if (facts.hasPermissions) for (const grant of facts.grants) if (!grant.canRead) warnings.push({ kind: 'no-read', rule: grant.rule, sentence: noReadSentence(grant) });
  return warnings;
}

/**
 * Everything the settings show about a token for the namespaces of one rule. `nowMs` is `Date.now()`;
 * warnings are values with a sentence, in the order they matter: validity first, then permissions.
 */
export function inspectToken(
  token: string,
  namespaces: readonly string[],
  nowMs: number,
  options: { permissionsClaim?: string } = {},
): TokenInspection {
  const claims = readTokenClaims(token, options.permissionsClaim);
  if (claims === null) return { kind: 'opaque', sentence: OPAQUE_SENTENCE };
  const facts = factsOf(claims, namespaces);
  return { kind: 'jwt', claims, systemWide: facts.systemWide, grants: facts.grants, warnings: tokenWarnings(facts, nowMs) };
}

export const OPAQUE_SENTENCE = 'Not a JWT, nothing to inspect.';

function grantFor(claims: TokenClaims, rule: string, systemRead: boolean): NamespaceGrant {
  const matches = [...claims.permissions]
    .filter(([namespace]) => !SYSTEM_NAMESPACES.includes(namespace) && namespaceMatches(rule, namespace))
    .map(([namespace, granted]) => ({ namespace, permissions: inRoleOrder(granted) }))
    .sort((a, b) => (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : 0));
  return { rule, matches, canRead: systemRead || matches.some((m) => allowsDecode(m.permissions)) };
}

function noReadSentence(grant: NamespaceGrant): string {
  const needs = 'the codec server needs read, write or admin (worker is not enough).';
  if (!isPattern(grant.rule)) return `This token grants no read on “${grant.rule}”: ${needs}`;
  const scope = grant.rule === EVERY_NAMESPACE ? 'any namespace' : `any namespace matching “${grant.rule}”`;
  return `This token grants no read on ${scope}: ${needs}`;
}

function duration(seconds: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (seconds < 60) return 'less than a minute';
  if (seconds < 2 * 3600) return plural(Math.floor(seconds / 60), 'minute');
  if (seconds < 2 * 86400) return plural(Math.floor(seconds / 3600), 'hour');
  return plural(Math.floor(seconds / 86400), 'day');
}

/** A ticking countdown to `atSeconds` ("2 d 4 h", "1 h 05 min", "4 min 09 s"), or how long ago it passed. */
/**
 * The moment a claim in seconds names, or undefined past what a Date can hold (±8.64e15 ms): some issuers write the
 * largest safe integer for "never".
 */
export function claimDate(atSeconds: number): Date | undefined {
  const date = new Date(atSeconds * 1000);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function countdown(atSeconds: number, nowMs: number): string {
  const left = Math.floor(atSeconds - nowMs / 1000);
  const span = Math.abs(left);
  const two = (n: number) => String(n).padStart(2, '0');
  const [d, h, m, s] = [Math.floor(span / 86400), Math.floor((span % 86400) / 3600), Math.floor((span % 3600) / 60), span % 60];
  const text = d > 0 ? `${d} d ${h} h` : h > 0 ? `${h} h ${two(m)} min` : `${m} min ${two(s)} s`;
  return left > 0 ? `in ${text}` : `${text} ago`;
}
