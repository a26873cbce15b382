/**
 * What the settings page may show of a policy entry that could not be used. The administrator needs to see which
 * entry it is, but an entry refused for carrying a secret still holds it, and the page is shown on screens, shared
 * and photographed: a secret in the wrong place of a policy must not appear there as well.
 */
import { withoutTokenShapes } from '../scrub';

/** Fields that would carry a secret, whatever their depth in the entry. */
export const SECRET_FIELDS = /token|key|secret|password|header|authorization|cookie/i;

export const NOT_SHOWN = '(not shown)';

/** Deeper than any entry a policy schema describes: what lies below is not shown rather than walked. */
const MAX_DEPTH = 8;

/** An address's user name, password, query and fragment can carry credentials (`?access_token=…`, `user:pw@`). */
function withoutUrlCredentials(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return text;
  }
  if (!url.username && !url.password && !url.search && !url.hash) return text;
  return `${url.protocol}//${url.host}${url.pathname} ${NOT_SHOWN}`;
}

/** `raw` as it may be shown: secret-named fields' values, credentials in addresses and token-shaped text left out. */
export function shownPolicyEntry(raw: unknown, depth = 0): unknown {
  if (typeof raw === 'string') return withoutTokenShapes(withoutUrlCredentials(raw));
  if (typeof raw !== 'object' || raw === null) return raw;
  if (depth >= MAX_DEPTH) return NOT_SHOWN;
  if (Array.isArray(raw)) return raw.map((item) => shownPolicyEntry(item, depth + 1));
  return Object.fromEntries(Object.entries(raw).map(([field, value]) => [field, SECRET_FIELDS.test(field) ? NOT_SHOWN : shownPolicyEntry(value, depth + 1)]));
}
