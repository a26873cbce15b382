/**
 * Which reading of a pasted key opened a payload (key-input.ts: 32 hex digits are also 32 characters of text).
 * GCM's tag decides while decoding; what it decided is kept here so that encoding, the options page and a
 * woken background know it too. Kept in storage.session (content scripts cannot read it; gone when the browser
 * closes) under a digest of the rule, the key id and the key as typed: a key pasted again under the same id is
 * a new key, and nothing a decoder built before the change confirms can be taken for it.
 */
import type { KeyForm } from '../../core/key-input';
import type { KeyValueStore } from '../storage/key-value';

export interface KeyForms {
  confirmed(ruleId: string, keyId: string, keyText: string): Promise<KeyForm | undefined>;
  confirm(ruleId: string, keyId: string, keyText: string, form: KeyForm): Promise<void>;
}

const FORMS: ReadonlySet<string> = new Set<KeyForm>(['hex', 'base64', 'text']);

async function entryName(ruleId: string, keyId: string, keyText: string): Promise<string> {
  const text = JSON.stringify([ruleId, keyId, keyText.trim()]);
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(hash.slice(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** `onConfirmed` runs when a form is newly confirmed, so that open options pages can show it. */
export function createKeyForms(store: KeyValueStore<unknown>, onConfirmed?: () => void): KeyForms {
  return {
    async confirmed(ruleId, keyId, keyText) {
      const form = await store.get(await entryName(ruleId, keyId, keyText));
      return typeof form === 'string' && FORMS.has(form) ? (form as KeyForm) : undefined;
    },
    async confirm(ruleId, keyId, keyText, form) {
      const name = await entryName(ruleId, keyId, keyText);
      if ((await store.get(name)) === form) return;
      await store.set(name, form);
      onConfirmed?.();
    },
  };
}
