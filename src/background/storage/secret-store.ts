/**
 * Access tokens, ID tokens, header values and keys: written by the extension's pages through
 * the background, read only by the background's decode path, never sent back to any page.
 *
 * Every secret is bound to the one codec address it may be sent to (keys to none: they
 * never leave the browser). The binding is checked on every read: a secret asked for on
 * behalf of another address is not given out, whatever the settings say, so settings that
 * were tampered with cannot redirect a token. For sealed secrets the binding is part of the
 * AES-GCM additional data, so it cannot be changed without the key either.
 *
 * - session-only (the default): storage.session, gone when the browser closes; content
 *   scripts cannot read it (its default access level);
 * - remembered: the extension's IndexedDB, sealed under the at-rest key.
 *
 * A session-only secret also leaves a mark, its name and nothing else, where it outlives the session, so that once
 * the browser has closed the background can tell "forgotten with the session" from "never saved" and say so.
 */
import { decodeBase64, encodeBase64 } from '../../core/base64';
import type { KeyValueStore } from './key-value';

/** The binding of a key: it is used only inside the browser. */
export const LOCAL_ONLY = 'local-only';

/**
 * The binding of a secret moved from version 0.1.0, whose settings content scripts could change: it names the address
 * those settings gave, and no request's address is ever this, so nothing is sent until the user confirms the address
 * (`confirm`). Origins have no spaces, so no origin reads as one of these.
 */
export const unconfirmed = (origin: string) => `unconfirmed ${origin}`;

export interface SessionSecret {
  origin: string;
  value: string;
}

export interface SealedSecret {
  origin: string;
  iv: string;
  sealed: string;
}

export interface SecretStatusValue {
  present: boolean;
  remembered: boolean;
  /** Not present: it was saved for the session only, and the session ended (the browser closed, the extension updated). */
  forgotten?: boolean;
  /** The address it may be sent to (or LOCAL_ONLY). */
  origin?: string;
}

export interface SecretStore {
  put(name: string, value: string, binding: { origin: string; remember: boolean }): Promise<void>;
  /** The secret, only when it is bound to `origin`; undefined otherwise, or when it is not saved. */
  reveal(name: string, origin: string): Promise<string | undefined>;
  status(name: string): Promise<SecretStatusValue>;
  /**
   * Moves each saved secret of `names` to where `remember` says, value and binding unchanged, so the user need not
   * type it again; its copy in the other place is deleted. One that is sealed but no longer opens is deleted too: it
   * cannot be moved, and the user asked not to keep it on this device.
   */
  keepAs(names: readonly string[], remember: boolean): Promise<void>;
  /** Binds each secret of `names` held for `unconfirmed(origin)` to `origin`, kept where it is; the others stay as they are. How many it bound. */
  confirm(names: readonly string[], origin: string): Promise<number>;
  delete(names: readonly string[]): Promise<void>;
  /** Deletes each secret of `names` but leaves its mark, as the end of the session does: to put back one that was forgotten so. */
  deleteAsForgotten(names: readonly string[]): Promise<void>;
  /**
   * Deletes every secret of the rule `ruleId`, saved or only marked as forgotten with the session; how many were saved.
   * A name that could as well be one of the rules `others` is left: rule ids may hold ":", so "key:a:b:k1" is a key
   * of rule "a" or of rule "a:b", and only the one that goes may lose it.
   */
  deleteOfRule(ruleId: string, others?: readonly string[]): Promise<number>;
  forgetAll(): Promise<void>;
}

export const secretNames = {
  token: (ruleId: string) => `token:${ruleId}`,
  idToken: (ruleId: string) => `id-token:${ruleId}`,
  header: (ruleId: string, header: string) => `header:${ruleId}:${header.toLowerCase()}`,
  key: (ruleId: string, keyId: string) => `key:${ruleId}:${keyId}`,
};

/** Whether `name` is one of the rule `ruleId`'s secrets: exact names for those that have no suffix, so that the token of "r1" is not taken for that of "r10". */
function ofRule(ruleId: string): (name: string) => boolean {
  const names = [secretNames.token(ruleId), secretNames.idToken(ruleId)];
  const prefixes = [secretNames.header(ruleId, ''), secretNames.key(ruleId, '')];
  return (name) => names.includes(name) || prefixes.some((prefix) => name.startsWith(prefix));
}

const encoder = new TextEncoder();
/** What a sealed secret is bound to: its name and its address, so neither can be swapped. */
const additionalData = (name: string, origin: string) => encoder.encode(`${name}\n${origin}`);

const isSession = (value: unknown): value is SessionSecret =>
  typeof value === 'object' && value !== null && typeof (value as SessionSecret).origin === 'string' && typeof (value as SessionSecret).value === 'string';
const isSealed = (value: unknown): value is SealedSecret =>
  typeof value === 'object' && value !== null && ['origin', 'iv', 'sealed'].every((field) => typeof (value as unknown as Record<string, unknown>)[field] === 'string');

export interface SecretStoreDeps {
  session: KeyValueStore<unknown>;
  remembered: KeyValueStore<unknown>;
  /** The names of session-only secrets, kept beyond the session. */
  sessionMarks: KeyValueStore<unknown>;
  atRestKey: () => Promise<CryptoKey>;
  /** Called after every change, so whatever holds a secret in memory drops it. */
  onChange?: () => void;
}

export function createSecretStore({ session, remembered, sessionMarks, atRestKey, onChange }: SecretStoreDeps): SecretStore {
  const changed = () => onChange?.();

  async function seal(name: string, value: string, origin: string): Promise<SealedSecret> {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: additionalData(name, origin) }, await atRestKey(), encoder.encode(value));
    return { origin, iv: encodeBase64(iv), sealed: encodeBase64(new Uint8Array(sealed)) };
  }

  async function unseal(name: string, secret: SealedSecret): Promise<string | undefined> {
    const iv = decodeBase64(secret.iv);
    const sealed = decodeBase64(secret.sealed);
    if (!iv || !sealed) return undefined;
    try {
      const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: additionalData(name, secret.origin) }, await atRestKey(), sealed);
      return new TextDecoder().decode(plain);
    } catch {
      // Changed on disk, or sealed under a key that is gone (profile data cleared): as good as missing.
      return undefined;
    }
  }

  async function deleteNames(names: readonly string[]): Promise<void> {
    await Promise.all([session.delete(names), remembered.delete(names), sessionMarks.delete(names)]);
  }

  async function put(name: string, value: string, { origin, remember }: { origin: string; remember: boolean }): Promise<void> {
    // A secret lives in exactly one place, so switching "remember" never leaves a stale copy behind.
    if (remember) {
      await remembered.set(name, await seal(name, value, origin));
      await Promise.all([session.delete([name]), sessionMarks.delete([name])]);
    } else {
      await session.set(name, { origin, value } satisfies SessionSecret);
      await Promise.all([remembered.delete([name]), sessionMarks.set(name, true)]);
    }
  }

  return {
    async put(name, value, binding) {
      await put(name, value, binding);
      changed();
    },

    async reveal(name, origin) {
      const fromSession = await session.get(name);
      if (isSession(fromSession)) return fromSession.origin === origin ? fromSession.value : undefined;
      const stored = await remembered.get(name);
      if (!isSealed(stored) || stored.origin !== origin) return undefined;
      return unseal(name, stored);
    },

    async status(name) {
      const fromSession = await session.get(name);
      if (isSession(fromSession)) return { present: true, remembered: false, origin: fromSession.origin };
      const stored = await remembered.get(name);
      if (isSealed(stored)) return { present: true, remembered: true, origin: stored.origin };
      return { present: false, remembered: false, ...((await sessionMarks.get(name)) === true ? { forgotten: true } : {}) };
    },

    async keepAs(names, remember) {
      let moved = false;
      for (const name of names) {
        const fromSession = await session.get(name);
        // reveal and status read storage.session first: a copy sealed beside it (a put cut short) is stale either way.
        if (isSession(fromSession)) {
          if (remember) await put(name, fromSession.value, { origin: fromSession.origin, remember });
          else await remembered.delete([name]);
          moved ||= remember;
          continue;
        }
        const stored = await remembered.get(name);
        if (remember || !isSealed(stored)) continue;
        const value = await unseal(name, stored);
        if (value === undefined) await deleteNames([name]);
        else await put(name, value, { origin: stored.origin, remember });
        moved = true;
      }
      // A save that changed nothing here has told the pages already.
      if (moved) changed();
    },

    async confirm(names, origin) {
      const held = unconfirmed(origin);
      let bound = 0;
      for (const name of names) {
        const fromSession = await session.get(name);
        if (isSession(fromSession)) {
          if (fromSession.origin !== held) continue;
          await put(name, fromSession.value, { origin, remember: false });
          bound += 1;
          continue;
        }
        const stored = await remembered.get(name);
        if (!isSealed(stored) || stored.origin !== held) continue;
        const value = await unseal(name, stored);
        // One that no longer opens is as good as missing: it stays, and reads as such.
        if (value === undefined) continue;
        await put(name, value, { origin, remember: true });
        bound += 1;
      }
      if (bound > 0) changed();
      return bound;
    },

    async delete(names) {
      await deleteNames(names);
      changed();
    },

    async deleteAsForgotten(names) {
      await Promise.all([session.delete(names), remembered.delete(names), ...names.map((name) => sessionMarks.set(name, true))]);
      changed();
    },

    async deleteOfRule(ruleId, others = []) {
      const isOfThis = ofRule(ruleId);
      const alsoOthers = others.filter((other) => other !== ruleId).map(ofRule);
      const isOfRule = (name: string) => isOfThis(name) && !alsoOthers.some((isOfOther) => isOfOther(name));
      const saved = new Set([...(await session.keys()), ...(await remembered.keys())].filter(isOfRule));
      const marked = (await sessionMarks.keys()).filter(isOfRule);
      await deleteNames([...new Set([...saved, ...marked])]);
      changed();
      return saved.size;
    },

    async forgetAll() {
      await Promise.all([session.clear(), remembered.clear(), sessionMarks.clear()]);
      changed();
    },
  };
}
