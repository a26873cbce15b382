/**
 * What the extension's own pages (popup, options) are shown of the settings: everything
 * but the secrets, of which they see only whether one is saved, how long it is kept, and
 * for a token what it says of itself.
 */
import * as v from 'valibot';
import { ownRecord } from '../../core/own-record';
import { TabTallySchema } from '../../core/tab-tally';

export const SecretStatusSchema = v.object({
  present: v.boolean(),
  /** Kept on this device (sealed) rather than until the browser closes. */
  remembered: v.boolean(),
  /** Not present: it was kept only until the browser closed (or Payload Lens updated), and that has happened since. */
  forgotten: v.optional(v.boolean()),
  /** Not present: moved from version 0.1.0 for the rule's codec address, and sent only once the user confirms that address. */
  awaitsConfirmation: v.optional(v.boolean()),
});

const permissionList = v.array(v.picklist(['worker', 'read', 'write', 'admin']));

/** What a JWT says of itself for the rule's namespace (core/token.ts TokenFacts); times in seconds since the epoch. */
export const TokenFactsSchema = v.object({
  issuer: v.optional(v.string()),
  subject: v.optional(v.string()),
  audience: v.array(v.string()),
  notBefore: v.optional(v.number()),
  expiresAt: v.optional(v.number()),
  hasPermissions: v.boolean(),
  systemWide: permissionList,
  grants: v.array(v.object({ rule: v.string(), matches: v.array(v.object({ namespace: v.string(), permissions: permissionList })), canRead: v.boolean() })),
});

export const TokenStatusSchema = v.object({
  ...SecretStatusSchema.entries,
  /** When the saved token is a JWT. */
  facts: v.optional(TokenFactsSchema),
});

/** A saved local key: never the key, only how it reads. */
export const KeyStatusSchema = v.object({
  ...SecretStatusSchema.entries,
  /** Every form the saved input reads as, with its size in bytes; several when the payloads must decide. */
  readings: v.array(v.object({ form: v.picklist(['hex', 'base64', 'text']), bytes: v.number() })),
  /** The form a payload's tag confirmed, when there were several. */
  confirmedForm: v.optional(v.picklist(['hex', 'base64', 'text'])),
});

export const AddressesSchema = v.union([v.literal('every'), v.array(v.string())]);

export const RuleViewSchema = v.object({
  id: v.string(),
  namespace: v.string(),
  addresses: AddressesSchema,
  enabled: v.boolean(),
  mode: v.picklist(['remote', 'local']),
  encodeRequests: v.boolean(),
  privateView: v.boolean(),
  /** Carried over from version 1 (every enabled address): the user is asked once to narrow it. */
  askToNarrow: v.boolean(),
  endpoint: v.optional(v.string()),
  includeCredentials: v.boolean(),
  /** The JWT claim the token inspector reads Temporal permissions from. */
  permissionsClaim: v.string(),
  token: TokenStatusSchema,
  idToken: SecretStatusSchema,
  headers: v.array(v.object({ name: v.string(), value: SecretStatusSchema })),
  keyIds: v.array(v.string()),
  activeKeyId: v.optional(v.string()),
  keys: ownRecord(v.string(), KeyStatusSchema),
  /** Set by the administrator's policy: shown as managed, neither changed nor removed. */
  managed: v.optional(v.boolean()),
  /** For a user rule: the managed rule that decides instead of it wherever both apply, described. */
  overriddenBy: v.optional(v.string()),
});

export const OriginViewSchema = v.object({
  origin: v.string(),
  builtIn: v.boolean(),
  /** Whether the browser still grants access (users can revoke it in Firefox). */
  granted: v.boolean(),
  /** Enabled by the administrator's policy. */
  managed: v.optional(v.boolean()),
});

export const SetAsideViewSchema = v.object({
  /** What tells it from the others, to discard it by (stored-settings.ts setAsideKey). */
  key: v.string(),
  problem: v.string(),
  since: v.string(),
  /** The start of what was set aside, as JSON, for the user to recognise it. */
  excerpt: v.string(),
});

export const PolicyViewSchema = v.object({
  /** What the administrator's policy holds that cannot be used, as SetAsideView without a key (nothing to discard). */
  problems: v.array(v.omit(SetAsideViewSchema, ['key'])),
  /** Managed Web UI and codec addresses the browser does not let the extension reach yet. */
  needsAccess: v.array(v.string()),
});

/** A grant for many sites the background keeps (broad-host-access.ts): its match pattern, and the addresses the settings need under it. */
export const KeptGrantViewSchema = v.object({
  pattern: v.string(),
  /** Empty when it is kept only because the stored settings cannot all be read. */
  covers: v.array(v.string()),
});

export const StateViewSchema = v.object({
  rules: v.array(RuleViewSchema),
  origins: v.array(OriginViewSchema),
  setAside: v.array(SetAsideViewSchema),
  statusChip: v.boolean(),
  /** Present when an administrator set a policy. */
  policy: v.optional(PolicyViewSchema),
  keptGrants: v.array(KeptGrantViewSchema),
});

export const TabStatusSchema = v.object({
  /** The Web UI address of the tab, when the extension works there. */
  origin: v.optional(v.string()),
  tally: TabTallySchema,
});

export type SecretStatus = v.InferOutput<typeof SecretStatusSchema>;
export type KeyStatus = v.InferOutput<typeof KeyStatusSchema>;
export type TokenStatus = v.InferOutput<typeof TokenStatusSchema>;
export type RuleView = v.InferOutput<typeof RuleViewSchema>;
export type OriginView = v.InferOutput<typeof OriginViewSchema>;
export type SetAsideView = v.InferOutput<typeof SetAsideViewSchema>;
export type StateView = v.InferOutput<typeof StateViewSchema>;
export type PolicyView = v.InferOutput<typeof PolicyViewSchema>;
export type KeptGrantView = v.InferOutput<typeof KeptGrantViewSchema>;
export type TabStatus = v.InferOutput<typeof TabStatusSchema>;
