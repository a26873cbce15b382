/**
 * Older stored settings, brought to the current version. Pure: the background applies the
 * result and moves the secrets that belong to it.
 */
import { EVERY_ADDRESS } from './schema';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A header value that version 1 kept in the settings themselves; version 2 keeps it as a secret. */
export interface LegacyHeaderValue {
  ruleId: string;
  name: string;
  value: string;
  /** The codec endpoint the header went to: the only address it may go to from now on. */
  endpoint: string;
}

export interface Migrated {
  /** The record in the current version's shape, not yet validated part by part. */
  record: Record<string, unknown>;
  headerValues: LegacyHeaderValue[];
}

/**
 * Version 1 had rules per namespace that applied on every enabled address. They keep
 * applying there ("every enabled address"), marked so the user is asked once to narrow
 * them. Parts that are not even objects are passed on unchanged: validation sets them aside.
 */
export function migrateFromV1(v1: Record<string, unknown>): Migrated {
  const headerValues: LegacyHeaderValue[] = [];
  const rules = Array.isArray(v1['rules'])
    ? v1['rules'].map((rule: unknown) => {
        if (!isObject(rule)) return rule;
        const { remote, local, ...rest } = rule;
        const migrated: Record<string, unknown> = { ...rest, addresses: EVERY_ADDRESS, askToNarrow: true };
        if (isObject(remote)) {
          // passAccessToken goes: a saved token is now used whenever one is saved.
          const { headers, passAccessToken, ...remoteRest } = remote;
          const names = isObject(headers) ? Object.keys(headers) : [];
          for (const name of names) {
            const value = (headers as Record<string, unknown>)[name];
            if (typeof value === 'string' && typeof rule['id'] === 'string' && typeof remote['endpoint'] === 'string') {
              headerValues.push({ ruleId: rule['id'], name, value, endpoint: remote['endpoint'] });
            }
          }
          migrated['remote'] = { ...remoteRest, headerNames: names };
        } else if (remote !== undefined) {
          migrated['remote'] = remote;
        }
        if (isObject(local)) {
          const keyIds = local['keyIds'];
          // Version 1 encoded with the newest key, which it kept first.
          migrated['local'] = Array.isArray(keyIds) && typeof keyIds[0] === 'string' ? { ...local, activeKeyId: keyIds[0] } : local;
        } else if (local !== undefined) {
          migrated['local'] = local;
        }
        return migrated;
      })
    : v1['rules'];
  return { record: { ...v1, version: 2, rules }, headerValues };
}
