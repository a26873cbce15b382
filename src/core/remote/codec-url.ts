/**
 * The codec endpoint a user types, and the URL a request goes to. As in the Temporal CLI's
 * and the Web UI server's configuration, `{namespace}` in the endpoint is replaced by the
 * namespace: here percent-encoded, and only ever in the path, so no namespace name a page
 * asks about can move a request (and the token with it) to another host.
 */
import { mayCarrySecrets, namesManyHosts, writtenHostOf } from '../origins';

export const NAMESPACE_PLACEHOLDER = '{namespace}';
// Survives URL parsing unchanged, so where the placeholder ended up can be checked.
const MARKER = 'payload-lens-namespace-placeholder';

export const WILDCARD_ENDPOINT_REFUSAL = 'The codec endpoint’s host cannot contain “*”: enter the one host it is at, such as codec.example.com.';

export type EndpointParse = { ok: true; endpoint: string; origin: string } | { ok: false; reason: string };

function parseWithMarker(text: string): URL | null {
  try {
    return new URL(text.replaceAll(NAMESPACE_PLACEHOLDER, MARKER));
  } catch {
    return null;
  }
}

/** What the user typed, checked; kept as typed (less trailing slashes) so the placeholder survives. */
export function parseCodecEndpoint(input: string | undefined): EndpointParse {
  const text = (input ?? '').trim();
  if (!text) return { ok: false, reason: 'Enter the codec endpoint, for example https://codec.example.com.' };
  // Before parsing: Firefox's URL parser refuses such a host, and its refusal would not say why.
  if (namesManyHosts(writtenHostOf(text) ?? '')) return { ok: false, reason: WILDCARD_ENDPOINT_REFUSAL };
  const url = parseWithMarker(text);
  if (!url) return { ok: false, reason: `“${text.slice(0, 200)}” is not a web address; the codec endpoint looks like https://codec.example.com.` };
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'The codec endpoint must start with https://.' };
  if (url.search || url.hash) return { ok: false, reason: 'The codec endpoint must not have a query (?…) or fragment (#…).' };
  if (url.username || url.password) return { ok: false, reason: 'Put credentials in the access token or a header, not in the codec endpoint.' };
  if (url.host.includes(MARKER)) return { ok: false, reason: '{namespace} can only be part of the endpoint’s path, not of its host.' };
  // Chromium's parser escapes `*` to `%2A`, which the text check above has seen; this catches what decodes to one.
  if (namesManyHosts(url.hostname)) return { ok: false, reason: WILDCARD_ENDPOINT_REFUSAL };
  return { ok: true, endpoint: text.replace(/\/+$/, ''), origin: url.origin };
}

/** The origin requests to this endpoint go to, for any namespace; null for an endpoint that is not valid. */
export function codecOrigin(endpoint: string): string | null {
  const parsed = parseCodecEndpoint(endpoint);
  return parsed.ok ? parsed.origin : null;
}

/** The codec servers' origins of codec-server rules, each once; an endpoint that cannot be read names none. */
export function codecOriginsOf(rules: readonly { remote?: { endpoint: string } | undefined }[]): string[] {
  const origins = rules.flatMap((rule) => (rule.remote ? [codecOrigin(rule.remote.endpoint)] : [])).filter((origin): origin is string => origin !== null);
  return [...new Set(origins)];
}

/**
 * Characters a hop between here and the codec server may read back out of their percent-encoding as part of the
 * address itself: a proxy that decodes `%2F` and then resolves the path would take `..%2Fadmin` up a level.
 */
const ADDRESS_CHARACTERS = /[/\\%?#]/;

/**
 * `{endpoint}/decode` or `/encode` for a namespace, or null when the endpoint is not valid or the namespace cannot be
 * put into it. `.` survives percent-encoding, and a URL's path resolves `.` and `..` segments: in place of
 * `{namespace}` they would move the request, token and all, to a path the endpoint never named; so could the
 * characters of ADDRESS_CHARACTERS, read back by a proxy. No Temporal namespace holds either (its own API addresses
 * could not name it): only a page that makes them up asks for such a namespace.
 */
export function codecRequestUrl(endpoint: string, namespace: string, operation: 'decode' | 'encode'): URL | null {
  const parsed = parseCodecEndpoint(endpoint);
  if (!parsed.ok) return null;
  const url = parseWithMarker(parsed.endpoint)!;
  if (url.pathname.includes(MARKER) && ADDRESS_CHARACTERS.test(namespace)) return null;
  const path = `${url.pathname.replaceAll(MARKER, encodeURIComponent(namespace)).replace(/\/+$/, '')}/${operation}`;
  url.pathname = path;
  // The endpoint's own path is already resolved: anything resolved now came from the namespace.
  return url.pathname === path ? url : null;
}

/** Why a namespace's requests have no address at this endpoint, in a few words; undefined when they have one. */
export function codecRequestProblem(endpoint: string, namespace: string): string | undefined {
  if (codecRequestUrl(endpoint, namespace, 'decode')) return undefined;
  return parseCodecEndpoint(endpoint).ok ? `“${namespace.slice(0, 100)}” cannot be put into the endpoint’s path` : `"${endpoint.slice(0, 200)}" is not a valid URL`;
}

/** Tokens go only to https:// or loopback endpoints, like the Web UI's "pass access token" (https only). */
/** Why a token or header value is not kept for an endpoint that may not carry them; each place says what follows. */
export const SECRETS_NEED_HTTPS = 'Tokens and header values are only sent to https:// endpoints (or this computer)';
/** Why a rule with a token or header value is not saved with such an endpoint (the background and the forms). */
export const SECRETS_ENDPOINT_REFUSAL = `${SECRETS_NEED_HTTPS}; use an https:// endpoint.`;

export const endpointMayCarrySecrets = (endpoint: string): boolean => mayCarrySecrets(endpoint.replaceAll(NAMESPACE_PLACEHOLDER, MARKER));

/**
 * Whether a token, ID token or header value would go where it may not: `carriesSecrets` (one of them is typed or
 * saved) to an endpoint that may not carry them. The save refuses such a rule, the settings' Test sends nothing, and
 * decoding sends none of them.
 */
export const secretsRefusedAt = (endpoint: string, carriesSecrets: boolean): boolean => carriesSecrets && !endpointMayCarrySecrets(endpoint);
