/**
 * The user's configuration: which namespaces are decoded, and how. Secrets (access
 * tokens, keys) are not part of it: they live in the background's secret store,
 * keyed by rule id, and never travel back to a page.
 */
import * as v from 'valibot';
import { BUILTIN_UI_ORIGINS } from './origins';

export const CURRENT_SETTINGS_VERSION = 1;

const headerName = v.pipe(v.string(), v.regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'Header names are letters, digits and dashes.'));

export const RemoteCodecSchema = v.object({
  /** Base URL; the extension appends `/decode` and `/encode`, as the Web UI does. */
  endpoint: v.pipe(v.string(), v.url('The codec endpoint must be a full https:// address.')),
  passAccessToken: v.boolean(),
  includeCredentials: v.boolean(),
  headers: v.record(headerName, v.string()),
});

export const LocalCodecSchema = v.object({
  /** Key ids whose key bytes are in the secret store; the first is used to encode. */
  keyIds: v.array(v.string()),
});

export const NamespaceRuleSchema = v.object({
  id: v.pipe(v.string(), v.minLength(1)),
  namespace: v.pipe(v.string(), v.trim(), v.minLength(1, 'Enter a namespace.')),
  /** Switched from the popup without losing the rule. */
  enabled: v.boolean(),
  mode: v.picklist(['remote', 'local']),
  /** Encode payloads the Web UI sends (start, signal, update, query arguments) before they leave. */
  encodeRequests: v.optional(v.boolean(), true),
  remote: v.optional(RemoteCodecSchema),
  local: v.optional(LocalCodecSchema),
});

export const SettingsSchema = v.object({
  version: v.literal(CURRENT_SETTINGS_VERSION),
  /** Web UI origins the user added, beyond the built-in ones. */
  origins: v.array(v.string()),
  rules: v.array(NamespaceRuleSchema),
});

export type RemoteCodec = v.InferOutput<typeof RemoteCodecSchema>;
export type LocalCodec = v.InferOutput<typeof LocalCodecSchema>;
export type NamespaceRule = v.InferOutput<typeof NamespaceRuleSchema>;
export type Settings = v.InferOutput<typeof SettingsSchema>;

export function defaultSettings(): Settings {
  return { version: CURRENT_SETTINGS_VERSION, origins: [], rules: [] };
}

/** Stored settings that fail validation are replaced by defaults rather than half-trusted. */
export function parseSettings(stored: unknown): Settings {
  const result = v.safeParse(SettingsSchema, stored);
  return result.success ? result.output : defaultSettings();
}

export function enabledOrigins(settings: Settings): string[] {
  return [...new Set([...BUILTIN_UI_ORIGINS, ...settings.origins])];
}

export function isOriginEnabled(settings: Settings, origin: string): boolean {
  return enabledOrigins(settings).includes(origin);
}

export function ruleForNamespace(settings: Settings, namespace: string): NamespaceRule | undefined {
  return settings.rules.find((rule) => rule.namespace === namespace);
}

/** Namespaces the page hook should look at on an enabled origin; every other answer stays unread. */
export function activeNamespaces(settings: Settings): string[] {
  return settings.rules.filter((rule) => rule.enabled).map((rule) => rule.namespace);
}

/** Namespaces whose outgoing payloads are encoded on the way to the API. */
export function encodingNamespaces(settings: Settings): string[] {
  return settings.rules.filter((rule) => rule.enabled && rule.encodeRequests).map((rule) => rule.namespace);
}

/** Adds or replaces the rule for its namespace: one rule per namespace. */
export function upsertRule(settings: Settings, rule: NamespaceRule): Settings {
  const others = settings.rules.filter((existing) => existing.id !== rule.id && existing.namespace !== rule.namespace);
  return { ...settings, rules: [...others, rule] };
}

export function removeRule(settings: Settings, ruleId: string): Settings {
  return { ...settings, rules: settings.rules.filter((rule) => rule.id !== ruleId) };
}
