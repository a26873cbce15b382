/**
 * Which Temporal Web UI origins the extension works on. The built-in ones ship with
 * host permissions; any other origin is added by the user and needs the browser's
 * permission first.
 */
export const BUILTIN_UI_ORIGINS: readonly string[] = [
  'http://localhost:8233',
  'http://127.0.0.1:8233',
  'http://localhost:8080',
  'https://cloud.temporal.io',
];

export type OriginParse = { ok: true; origin: string } | { ok: false; reason: string };

/** Accepts what people paste ("temporal.example.com", "https://x/ns/default/workflows") and keeps the origin. */
export function parseOrigin(input: string): OriginParse {
  const text = input.trim();
  if (!text) return { ok: false, reason: 'Enter the address of a Temporal Web UI.' };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, reason: `“${text}” is not a web address.` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, reason: 'Only http:// and https:// addresses can be used.' };
  }
  return { ok: true, origin: url.origin };
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(host) || host === '::1';
}

/**
 * Tokens may only travel encrypted, except to this machine: the same rule as the Web UI,
 * which passes access tokens to https endpoints only, relaxed for local development.
 */
export function mayCarrySecrets(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname));
  } catch {
    return false;
  }
}
