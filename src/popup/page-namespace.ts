/**
 * The namespace a Web UI page shows, read from its address: the Web UI's pages live under
 * `/namespaces/{namespace}/…`, possibly below a base path the UI is served at.
 */
const NAMESPACE_SEGMENT = /\/namespaces\/([^/]+)(?:\/|$)/;
const MAX_NAMESPACE_CHARS = 1000;

export function namespaceOfPage(url: string | undefined): string | undefined {
  if (!url) return undefined;
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const segment = NAMESPACE_SEGMENT.exec(pathname)?.[1];
  if (segment === undefined) return undefined;
  let namespace: string;
  try {
    namespace = decodeURIComponent(segment);
  } catch {
    return undefined;
  }
  // A rule's namespace has no spaces (schema.ts): such an address names nothing a rule could be set up for.
  return namespace.length <= MAX_NAMESPACE_CHARS && !/\s/.test(namespace) ? namespace : undefined;
}
