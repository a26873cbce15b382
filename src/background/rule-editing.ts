/**
 * Creating, changing and removing rules for the extension's pages. Secrets come in with a
 * save and go to the secret store, bound to the codec address they may be sent to; what
 * goes back out is only their status (state-view.ts).
 */
import { codecOrigin, codecOriginsOf, parseCodecEndpoint, SECRETS_ENDPOINT_REFUSAL, secretsRefusedAt } from '../core/remote/codec-url';
import { isManagedRuleId, managedTie } from '../core/settings/managed-policy';
import { parseNamespacePattern } from '../core/settings/namespace-pattern';
import { addressesProblem, enabledOrigins, tieWith, withRule, withoutRule } from '../core/settings/rule-choice';
import { headerNameProblems, isFilledHeader, missingHeaderValue } from '../core/settings/rule-headers';
import { keyEntryProblems, typedKeyProblem } from '../core/settings/rule-keys';
import { EVERY_ADDRESS, MAX_HEADERS, MAX_KEYS, type Rule, type RuleAddresses, type Settings } from '../core/settings/schema';
import { ruleIdsIn, setAsideKey } from '../core/settings/stored-settings';
import type { ParsedRuleInput } from '../shared/messages/rule-input';
import { InputError } from './input-error';
import { secretsAsTheyAre } from './storage/secrets-as-they-are';
import { LOCAL_ONLY, secretNames, unconfirmed, type SecretStore } from './storage/secret-store';
import type { SettingsStore } from './storage/settings-store';
import type { AccessRelease } from './unused-access';

interface Deps {
  settings: SettingsStore;
  secrets: SecretStore;
  /** Told the codec servers' addresses a save or a removal stopped using, once it is stored (unused-access.ts). */
  access?: AccessRelease;
}

interface SecretWrite {
  name: string;
  value: string;
  origin: string;
}

function addressesOf(input: ParsedRuleInput, settings: Settings): RuleAddresses {
  if (input.addresses === EVERY_ADDRESS) return EVERY_ADDRESS;
  const chosen = [...new Set(input.addresses)];
  const problem = addressesProblem(chosen, enabledOrigins(settings));
  if (problem !== undefined) throw new InputError(problem);
  return chosen;
}

/** The header rows the user filled in, checked (rule-headers.ts): names a request can carry, not the extension's own, none twice. */
export function filledHeaders<H extends { name: string; value?: string | undefined }>(rows: readonly H[]): H[] {
  const headers = rows.filter(isFilledHeader);
  const problem = headerNameProblems(headers.map((header) => header.name)).find((sentence) => sentence !== undefined);
  if (problem !== undefined) throw new InputError(problem);
  return headers;
}

/**
 * Of what the rule holds now, what a form that was opened with `seen` did not see (added in another window or the
 * popup meanwhile) and does not list: not left out for being unwanted. Nothing without `seen`: the list is complete.
 */
function addedElsewhere(current: readonly string[], seen: readonly string[] | undefined, listed: readonly string[], same = (name: string) => name): string[] {
  if (!seen) return [];
  const known = new Set([...seen, ...listed].map(same));
  return current.filter((name) => !known.has(same(name)));
}

async function remoteOf(input: ParsedRuleInput, existing: Rule | undefined, secrets: SecretStore, writes: SecretWrite[], deletes: string[], id: string): Promise<Rule['remote']> {
  const endpoint = parseCodecEndpoint(input.endpoint);
  if (!endpoint.ok) throw new InputError(endpoint.reason);
  const { origin } = endpoint;

  const headers = filledHeaders(input.headers);
  const names = headers.map((header) => header.name);
  // Added elsewhere since the form was opened, for this same server: kept, value and all.
  if (existing?.remote && codecOrigin(existing.remote.endpoint) === origin) {
    names.push(...addedElsewhere(existing.remote.headerNames, input.seen?.headerNames, names, (name) => name.toLowerCase()));
  }
  if (names.length > MAX_HEADERS) throw new InputError(`A rule sends at most ${MAX_HEADERS} headers; another window added some meanwhile: reopen the rule.`);

  // Each secret is kept only if re-entered, or if it was saved for this same address (or moved from version 0.1.0 for
  // it and not yet confirmed: it stays held, and a change of the rule's other fields is no answer to that question).
  const keep = async (name: string, value: string | undefined): Promise<boolean> => {
    if (value) {
      writes.push({ name, value, origin });
      return true;
    }
    const status = await secrets.status(name);
    const kept = status.present && (status.origin === origin || status.origin === unconfirmed(origin));
    if (status.present && !kept) deletes.push(name);
    return kept;
  };
  const withSecrets = [
    await keep(secretNames.token(id), input.accessToken),
    await keep(secretNames.idToken(id), input.idToken),
    ...(await Promise.all(headers.map((header) => keep(secretNames.header(id, header.name), header.value)))),
  ];
  const dropped = (existing?.remote?.headerNames ?? []).filter((name) => !names.some((kept) => kept.toLowerCase() === name.toLowerCase()));
  deletes.push(...dropped.map((name) => secretNames.header(id, name)));
  const missing = headers.find((header, index) => !withSecrets[index + 2]);
  if (missing) throw new InputError(missingHeaderValue(missing.name));
  if (secretsRefusedAt(endpoint.endpoint, withSecrets.some(Boolean))) {
    throw new InputError(SECRETS_ENDPOINT_REFUSAL);
  }
  return {
    endpoint: endpoint.endpoint,
    includeCredentials: input.includeCredentials,
    headerNames: names,
    permissionsClaim: input.permissionsClaim || existing?.remote?.permissionsClaim || 'permissions',
  };
}

async function localOf(input: ParsedRuleInput, existing: Rule | undefined, secrets: SecretStore, writes: SecretWrite[], deletes: string[], id: string): Promise<Rule['local']> {
  const entries = await Promise.all(
    input.keys.map(async ({ keyId, key }) => ({ keyId, given: Boolean(key), saved: !key && (await secrets.status(secretNames.key(id, keyId.trim()))).present })),
  );
  const problems = keyEntryProblems(entries);
  const keyIds: string[] = [];
  input.keys.forEach((entry, i) => {
    const keyId = entry.keyId.trim();
    const problem = problems[i];
    if (problem?.field === 'keyId') throw new InputError(problem.sentence);
    if (entry.key) {
      const unreadable = typedKeyProblem(keyId, entry.key);
      if (unreadable) throw new InputError(unreadable.sentence);
      writes.push({ name: secretNames.key(id, keyId), value: entry.key.trim(), origin: LOCAL_ONLY });
    } else if (problem) {
      throw new InputError(problem.sentence);
    }
    keyIds.push(keyId);
  });
  if (keyIds.length === 0) throw new InputError('Add a key: its Key ID (may be empty) and the key itself.');
  // Added elsewhere since the form was opened: kept.
  keyIds.push(...addedElsewhere(existing?.local?.keyIds ?? [], input.seen?.keyIds, keyIds));
  if (keyIds.length > MAX_KEYS) throw new InputError(`A rule holds at most ${MAX_KEYS} keys; another window added some meanwhile: reopen the rule.`);
  const removed = (existing?.local?.keyIds ?? []).filter((keyId) => !keyIds.includes(keyId));
  deletes.push(...removed.map((keyId) => secretNames.key(id, keyId)));
  const activeKeyId = input.activeKeyId !== undefined && keyIds.includes(input.activeKeyId) ? input.activeKeyId : keyIds[0];
  return { keyIds, activeKeyId };
}

/** The names of every secret the rule may hold: its tokens, its headers' values, its keys (whichever mode is on). */
function secretsOfRule(rule: Rule): string[] {
  return [
    secretNames.token(rule.id),
    secretNames.idToken(rule.id),
    ...(rule.remote?.headerNames ?? []).map((name) => secretNames.header(rule.id, name)),
    ...(rule.local?.keyIds ?? []).map((keyId) => secretNames.key(rule.id, keyId)),
  ];
}

/** Managed rules are the administrator's: the user can neither change nor remove them. */
function refuseManaged(ruleId: string | undefined): void {
  if (ruleId !== undefined && isManagedRuleId(ruleId)) throw new InputError('This rule is set by your administrator: it cannot be changed or removed here.');
}

/** What was `done` to the settings, whose secrets the storage then would not delete (they are kept at rest). */
export const secretsNotDeleted = (done: string): string =>
  `${done}, but the browser’s storage did not delete all of its secrets: “Forget all secrets” deletes them, with every other rule’s.`;

/**
 * An update whose `written` step deletes the secrets it left without a use. Should only that step fail, the user
 * hears what was `done` and that the secrets stayed, not that "something went wrong" with a change that was made.
 */
async function updateThenDelete(settings: SettingsStore, change: (current: Settings) => Settings, deleteSecrets: () => Promise<void>, done: string): Promise<void> {
  let written = false;
  try {
    await settings.update(change, {
      written: async () => {
        written = true;
        await deleteSecrets();
      },
    });
  } catch (error) {
    if (!written) throw error;
    // The sentence names no cause: the storage's own words stay in the console, for whoever looks into it.
    console.error('Payload Lens: secrets left without a use were not deleted', error);
    throw new InputError(secretsNotDeleted(done));
  }
}

/** The codec servers' addresses `before` sent to and `after` does not. */
const codecOriginsLeft = (before: Rule | undefined, after: Rule | undefined): string[] => {
  const kept = new Set(codecOriginsOf(after ? [after] : []));
  return codecOriginsOf(before ? [before] : []).filter((origin) => !kept.has(origin));
};

export function createRuleEditing({ settings, secrets, access }: Deps) {
  return {
    async save(input: ParsedRuleInput): Promise<Rule> {
      refuseManaged(input.id);
      let saved: Rule | undefined;
      let left: string[] = [];
      let putBack: () => Promise<void> = async () => undefined;
      // The settings page asks the browser for access to the codec server before it sends the save: a save refused
      // gives that access back, unless the settings already use the address.
      const refused = async (error: unknown): Promise<never> => {
        const asked = input.mode === 'remote' && input.endpoint !== undefined ? codecOrigin(input.endpoint) : null;
        if (asked !== null) await access?.release([asked]);
        throw error;
      };
      await settings.update(async (current) => {
        const existing = input.id === undefined ? undefined : current.rules.find((rule) => rule.id === input.id);
        if (input.id !== undefined && !existing) throw new InputError('This rule was removed meanwhile; reload the page.');
        const pattern = parseNamespacePattern(input.namespace);
        if (!pattern.ok) throw new InputError(pattern.reason);
        const addresses = addressesOf(input, current);
        const id = existing?.id ?? crypto.randomUUID();
        const writes: SecretWrite[] = [];
        const deletes: string[] = [];
        const sameAddresses = existing && JSON.stringify(existing.addresses) === JSON.stringify(addresses);
        const rule: Rule = {
          id,
          addresses,
          namespace: pattern.pattern,
          enabled: existing?.enabled ?? true,
          mode: input.mode,
          encodeRequests: input.encodeRequests,
          privateView: input.privateView,
          ...(existing?.askToNarrow && sameAddresses ? { askToNarrow: true } : {}),
          ...(input.mode === 'remote'
            ? { remote: await remoteOf(input, existing, secrets, writes, deletes, id), ...(existing?.local ? { local: existing.local } : {}) }
            : { local: await localOf(input, existing, secrets, writes, deletes, id), ...(existing?.remote ? { remote: existing.remote } : {}) }),
        };
        const tie = managedTie(current, rule) ?? tieWith(current, rule);
        if (tie) throw new InputError(tie);
        // Everything is checked: only now is anything written. What the save replaces goes last, and a write the storage
        // refuses (its quota full, say), or the settings' own, leaves the rule's secrets as they were, not gone.
        putBack = await secretsAsTheyAre(secrets, [...writes.map((write) => write.name), ...deletes, ...secretsOfRule(rule)]);
        try {
          for (const write of writes) await secrets.put(write.name, write.value, { origin: write.origin, remember: input.remember });
          await secrets.delete(deletes.filter((name) => !writes.some((write) => write.name === name)));
          // "Remember on this device" is the rule's: the secrets kept without being typed again go where it now says.
          await secrets.keepAs(secretsOfRule(rule), input.remember);
        } catch (error) {
          await putBack();
          throw error;
        }
        saved = rule;
        left = codecOriginsLeft(existing, rule);
        return withRule(current, rule);
      }, { undo: () => putBack() }).catch(refused);
      await access?.release(left);
      return saved!;
    },

    async remove(ruleId: string): Promise<void> {
      refuseManaged(ruleId);
      let left: string[] = [];
      let others: string[] = [];
      // Its secrets go once the settings no longer name it, before any other change: an import adding it back after
      // this keeps the secrets it brings.
      try {
        await updateThenDelete(
          settings,
          (current) => {
            left = codecOriginsLeft(current.rules.find((rule) => rule.id === ruleId), undefined);
            const after = withoutRule(current, ruleId);
            others = ruleIdsHeld(after);
            return after;
          },
          async () => void (await secrets.deleteOfRule(ruleId, others)),
          'The rule was removed',
        );
      } finally {
        // Also when its secrets could not be deleted: the rule is gone. The release keeps what the settings still use.
        await access?.release(left);
      }
    },

    async setEnabled(ruleId: string, enabled: boolean): Promise<void> {
      refuseManaged(ruleId);
      await changeRule(settings, ruleId, (rule) => ({ ...rule, enabled }));
    },

    keepAddresses: (ruleId: string) =>
      changeRule(settings, ruleId, ({ askToNarrow, ...rule }) => rule),

    // What changes secrets alone does so in turn with the settings' updates, so that a save or an import under way, put
    // back when it fails, does not bring back what the user forgot meanwhile, nor unbind what they confirmed.

    /**
     * The user confirmed that the rule's codec server, `shown` on their page, may have the secrets moved from version
     * 0.1.0. The address is the rule's as stored, never one a message names: `shown` only has to be the same, else the
     * page showed a server the rule no longer names. A secret held for any other stays held. How many were bound.
     */
    async confirmMovedSecrets(ruleId: string, shown: string): Promise<number> {
      refuseManaged(ruleId);
      return settings.inTurn(async () => {
        const { rule, origin } = await remoteRule(settings, ruleId);
        if (origin !== shown) throw new InputError('This rule’s codec server changed meanwhile; reload the page.');
        return secrets.confirm(secretsOfRule(rule), origin);
      });
    },

    /** The user would rather type them again: the secrets moved from version 0.1.0 for the rule's codec server go. */
    async forgetMovedSecrets(ruleId: string): Promise<void> {
      refuseManaged(ruleId);
      return settings.inTurn(async () => {
        const { rule, origin } = await remoteRule(settings, ruleId);
        const held = await Promise.all(secretsOfRule(rule).map(async (name) => ((await secrets.status(name)).origin === unconfirmed(origin) ? [name] : [])));
        await secrets.delete(held.flat());
      });
    },

    /** The codec server is then called without a token; the rule stays. */
    forgetToken: (ruleId: string) => settings.inTurn(() => secrets.delete([secretNames.token(ruleId)])),

    forgetAllSecrets: () => settings.inTurn(() => secrets.forgetAll()),

    /**
     * The entry `key` names (setAsideKey), and the secrets of the rules it held that nothing else holds (they could never
     * be used again); nothing when it is gone already, as after a second press. How many secrets went.
     */
    async discardSetAside(key: string): Promise<number> {
      let orphans: string[] = [];
      let kept: string[] = [];
      let forgotten = 0;
      await updateThenDelete(
        settings,
        (current) => {
          orphans = [];
          const index = current.setAside.findIndex((entry) => setAsideKey(entry) === key);
          if (index < 0) return current;
          const after = { ...current, setAside: current.setAside.filter((_, i) => i !== index) };
          kept = ruleIdsHeld(after);
          // An id only the administrator's rules have is theirs: a stored copy of it set aside takes none of their
          // secrets.
          orphans = ruleIdsIn(current.setAside[index]!).filter((id) => !kept.includes(id) && !isManagedRuleId(id));
          return after;
        },
        async () => {
          for (const id of new Set(orphans)) forgotten += await secrets.deleteOfRule(id, kept);
        },
        'What could not be read was discarded',
      );
      return forgotten;
    },

    async setStatusChip(enabled: boolean): Promise<void> {
      await settings.update((current) => ({ ...current, preferences: { ...current.preferences, statusChip: enabled } }));
    },
  };
}

/** The ids of every rule the settings hold: working (the administrator's too), and set aside. */
const ruleIdsHeld = (settings: Settings): string[] => [...new Set([...settings.rules.map((rule) => rule.id), ...settings.setAside.flatMap(ruleIdsIn)])];

/** A rule of the user's that calls a codec server, and that server's address, as stored now (read in turn). */
async function remoteRule(settings: SettingsStore, ruleId: string): Promise<{ rule: Rule; origin: string }> {
  const rule = (await settings.read()).settings.rules.find((candidate) => candidate.id === ruleId);
  const origin = rule?.remote ? codecOrigin(rule.remote.endpoint) : null;
  if (!rule || origin === null) throw new InputError('This rule was removed or changed meanwhile; reload the page.');
  return { rule, origin };
}

async function changeRule(settings: SettingsStore, ruleId: string, change: (rule: Rule) => Rule): Promise<void> {
  await settings.update((current) => ({ ...current, rules: current.rules.map((rule) => (rule.id === ruleId ? change(rule) : rule)) }));
}

export type RuleEditing = ReturnType<typeof createRuleEditing>;
