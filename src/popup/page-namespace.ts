/**
 * The namespaces a Web UI page names: the one its address shows (the Web UI's pages live under
 * `/namespaces/{namespace}/…`, possibly below a base path the UI is served at), and the others it asked the API about.
 * The page chooses all of them, so each is taken only as the one namespace it names.
 */
import { isPattern } from '../core/settings/namespace-pattern';
import { MAX_NAMESPACE_CHARS } from '../core/settings/schema';

const NAMESPACE_SEGMENT = /\/namespaces\/([^/]+)(?:\/|$)/;

/**
 * A name the popup may offer to set up. Never a pattern: saved, `*` or `prod*` would make a rule for every namespace
 * (or every one so named) on the address, which the user never chose. Nor a name a rule cannot hold (schema.ts).
 */
function isPlainName(name: string): boolean {
  return name.length > 0 && name.length <= MAX_NAMESPACE_CHARS && !/\s/.test(name) && !isPattern(name);
}

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
  return isPlainName(namespace) ? namespace : undefined;
}

/** The namespaces the page asked about that the popup lists beside the one in view. */
export function otherNamespacesOfPage(asked: readonly string[], inView: string | undefined): string[] {
  return asked.filter((namespace) => namespace !== inView && isPlainName(namespace));
}
