/**
 * What the administrator set in the browser's managed storage: Chrome's policy for the
 * extension (checked against managed-schema.json first), or Firefox's enterprise policy
 * `3rdparty.Extensions.<id>`. Read once, then again when the browser says it changed
 * (Chrome tells; Firefox reads policies only at start-up).
 */
import type { Storage } from 'webextension-polyfill';
import { emptyPolicy, readPolicy, type ManagedPolicy } from '../../core/settings/managed-policy';

export interface ManagedPolicySource {
  read(): Promise<ManagedPolicy>;
  /** Forgets what was read; the next read asks the browser again. */
  forget(): void;
}

export function createManagedPolicySource(area: Pick<Storage.StorageArea, 'get'> | undefined): ManagedPolicySource {
  let reading: Promise<ManagedPolicy> | undefined;
  async function load(): Promise<ManagedPolicy> {
    if (!area) return emptyPolicy();
    let stored: unknown;
    try {
      stored = await area.get(null);
    } catch {
      // Firefox throws when no policy names the extension (“Managed storage manifest not found”). Not
      // kept: should the browser only have been unable to answer yet, the next read asks again.
      reading = undefined;
      return emptyPolicy();
    }
    return readPolicy(stored);
  }
  return {
    read: () => (reading ??= load()),
    forget: () => void (reading = undefined),
  };
}
