/**
 * Runtime messages to the background, grouped by who may send them. The background
 * validates every request against these schemas and checks the browser-stamped sender
 * before it looks at the content.
 */
import * as v from 'valibot';
import type { DecodeErrorKind } from '../core/errors';
import { MAX_MESSAGE_CHARS, MAX_PAYLOADS_PER_MESSAGE } from './window-messages';

const base64 = v.pipe(v.string(), v.maxLength(MAX_MESSAGE_CHARS));
const PayloadSchema = v.looseObject({
  metadata: v.optional(v.record(v.string(), base64)),
  data: v.optional(base64),
});
const namespace = v.pipe(v.string(), v.minLength(1), v.maxLength(1000));

/** Payloads from one API answer or request, with where each sits (for status messages). */
const payloadBatch = {
  namespace,
  payloads: v.pipe(v.array(PayloadSchema), v.maxLength(MAX_PAYLOADS_PER_MESSAGE)),
  where: v.pipe(v.array(v.pipe(v.string(), v.maxLength(2000))), v.maxLength(MAX_PAYLOADS_PER_MESSAGE)),
};

/** From content scripts (the bridge) on Web UI pages. */
export const ContentRequestSchema = v.variant('type', [
  /** `initial` marks a new page load, which starts the tab's counts over. */
  v.object({ type: v.literal('page-config'), initial: v.boolean() }),
  v.object({ type: v.literal('seen'), namespace }),
  v.object({ type: v.literal('decode'), ...payloadBatch }),
  v.object({ type: v.literal('encode'), ...payloadBatch }),
]);
export type ContentRequest = v.InferOutput<typeof ContentRequestSchema>;

/** What the user types in the options page; secrets are optional because saved ones are never sent back. */
export const RuleInputSchema = v.object({
  namespace: v.pipe(v.string(), v.trim(), v.minLength(1, 'Enter a namespace.'), v.maxLength(1000)),
  mode: v.picklist(['remote', 'local']),
  encodeRequests: v.optional(v.boolean(), true),
  endpoint: v.optional(v.pipe(v.string(), v.trim())),
  accessToken: v.optional(v.pipe(v.string(), v.trim())),
  keyId: v.optional(v.string()),
  key: v.optional(v.pipe(v.string(), v.trim())),
  /** Keep secrets across browser restarts (encrypted at rest), or for this browser session only. */
  remember: v.boolean(),
});
export type RuleInput = v.InferOutput<typeof RuleInputSchema>;

/** From the extension's own pages (popup, options). */
export const PageRequestSchema = v.variant('type', [
  v.object({ type: v.literal('get-state') }),
  v.object({ type: v.literal('save-rule'), rule: RuleInputSchema }),
  v.object({ type: v.literal('delete-rule'), ruleId: v.string() }),
  v.object({ type: v.literal('forget-token'), ruleId: v.string() }),
  v.object({ type: v.literal('set-rule-enabled'), ruleId: v.string(), enabled: v.boolean() }),
  v.object({ type: v.literal('tab-status'), tabId: v.number() }),
  v.object({ type: v.literal('add-origin'), origin: v.pipe(v.string(), v.maxLength(2000)) }),
  v.object({ type: v.literal('remove-origin'), origin: v.pipe(v.string(), v.maxLength(2000)) }),
]);
export type PageRequest = v.InferOutput<typeof PageRequestSchema>;

/** Every answer is either a value or one sentence saying what went wrong. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: string };

export interface SecretStatus {
  present: boolean;
  remembered: boolean;
}

export interface TokenStatus extends SecretStatus {
  /** Seconds since the epoch, when the token is a JWT with `exp`. */
  expiresAt?: number;
  /** The token's permissions on the rule's namespace, when it is a JWT with a `permissions` claim. */
  permissions?: string[];
}

export interface RuleView {
  id: string;
  namespace: string;
  enabled: boolean;
  mode: 'remote' | 'local';
  encodeRequests: boolean;
  endpoint?: string;
  keyIds: string[];
  token: TokenStatus;
  keys: Record<string, SecretStatus>;
}

export interface OriginView {
  origin: string;
  builtIn: boolean;
  /** Whether the browser still grants access (users can revoke it in Firefox). */
  granted: boolean;
}

export interface StateView {
  rules: RuleView[];
  origins: OriginView[];
}

export interface PayloadFailure {
  /** payloadFingerprint of the payload, so a payload seen twice counts once. */
  fingerprint: string;
  namespace: string;
  where: string;
  kind: DecodeErrorKind;
  /** One plain sentence for the popup and the in-page chip. */
  sentence: string;
}

export interface TabStatus {
  /** Namespaces the page asked the API about, in the order first seen. */
  namespaces: string[];
  decoded: number;
  failed: number;
  /** Fingerprints of the distinct payloads decoded, and of those that failed, so far (bounded). */
  decodedPayloads: string[];
  failedPayloads: string[];
  /** The most recent failures, newest last; bounded. */
  failures: PayloadFailure[];
}

/** Per payload: the decoded (or encoded) payload, or why not. */
export type CodecReply = { results: Array<{ ok: true; payload: v.InferOutput<typeof PayloadSchema> } | { ok: false; kind: DecodeErrorKind; sentence: string }> };

export interface ContentReplies {
  'page-config': { namespaces: string[]; encode: string[] };
  seen: null;
  decode: CodecReply;
  encode: CodecReply;
}

export interface PageReplies {
  'get-state': StateView;
  'save-rule': RuleView;
  'delete-rule': null;
  'forget-token': null;
  'set-rule-enabled': null;
  'tab-status': TabStatus;
  'add-origin': string;
  'remove-origin': null;
}
