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

/**
 * An address's user name, password, query and fragment can carry credentials (`?access_token=…`, `user:pw@`), in an
 * address written in full or without its scheme (`codec.example.com/?token=…`, which no URL parser reads).
 */
function withoutUrlCredentials(text: string): string {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  // `user:pw@host` parses too, as an address of the scheme `user:` with no host: read as text instead.
  if (url?.host) return !url.username && !url.password && !url.search && !url.hash ? text : `${url.protocol}//${url.host}${url.pathname} ${NOT_SHOWN}`;
  const cut = text.replace(/^([^/?#]*\/\/)?[^/?#@]*@/, '$1').replace(/[?#][\s\S]*$/, '');
  return cut === text ? text : `${cut} ${NOT_SHOWN}`;
}

/** Text as it may be shown: credentials in addresses and token-shaped text left out. */
export function shownPolicyText(text: string): string {
  return withoutTokenShapes(withoutUrlCredentials(text));
}

/**
 * `raw` as it may be shown: secret-named fields' values, credentials in addresses and token-shaped text left out.
 * `fields`: the only fields of `raw` whose values are shown; another's name is shown, as the sentence beside it says
 * it is not known, but not its value, which may be a secret under a name no pattern foresees.
 */
export function shownPolicyEntry(raw: unknown, fields?: readonly string[], depth = 0): unknown {
  if (typeof raw === 'string') return shownPolicyText(raw);
  if (typeof raw !== 'object' || raw === null) return raw;
  if (depth >= MAX_DEPTH) return NOT_SHOWN;
  if (Array.isArray(raw)) return raw.map((item) => shownPolicyEntry(item, undefined, depth + 1));
  const shown = (field: string) => !SECRET_FIELDS.test(field) && (fields === undefined || fields.includes(field));
  return Object.fromEntries(Object.entries(raw).map(([field, value]) => [field, shown(field) ? shownPolicyEntry(value, undefined, depth + 1) : NOT_SHOWN]));
}
