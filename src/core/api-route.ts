// Which Web UI API answers can hold payloads. The UI may be served under a path prefix and call an API on
// another origin, so only the `/api/v1/namespaces/{ns}/` part of the path is significant.

export interface ApiRoute {
  namespace: string;
  kind: 'workflows' | 'describe' | 'history' | 'history-reverse' | 'query' | 'schedule' | 'download' | 'other';
}

const MARKER = '/api/v1/namespaces/';

/**
 * Relative URLs are read against a dummy origin, so a page hook may pass what `fetch` was given.
 * Segments stay %-encoded while splitting: a workflow id may contain an encoded "/".
 */
export function parseApiRoute(url: string): ApiRoute | null {
  let pathname: string;
  try {
    pathname = new URL(url, 'http://relative.invalid').pathname;
  } catch {
    return null;
  }
  const at = pathname.indexOf(MARKER);
  if (at < 0) return null;
  const segments = pathname.slice(at + MARKER.length).split('/');
  const rawNamespace = segments.shift();
  if (!rawNamespace) return null;
  let namespace: string;
  try {
    namespace = decodeURIComponent(rawNamespace);
  } catch {
    return null;
  }
  if (segments.at(-1) === '') segments.pop();
  return { namespace, kind: kindOf(segments) };
}

function kindOf(segments: string[]): ApiRoute['kind'] {
  const [collection] = segments;
  if (collection === 'schedules') return 'schedule';
  if (collection !== 'workflows' && collection !== 'archived-workflows') return 'other';
  if (segments.length === 1) return 'workflows';
  if (segments.length === 2) return 'describe';
  const last = segments.at(-1);
  // history.json is a file the user saves, in Go's JSON naming with unquoted int64s: it is not
  // rendered, and parsing it would round large numbers. It stays exactly as the server wrote it.
  if (last?.endsWith('.json')) return 'download';
  if (last === 'history') return 'history';
  if (last === 'history-reverse') return 'history-reverse';
  if (segments.at(-2) === 'query') return 'query';
  return 'other';
}
