/**
 * The user's configuration, version 2: Web UI addresses the extension works on, and rules
 * that say, for (address, namespace), how payloads are decoded. Secrets (tokens, header
 * values, keys) are not part of it: they live in the background's secret store, by rule id,
 * each bound to the one codec address it may be sent to.
 */
import * as v from 'valibot';
import { boundedList } from '../bounded-list';
import { namesManyHosts, WILDCARD_ORIGIN_REFUSAL, writtenHostOf } from '../origins';
import { WILDCARD_ENDPOINT_REFUSAL } from '../remote/codec-url';

export const SETTINGS_VERSION = 2;

/** A rule applies on every Web UI address the extension is enabled on, only as an explicit choice. */
export const EVERY_ADDRESS = 'every';

/** Characters of a namespace (or pattern), a key ID and a header name, at most: the forms' fields stop there too. */
export const MAX_NAMESPACE_CHARS = 1000;
export const MAX_KEY_ID_CHARS = 1000;
export const MAX_HEADER_NAME_CHARS = 100;

export const HEADER_NAME = new RegExp(`^[A-Za-z0-9!#$%&'*+.^_\`|~-]{1,${MAX_HEADER_NAME_CHARS}}$`);

/** Extra headers one codec server rule sends, and keys one local rule holds, at most. */
export const MAX_HEADERS = 20;
export const MAX_KEYS = 50;
/** Web UI addresses one rule applies on, at most. */
const MAX_RULE_ADDRESSES = 100;

const origin = v.pipe(
  v.string(),
  v.maxLength(2000),
  // Settings written before such hosts were refused may hold one: read, it would become a match pattern for many sites.
  // First, so that it is the reason given: no browser's URL parser reads such an address back as it was written.
  v.check((text) => !namesManyHosts(writtenHostOf(text) ?? ''), WILDCARD_ORIGIN_REFUSAL),
  v.check((text) => {
    try {
      const url = new URL(text);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === text;
    } catch {
      return false;
    }
  }, 'An address is written as scheme://host[:port], without a path.'),
);

export const OriginSchema = origin;

export const RemoteCodecSchema = v.object({
  /** Base URL as typed, `{namespace}` allowed in its path; `/decode` and `/encode` are appended, as the Web UI does. */
  endpoint: v.pipe(
    v.string(),
    v.maxLength(2000),
    v.check((text) => !namesManyHosts(writtenHostOf(text) ?? ''), WILDCARD_ENDPOINT_REFUSAL),
    v.url('The codec endpoint must be a full https:// address.'),
  ),
  /** Send the browser's cookies for the codec's address ("Include browser cookies"). */
  includeCredentials: v.boolean(),
  /** Names of extra request headers; their values are secrets. */
  headerNames: boundedList(v.pipe(v.string(), v.regex(HEADER_NAME, 'Header names are letters, digits and dashes.')), MAX_HEADERS, `A rule sends at most ${MAX_HEADERS} headers.`),
  /** The JWT claim that lists Temporal permissions, for the token inspector. */
  permissionsClaim: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(200)), 'permissions'),
});

export const LocalCodecSchema = v.object({
  /** Key ids whose keys are in the secret store, newest first. */
  keyIds: boundedList(v.pipe(v.string(), v.maxLength(MAX_KEY_ID_CHARS)), MAX_KEYS, `A rule holds at most ${MAX_KEYS} keys.`),
  /** The key used to encode what the Web UI sends; one of keyIds. */
  activeKeyId: v.optional(v.string()),
});

export const RuleSchema = v.object({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  /** Web UI addresses the rule applies on, or EVERY_ADDRESS. */
  addresses: v.pipe(
    // Counted before the union, whose own issue for a list refused would hide why.
    v.union([v.literal(EVERY_ADDRESS), v.array(v.unknown())]),
    v.check((addresses) => addresses === EVERY_ADDRESS || addresses.length <= MAX_RULE_ADDRESSES, `A rule applies on at most ${MAX_RULE_ADDRESSES} addresses.`),
    v.union([v.literal(EVERY_ADDRESS), v.pipe(v.array(origin), v.minLength(1, 'A rule applies on at least one address.'))]),
  ),
  /** An exact namespace, a pattern with `*`, or `*` for every namespace. */
  namespace: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_NAMESPACE_CHARS), v.regex(/^\S+$/, 'A namespace has no spaces.')),
  /** Switched from the popup without losing the rule; a switched-off rule still shadows broader ones. */
  enabled: v.boolean(),
  mode: v.picklist(['remote', 'local']),
  /** Encode payloads the Web UI sends (start, signal, update, query arguments) before they leave. */
  encodeRequests: v.optional(v.boolean(), true),
  /** Show plaintext only inside the extension, never to the page. */
  privateView: v.optional(v.boolean(), false),
  /** Set on rules carried over from version 1, which applied everywhere: the user is asked once to narrow them. */
  askToNarrow: v.optional(v.boolean()),
  remote: v.optional(RemoteCodecSchema),
  local: v.optional(LocalCodecSchema),
});

export const PreferencesSchema = v.object({
  /** The in-page status chip ("Payload Lens: 42 decoded"). */
  statusChip: v.optional(v.boolean(), true),
});

export type Origin = string;
export type RuleAddresses = typeof EVERY_ADDRESS | Origin[];
export type RemoteCodec = v.InferOutput<typeof RemoteCodecSchema>;
export type LocalCodec = v.InferOutput<typeof LocalCodecSchema>;
export type Rule = v.InferOutput<typeof RuleSchema>;
export type Preferences = v.InferOutput<typeof PreferencesSchema>;

/** What was stored but could not be used, kept verbatim so that nothing the user had is ever lost. */
export interface SetAside {
  raw: unknown;
  /** One sentence: why it could not be used. */
  problem: string;
  /** When it was set aside (ISO 8601). */
  since: string;
}

export interface Settings {
  version: typeof SETTINGS_VERSION;
  /** Web UI addresses the user added, beyond the built-in ones. */
  origins: Origin[];
  rules: Rule[];
  preferences: Preferences;
  /** Rules, addresses or whole records that failed validation; shown in the options page as needing attention. */
  setAside: SetAside[];
}

export function defaultSettings(): Settings {
  return { version: SETTINGS_VERSION, origins: [], rules: [], preferences: { statusChip: true }, setAside: [] };
}
