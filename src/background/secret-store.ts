/**
 * Access tokens and keys, written by the options page and read only here. Nothing in
 * this module answers with a secret to anyone but the decode path in the background.
 *
 * - session secrets: storage.session, as plain strings (a CryptoKey would not survive
 *   there: Chrome stores it as `{}`), gone when the browser closes;
 * - remembered secrets: storage.local, AES-GCM encrypted under the at-rest key.
 */
import { decodeBase64, encodeBase64 } from '../core/base64';
import browser from '../shared/browser';
import { atRestKey } from './at-rest-key';

const PREFIX = 'secret:';

interface SealedSecret {
  iv: string;
  sealed: string;
}

/** Sealed secrets are written by seal() only, so their base64 is always valid; a damaged one fails to unseal. */
function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  return decodeBase64(text) ?? new Uint8Array(0);
}

async function seal(value: string): Promise<SealedSecret> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await atRestKey(), new TextEncoder().encode(value));
  return { iv: encodeBase64(iv), sealed: encodeBase64(new Uint8Array(sealed)) };
}

async function unseal(secret: SealedSecret): Promise<string> {
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64(secret.iv) }, await atRestKey(), fromBase64(secret.sealed));
  return new TextDecoder().decode(plain);
}

function isSealed(value: unknown): value is SealedSecret {
  return typeof value === 'object' && value !== null && typeof (value as SealedSecret).iv === 'string' && typeof (value as SealedSecret).sealed === 'string';
}

export async function putSecret(name: string, value: string, remember: boolean): Promise<void> {
  const key = PREFIX + name;
  // A secret lives in exactly one place, so switching "remember" never leaves a stale copy behind.
  if (remember) {
    await browser.storage.local.set({ [key]: await seal(value) });
    await browser.storage.session.remove(key);
  } else {
    await browser.storage.session.set({ [key]: value });
    await browser.storage.local.remove(key);
  }
}

export async function getSecret(name: string): Promise<string | undefined> {
  const key = PREFIX + name;
  const session = (await browser.storage.session.get(key))[key];
  if (typeof session === 'string') return session;
  const stored = (await browser.storage.local.get(key))[key];
  if (!isSealed(stored)) return undefined;
  try {
    return await unseal(stored);
  } catch {
    // The at-rest key is gone (profile data cleared): the secret cannot be recovered, say it is missing.
    return undefined;
  }
}

export async function secretStatus(name: string): Promise<{ present: boolean; remembered: boolean }> {
  const key = PREFIX + name;
  if (typeof (await browser.storage.session.get(key))[key] === 'string') return { present: true, remembered: false };
  const present = isSealed((await browser.storage.local.get(key))[key]);
  return { present, remembered: present };
}

export async function deleteSecrets(names: string[]): Promise<void> {
  const keys = names.map((name) => PREFIX + name);
  await Promise.all([browser.storage.local.remove(keys), browser.storage.session.remove(keys)]);
}

export const secretNames = {
  token: (ruleId: string) => `token:${ruleId}`,
  key: (ruleId: string, keyId: string) => `key:${ruleId}:${keyId}`,
};
