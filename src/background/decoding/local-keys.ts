/** A rule's local AES keys, from the secret store; keys are bound to no address: they never leave the browser. */
import { parseKeyInput } from '../../core/key-input';
import type { LocalKey } from '../../core/local/local-decoder';
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
