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

/**
 * Whether a host stands for many: the browser's match patterns, which host permissions and content scripts are made of,
 * read `*` in a host as "any", so `https://*` would become access to every site. It is the only character of a host a
 * match pattern treats specially (its port and path come after the host, apart). URL parsers differ: Node's lets it
 * through as `*` (and turns `%2A` into it), Chromium's escapes it, as `%2A`, and Firefox's (ESR 153) refuses such an
 * address outright, so there it is refused as no address at all before this is asked. No host a browser reaches by
 * name holds a `%`.
 */
export const namesManyHosts = (hostname: string): boolean => /[*%]/.test(hostname);

/**
 * The host (and port) of an address or match pattern as written, read from the text: browsers' URL parsers disagree on
 * `*` in a host (Firefox's refuses the address, Chromium's escapes it to `%2A`), so none can be asked whether it has one.
 */
export function writtenHostOf(address: string): string | undefined {
  const authority = /^[^:/?#]+:\/\/([^/?#]*)/.exec(address)?.[1];
  return authority?.slice(authority.lastIndexOf('@') + 1);
}

export const WILDCARD_ORIGIN_REFUSAL = 'A Web UI address cannot contain “*”: add each address in full, such as temporal.example.com.';

export type OriginParse = { ok: true; origin: string } | { ok: false; reason: string };

/** Accepts what people paste ("temporal.example.com", "https://x/ns/default/workflows") and keeps the origin. */
export function parseOrigin(input: string): OriginParse {
  const text = input.trim();
  if (!text) return { ok: false, reason: 'Enter the address of a Temporal Web UI.' };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  // Before parsing: Firefox's URL parser refuses such a host, and its refusal would not say why.
  if (namesManyHosts(writtenHostOf(withScheme) ?? '')) return { ok: false, reason: WILDCARD_ORIGIN_REFUSAL };
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, reason: `“${text}” is not a web address.` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, reason: 'Only http:// and https:// addresses can be used.' };
  }
  if (namesManyHosts(url.hostname)) return { ok: false, reason: WILDCARD_ORIGIN_REFUSAL };
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
