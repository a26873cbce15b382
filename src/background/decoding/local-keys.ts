/**
 * A rule's local AES keys, from the secret store; keys are bound to no address: they never leave the browser.
 * A key input can be read in several forms (key-input.ts); every reading is tried, the one a payload confirmed
 * first, and only a confirmed or unambiguous reading encodes.
 */
import type { DecodeResult } from '../../core/errors';
import { readKeyInput, type KeyCandidate, type KeyForm } from '../../core/key-input';
import { candidateKeys, encodingKey, NO_KEY_ID, type EncodingKeyChoice, type LocalKey } from '../../core/local/key-ring';
import type { Rule } from '../../core/settings/schema';
import { LOCAL_ONLY, secretNames, type SecretStore } from '../storage/secret-store';
import type { KeyForms } from './key-forms';

export interface RuleKey {
  id: string;
  /** The key as the user pasted it. */
  text: string;
  /** Every form the input can be read in, the confirmed one first. */
  readings: KeyCandidate[];
  /** The form a payload's GCM tag confirmed, while the browser runs. */
  confirmedForm?: KeyForm;
}

/** The rule's saved keys that can be read as 16 or 32 bytes, in the order of `keyIds`. */
export async function ruleKeys(rule: Rule, secrets: SecretStore, forms: KeyForms): Promise<RuleKey[]> {
  const keys: RuleKey[] = [];
  for (const id of rule.local?.keyIds ?? []) {
    const text = await secrets.reveal(secretNames.key(rule.id, id), LOCAL_ONLY);
    const reading = text === undefined ? undefined : readKeyInput(text);
    if (text === undefined || !reading?.ok) continue;
    const confirmedForm = reading.candidates.length > 1 ? await forms.confirmed(rule.id, id, text) : undefined;
    const readings = [...reading.candidates].sort((a, b) => Number(b.form === confirmedForm) - Number(a.form === confirmedForm));
    keys.push({ id, text, readings, ...(confirmedForm ? { confirmedForm } : {}) });
  }
  return keys;
}

/** What the key ring takes: every reading of every key, under its key id. */
export function localKeysOf(keys: readonly RuleKey[]): LocalKey[] {
  return keys.flatMap((key) => candidateKeys(key.id, key.readings));
}

/** The key that encodes what the Web UI sends: the one marked active, else the newest. */
export function activeKeyId(rule: Rule): string | undefined {
  const ids = rule.local?.keyIds ?? [];
  const active = rule.local?.activeKeyId;
  return active !== undefined && ids.includes(active) ? active : ids[0];
}

/** The active key, in the reading a payload confirmed when its input has several. */
export function activeEncodingKey(rule: Rule, keys: readonly RuleKey[]): EncodingKeyChoice {
  const id = activeKeyId(rule) ?? '';
  const key = keys.find((k) => k.id === id);
  return encodingKey(localKeysOf(key ? [key] : []), id, key?.confirmedForm);
}

/**
 * A payload under a key id the rule lists but whose key is not in the secret store: a session-only key is
 * forgotten when the browser closes (or the extension is updated), and the user should learn that, not that no key
 * has that id.
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
