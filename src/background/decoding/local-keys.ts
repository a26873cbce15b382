/** A rule's local AES keys, from the secret store; keys are bound to no address: they never leave the browser. */
import type { DecodeResult } from '../../core/errors';
import { parseKeyInput } from '../../core/key-input';
import { NO_KEY_ID, type LocalKey } from '../../core/local/local-decoder';
import type { Rule } from '../../core/settings/schema';
import { LOCAL_ONLY, secretNames, type SecretStore } from '../storage/secret-store';

export async function localKeysFor(rule: Rule, secrets: SecretStore): Promise<LocalKey[]> {
  const keys: LocalKey[] = [];
  for (const id of rule.local?.keyIds ?? []) {
    const text = await secrets.reveal(secretNames.key(rule.id, id), LOCAL_ONLY);
    const parsed = text === undefined ? undefined : parseKeyInput(text);
    if (parsed?.ok) keys.push({ id, key: parsed.bytes });
  }
  return keys;
}

/** The key that encodes what the Web UI sends: the one marked active, else the newest. */
export function activeKeyId(rule: Rule): string | undefined {
  const ids = rule.local?.keyIds ?? [];
  const active = rule.local?.activeKeyId;
  return active !== undefined && ids.includes(active) ? active : ids[0];
}

/**
 * A payload under a key id the rule lists but whose key is not in the secret store: a session-only key is
 * forgotten when the browser closes, and the user should learn that, not that no key has that id.
 */
export function explainMissingKeys(results: DecodeResult[], rule: Rule, found: readonly LocalKey[]): DecodeResult[] {
  const missing = new Set((rule.local?.keyIds ?? []).filter((id) => !found.some((key) => key.id === id)));
  if (missing.size === 0) return results;
  return results.map((result) => {
    if (result.ok || result.error.kind !== 'unknown-key-id') return result;
    const { detail } = result.error;
    if (detail !== undefined && missing.has(detail)) return { ok: false, error: { kind: 'key-not-saved', detail } };
    // No key id in the payload, and no key at all to try.
    return detail === NO_KEY_ID && found.length === 0 ? { ok: false, error: { kind: 'key-not-saved' } } : result;
  });
}
