/**
 * Where a rule's codec requests go for a namespace, and with which credentials. The address
 * comes from the settings, never from a message; each secret is released only for the
 * address it was saved for, so a changed endpoint gets no token until one is saved for it.
 */
import type { DecodeError } from '../../core/errors';
import type { CodecTarget } from '../../core/remote/codec-client';
import { codecRequestProblem, codecRequestUrl } from '../../core/remote/codec-url';
import { isManagedRuleId } from '../../core/settings/managed-policy';
import type { Rule } from '../../core/settings/schema';
import { secretNames, unconfirmed, type SecretStore } from '../storage/secret-store';

export type TargetChoice =
  | { ok: true; target: CodecTarget; origin: string }
  | { ok: false; error: DecodeError };

/** Secrets typed into the settings and not saved yet (the "Test" button): they replace the saved ones. */
export interface TypedSecrets {
  accessToken?: string | undefined;
  idToken?: string | undefined;
  /** By header name: a map, as a name such as `constructor` would find Object's own in a plain object. */
  headers?: ReadonlyMap<string, string>;
}

export async function codecTargetFor(rule: Rule, namespace: string, secrets: SecretStore, typed: TypedSecrets = {}): Promise<TargetChoice> {
  const remote = rule.remote;
  if (rule.mode !== 'remote' || !remote) return { ok: false, error: { kind: 'no-rule', detail: namespace } };
  const url = codecRequestUrl(remote.endpoint, namespace, 'decode');
  if (!url) return { ok: false, error: { kind: 'codec-unreachable', detail: codecRequestProblem(remote.endpoint, namespace) } };
  const origin = url.origin;
  // An administrator's rule carries no secrets (policy is readable by anyone on the computer): one stored under its
  // name was put there by something else, such as a version 1 record a content script wrote, and is never sent.
  const mayHoldSecrets = !isManagedRuleId(rule.id);

  /**
   * A saved secret, released only for this address. `what`: the secret in the words of the settings, for the sentence
   * when it was forgotten with the session or, moved from version 0.1.0, waits for this address to be confirmed.
   */
  const release = async (name: string, what: string, typedValue?: string): Promise<string | undefined | DecodeError> => {
    if (typedValue) return typedValue;
    if (!mayHoldSecrets) return undefined;
    const status = await secrets.status(name);
    // Sending without it would only earn a 401 that blames the token.
    if (!status.present) return status.forgotten ? { kind: 'secret-not-saved', detail: what } : undefined;
    if (status.origin === unconfirmed(origin)) return { kind: 'secret-unconfirmed', detail: what };
    const value = await secrets.reveal(name, origin);
    return value ?? { kind: 'secret-bound-elsewhere', detail: origin };
  };

  const accessToken = await release(secretNames.token(rule.id), 'access token', typed.accessToken);
  if (typeof accessToken === 'object') return { ok: false, error: accessToken };
  const idToken = await release(secretNames.idToken(rule.id), 'ID token', typed.idToken);
  if (typeof idToken === 'object') return { ok: false, error: idToken };
  const headerEntries: Array<[string, string]> = [];
  for (const name of remote.headerNames) {
    const value = await release(secretNames.header(rule.id, name), `${name} header`, typed.headers?.get(name));
    if (typeof value === 'object') return { ok: false, error: value };
    if (value !== undefined) headerEntries.push([name, value]);
  }
  // Made from entries: assigning a header named `__proto__` would set a prototype, not a header.
  const headers = Object.fromEntries(headerEntries);

  return {
    ok: true,
    origin,
    target: {
      endpoint: remote.endpoint,
      namespace,
      ...(accessToken ? { accessToken } : {}),
      ...(idToken ? { idToken } : {}),
      headers,
      includeCredentials: remote.includeCredentials,
    },
  };
}
