/**
 * Reads what an access token says about itself, for status display only: the codec
 * server is the one that verifies it. Follows Temporal's default claim mapper
 * (claim `permissions`, entries "<namespace>:<permission>", split at the first colon).
 */
export interface TokenClaims {
  expiresAt?: number;
  notBefore?: number;
  /** Permissions on each namespace, lower-cased, as the claim mapper reads them. */
  permissions: Map<string, Set<string>>;
}

export const SYSTEM_NAMESPACES: readonly string[] = ['temporal-system', 'system'];

function base64UrlToText(segment: string): string {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** Null when the token is not a JWT (opaque tokens are fine; there is just nothing to show). */
export function readTokenClaims(token: string, claimName = 'permissions'): TokenClaims | null {
  const parts = token.trim().replace(/^Bearer\s+/i, '').split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  let body: unknown;
  try {
    body = JSON.parse(base64UrlToText(parts[1]));
  } catch {
    return null;
  }
  if (typeof body !== 'object' || body === null) return null;
  const claims = body as Record<string, unknown>;
  const permissions = new Map<string, Set<string>>();
  const list = claims[claimName];
  if (Array.isArray(list)) {
    for (const entry of list) {
      if (typeof entry !== 'string') continue;
      const colon = entry.indexOf(':');
      if (colon <= 0) continue;
      const namespace = entry.slice(0, colon);
      const permission = entry.slice(colon + 1).toLowerCase();
      const set = permissions.get(namespace) ?? new Set<string>();
      set.add(permission);
      permissions.set(namespace, set);
    }
  }
  return {
    ...(typeof claims.exp === 'number' ? { expiresAt: claims.exp } : {}),
    ...(typeof claims.nbf === 'number' ? { notBefore: claims.nbf } : {}),
    permissions,
  };
}

/** What the token grants on a namespace, counting system-wide grants. */
export function permissionsOn(claims: TokenClaims, namespace: string): string[] {
  const granted = new Set<string>(claims.permissions.get(namespace) ?? []);
  for (const system of SYSTEM_NAMESPACES) for (const p of claims.permissions.get(system) ?? []) granted.add(p);
  return [...granted].sort();
}

/** `/decode` needs read; any stronger permission includes it. */
export function allowsDecode(permissions: readonly string[]): boolean {
  return permissions.some((p) => p === 'read' || p === 'write' || p === 'worker' || p === 'admin');
}
