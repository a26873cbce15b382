/**
 * Exporting and importing settings files, between the options page and the background. The page hands over the
 * file's text and the passphrase the user typed; the background reads the file, opens and seals secrets, and
 * answers with what an import would change. Secrets themselves never come back to the page, except sealed
 * inside an exported file.
 */
import * as v from 'valibot';
import { MAX_SETTINGS_FILE_CHARS } from '../../core/settings/settings-file';

const passphrase = v.optional(v.pipe(v.string(), v.minLength(1, 'Type a passphrase.'), v.maxLength(1024)));
const fileText = v.pipe(v.string(), v.maxLength(MAX_SETTINGS_FILE_CHARS + 1));

export const ExportRequestSchema = v.strictObject({
  /** Present: the secrets are included, sealed under it. */
  passphrase,
});

export const ImportRequestSchema = v.strictObject({
  text: fileText,
  /** Opens the file's sealed secrets; without it the file's secrets are left out. */
  passphrase,
});

export const ApplyImportRequestSchema = v.strictObject({
  ...ImportRequestSchema.entries,
  /** Keep the imported secrets on this device (sealed), rather than until the browser closes. */
  remember: v.boolean(),
  /** The preview's `basis`: the import is what it showed, or nothing. */
  basis: v.pipe(v.string(), v.maxLength(100)),
});

const ProblemSchema = v.object({ where: v.string(), field: v.optional(v.string()), problem: v.string() });

export const RuleChangeSchema = v.object({
  ruleId: v.string(),
  label: v.string(),
  kind: v.picklist(['added', 'changed', 'unchanged', 'managed']),
  fields: v.array(v.string()),
  secretsDropped: v.array(v.string()),
  droppedForNewEndpoint: v.optional(v.literal(true)),
  secretsImported: v.array(v.string()),
  secretsReplaced: v.array(v.string()),
  moves: v.optional(v.object({ from: v.string(), to: v.string() })),
  adds: v.optional(v.string()),
  secretsKept: v.array(v.string()),
});

export const ImportPreviewSchema = v.variant('ok', [
  v.object({
    ok: v.literal(false),
    problems: v.array(ProblemSchema),
    /** Refused for its secrets alone, once opened with the passphrase: without them, the rest may still be imported. */
    secretsOnly: v.optional(v.literal(true)),
  }),
  v.object({
    ok: v.literal(true),
    rules: v.array(RuleChangeSchema),
    addedOrigins: v.array(v.string()),
    /** What each rule on every enabled address decodes: it will decode on the added addresses too. */
    everyAddressRules: v.array(v.string()),
    /** Codec servers of the file's rules: the browser's access to them is asked for when importing. */
    codecOrigins: v.array(v.string()),
    preferencesChanged: v.boolean(),
    /** none: the file has no secrets; locked: it has, and no passphrase was given; wrong: the passphrase did not open them. */
    secrets: v.picklist(['none', 'locked', 'wrong', 'opened']),
    /** Tells this preview from one made of other settings: the import is refused unless it is still the same. */
    basis: v.string(),
  }),
]);

export const ImportResultSchema = v.object({
  /** One sentence: what was imported. */
  sentence: v.string(),
  /** Nothing was imported: the settings changed since the preview, which is to be looked at again. */
  stale: v.optional(v.literal(true)),
});

export type ImportPreview = v.InferOutput<typeof ImportPreviewSchema>;
export type FileProblemView = v.InferOutput<typeof ProblemSchema>;
export type RuleChangeView = v.InferOutput<typeof RuleChangeSchema>;
export type ImportResult = v.InferOutput<typeof ImportResultSchema>;
