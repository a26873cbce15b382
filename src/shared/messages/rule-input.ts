/**
 * A rule as the options page or popup sends it to be saved. Secrets are optional: saved ones
 * are never sent back, so an empty field means "keep what is saved".
 */
import * as v from 'valibot';
import { secretAsTyped } from '../../core/secret-text';
import { tokenAsPasted } from '../../core/token-text';
import { MAX_HEADER_NAME_CHARS, MAX_HEADERS, MAX_KEY_ID_CHARS, MAX_KEYS, MAX_NAMESPACE_CHARS } from '../../core/settings/schema';
import { AddressesSchema } from './views';

const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const secret = v.optional(v.pipe(v.string(), v.transform(secretAsTyped), v.maxLength(64 * 1024)));
/** An access or ID token, read as the token inspector reads it. */
const token = v.optional(v.pipe(v.string(), v.maxLength(64 * 1024), v.transform(tokenAsPasted)));

export const RuleInputSchema = v.object({
  /** The rule being changed; absent for a new rule. */
  id: v.optional(text(100)),
  namespace: text(MAX_NAMESPACE_CHARS),
  addresses: AddressesSchema,
  mode: v.picklist(['remote', 'local']),
  encodeRequests: v.optional(v.boolean(), true),
  privateView: v.optional(v.boolean(), false),
  endpoint: v.optional(v.pipe(text(2000), v.trim())),
  includeCredentials: v.optional(v.boolean(), false),
  accessToken: token,
  idToken: token,
  /** Extra headers for access proxies: a value left empty keeps the saved one. */
  headers: v.optional(v.pipe(v.array(v.object({ name: v.pipe(text(MAX_HEADER_NAME_CHARS), v.trim()), value: secret })), v.maxLength(MAX_HEADERS)), []),
  permissionsClaim: v.optional(v.pipe(text(200), v.trim())),
  /** Local keys: a key left empty keeps the saved one of that id. */
  keys: v.optional(v.pipe(v.array(v.object({ keyId: text(MAX_KEY_ID_CHARS), key: secret })), v.maxLength(MAX_KEYS)), []),
  activeKeyId: v.optional(text(MAX_KEY_ID_CHARS)),
  /** Keep the secrets on this device (sealed), rather than until the browser closes. */
  remember: v.boolean(),
  /**
   * The key IDs and header names the form was opened with. One added since, in another window or the popup, is not
   * in the form's lists for not being wanted, and is kept.
   */
  seen: v.optional(
    v.strictObject({
      keyIds: v.pipe(v.array(text(MAX_KEY_ID_CHARS)), v.maxLength(MAX_KEYS)),
      headerNames: v.pipe(v.array(text(MAX_HEADER_NAME_CHARS)), v.maxLength(MAX_HEADERS)),
    }),
  ),
});

export type RuleInput = v.InferInput<typeof RuleInputSchema>;
export type ParsedRuleInput = v.InferOutput<typeof RuleInputSchema>;

/**
 * What the settings' "Test" sends: the codec server fields as typed. A secret left empty is the saved one of
 * `ruleId`, which the background sends only to the address it was saved for.
 */
export const CodecCheckSchema = v.strictObject({
  ruleId: RuleInputSchema.entries.id,
  /** The namespace the request is for (`{namespace}` and X-Namespace): a name, not a pattern. */
  namespace: v.pipe(text(MAX_NAMESPACE_CHARS), v.minLength(1)),
  endpoint: RuleInputSchema.entries.endpoint,
  includeCredentials: RuleInputSchema.entries.includeCredentials,
  accessToken: token,
  idToken: token,
  headers: RuleInputSchema.entries.headers,
  /** The rule encodes what the Web UI sends: `/encode` is tested too. */
  encodeRequests: v.optional(v.boolean(), false),
});

export type CodecCheckInput = v.InferInput<typeof CodecCheckSchema>;
export type ParsedCodecCheck = v.InferOutput<typeof CodecCheckSchema>;
