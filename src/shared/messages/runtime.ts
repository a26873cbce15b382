/**
 * Every runtime message of the extension, in one place: to the background from the bridge
 * (a content script in a Web UI tab) and from the extension's own pages; to the bridge and
 * to the extension's pages from the background. Anything not listed here is refused.
 */
import * as v from 'valibot';
import { message, type Envelope, type ReplyOf, type RequestInputOf, type RequestOf } from './define';
import { CodecReplySchema, NamespaceSchema, PackedBatchSchema, payloadBatchSchema } from './payloads';
import { PrivateViewOfTabSchema } from './private-view';
import { CodecCheckSchema, RuleInputSchema } from './rule-input';
import { UnansweredSchema } from './unanswered';
import { ApplyImportRequestSchema, ExportRequestSchema, ImportPreviewSchema, ImportRequestSchema, ImportResultSchema } from './transfer';
import { RuleViewSchema, StateViewSchema, TabStatusSchema } from './views';

const empty = v.strictObject({});
/**
 * JSON texts of PayloadOutcome, one outcome per payload of the batch (packed.ts), as the bridge gets them: a long
 * reply comes as parts of one text that the bridge joins (ReplyPartSchema in port.ts).
 */
const PackedOutcomesSchema = v.array(v.string());
const done = v.null();
const ruleId = v.strictObject({ ruleId: v.pipe(v.string(), v.maxLength(100)) });
const origin = v.strictObject({ origin: v.pipe(v.string(), v.maxLength(2000)) });

/** What the page hook may do with API calls of one namespace on this page. */
export const NamespacePlanSchema = v.object({
  /** Hand the answers' payloads to the extension to decode. */
  decode: v.boolean(),
  /** Keep the answers as they are for the page (the plaintext is shown only inside the extension). */
  privateView: v.boolean(),
  /** Encode the payloads of what the page sends. */
  encode: v.boolean(),
  /**
   * At most this many of an answer's payloads in one decode request, 0 for all of them in one: requests under way
   * together keep the hook, the bridge and the background busy at once instead of in turn.
   */
  payloadsPerRequest: v.pipe(v.number(), v.integer(), v.minValue(0)),
});
export type NamespacePlan = v.InferOutput<typeof NamespacePlanSchema>;

export const TabConfigSchema = v.object({
  /** False where the extension has nothing to do: the hook stays inert. */
  active: v.boolean(),
  statusChip: v.boolean(),
});
export type TabConfig = v.InferOutput<typeof TabConfigSchema>;

export const BACKGROUND_MESSAGES = {
  /** A Web UI page started (`initial`, which starts the tab's tally over) or its settings changed. */
  'tab-config': message('bridge', 'background', v.strictObject({ initial: v.boolean() }), TabConfigSchema),
  /** The page called the API of a namespace; the answer is that namespace's plan on this address. */
  'namespace-plan': message('bridge', 'background', v.strictObject({ namespace: NamespaceSchema }), NamespacePlanSchema),
  /** A tab's payloads to decode or encode, packed (packed.ts); the reply is their outcomes, packed. */
  decode: message('bridge', 'background', PackedBatchSchema, PackedOutcomesSchema),
  encode: message('bridge', 'background', PackedBatchSchema, PackedOutcomesSchema),
  /** Payloads the bridge answered for itself (unanswered.ts), to be counted in the tab's tally. */
  unanswered: message('bridge', 'background', UnansweredSchema, done),

  'get-state': message('extension-page', 'background', empty, StateViewSchema),
  'save-rule': message('extension-page', 'background', v.strictObject({ rule: RuleInputSchema }), RuleViewSchema),
  /** The popup set up the namespace its tab shows: save, then reload the tab once the rule can work (now, or when access to the codec server is granted). */
  'save-rule-for-tab': message('extension-page', 'background', v.strictObject({ rule: RuleInputSchema, tabId: v.pipe(v.number(), v.integer()) }), v.object({ rule: RuleViewSchema, reload: v.picklist(['reloaded', 'waiting']) })),
  'delete-rule': message('extension-page', 'background', ruleId, done),
  'set-rule-enabled': message('extension-page', 'background', v.strictObject({ ruleId: v.string(), enabled: v.boolean() }), done),
  /** The migrated rule's addresses are what the user wants: stop asking. */
  'keep-addresses': message('extension-page', 'background', ruleId, done),
  'forget-token': message('extension-page', 'background', ruleId, done),
  /** The rule's secrets moved from version 0.1.0 may go to its codec server (`origin`, as the page showed it) now; the reply is how many. Or they are forgotten. */
  'confirm-moved-secrets': message('extension-page', 'background', v.strictObject({ ruleId: v.string(), origin: v.pipe(v.string(), v.maxLength(2100)) }), v.number()),
  'forget-moved-secrets': message('extension-page', 'background', ruleId, done),
  'forget-all-secrets': message('extension-page', 'background', empty, done),
  /** Answers how many secrets of the rules it held went with it. */
  'discard-set-aside': message('extension-page', 'background', v.strictObject({ key: v.pipe(v.string(), v.maxLength(4000)) }), v.number()),
  'set-status-chip': message('extension-page', 'background', v.strictObject({ enabled: v.boolean() }), done),
  'tab-status': message('extension-page', 'background', v.strictObject({ tabId: v.number() }), TabStatusSchema),
  /** The settings' "Test": one harmless payload to the codec server as the form describes it; one sentence back. */
  'test-codec': message('extension-page', 'background', CodecCheckSchema, v.object({ works: v.boolean(), sentence: v.string() })),
  'add-origin': message('extension-page', 'background', origin, v.string()),
  'remove-origin': message('extension-page', 'background', origin, done),
  /** The settings as a file's text; with a passphrase, the secrets sealed under it. */
  'export-settings': message('extension-page', 'background', ExportRequestSchema, v.string()),
  /** What importing this file would change, or every problem it has. Changes nothing. */
  'preview-import': message('extension-page', 'background', ImportRequestSchema, ImportPreviewSchema),
  'import-settings': message('extension-page', 'background', ApplyImportRequestSchema, ImportResultSchema),
  /** "Open a history file…": a file's payloads decoded with the rule the user picked, for the page that asked. */
  'decode-file': message('extension-page', 'background', payloadBatchSchema({ ruleId: v.pipe(v.string(), v.maxLength(100)) }), CodecReplySchema),

  /** Private view: what the background decoded for a tab, to the panel page only. */
  'private-view': message('panel', 'background', v.strictObject({ tabId: v.number() }), PrivateViewOfTabSchema),
} as const;

export const BRIDGE_MESSAGES = {
  /** Settings changed: ask for this page's configuration again. Carries nothing. */
  'config-changed': message('background', 'bridge', empty, done),
  /** The tab's tally, as the in-page chip shows it. */
  'tab-tally': message(
    'background',
    'bridge',
    v.strictObject({ decoded: v.number(), failed: v.number(), reasons: v.array(v.object({ namespace: v.string(), sentence: v.string(), count: v.number(), where: v.array(v.string()) })) }),
    done,
  ),
} as const;

export const EXTENSION_PAGE_MESSAGES = {
  /** Settings or a tab's tally changed: views reload what they show. */
  'state-changed': message('background', 'extension-page', empty, done),
} as const;

export type BackgroundMessages = typeof BACKGROUND_MESSAGES;
export type BackgroundMessageName = keyof BackgroundMessages;
export type BackgroundRequest<K extends BackgroundMessageName> = RequestOf<BackgroundMessages[K]>;
export type BackgroundRequestInput<K extends BackgroundMessageName> = RequestInputOf<BackgroundMessages[K]>;
export type BackgroundReply<K extends BackgroundMessageName> = ReplyOf<BackgroundMessages[K]>;

export type BridgeMessageName = keyof typeof BRIDGE_MESSAGES;
export type BridgeRequest<K extends BridgeMessageName> = RequestOf<(typeof BRIDGE_MESSAGES)[K]>;

export type ExtensionPageMessageName = keyof typeof EXTENSION_PAGE_MESSAGES;

/** Messages the background answers, named by who may send them. */
export type BackgroundMessageFrom<P extends 'bridge' | 'extension-page' | 'panel'> = {
  [K in BackgroundMessageName]: BackgroundMessages[K]['from'] extends P ? K : never;
}[BackgroundMessageName];

export function envelope<K extends string, B>(type: K, body: B): Envelope<K, B> {
  return { type, body };
}
