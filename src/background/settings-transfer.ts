/**
 * "Export settings…" and "Import settings…". Secrets are read and sealed here, under the passphrase the user
 * typed, so the options page only ever holds the sealed file; an imported file's secrets are opened here and go
 * straight to the secret store. An import is checked as a whole against the settings of the moment, and only
 * then is anything written: a file with one problem changes nothing.
 */
import { openWithPassphrase, sealingPassphraseProblem, sealWithPassphrase } from '../core/passphrase-envelope';
import { codecOrigin, codecOriginsOf, SECRETS_NEED_HTTPS, secretsRefusedAt } from '../core/remote/codec-url';
import { applyImport, planImport, secretRefsOf, secretRefsOfRule, secretsToDrop, type ImportPlan, type SecretRef } from '../core/settings/import-plan';
import { defaultSettings, type Rule, type Settings } from '../core/settings/schema';
import { fingerprintOf } from '../core/fingerprint';
import { MAX_SETTINGS_FILE_CHARS, problemCount, problemText, readSecrets, readSettingsFile, ruleLabel, sealedSecretsText, settingsDigest, settingsFile, settingsSealedWith, type FileProblem, type ReadFile, type RuleSecrets, type SecretsByRule } from '../core/settings/settings-file';
import type { ImportPreview, ImportResult } from '../shared/messages/transfer';
import { InputError } from './input-error';
import { LOCAL_ONLY, secretNames, type SecretStore } from './storage/secret-store';
import { secretsAsTheyAre } from './storage/secrets-as-they-are';
import type { SettingsStore } from './storage/settings-store';
import type { AccessRelease } from './unused-access';

interface Deps {
  settings: SettingsStore;
  secrets: SecretStore;
  /**
   * Rules an administrator's policy sets. An import never overwrites them, and an export leaves them out (the
   * policy brings them wherever it applies).
   */
  isManaged(ruleId: string): boolean;
  hasOriginAccess(origin: string): Promise<boolean>;
  /** Makes the extension work on an added Web UI address (content scripts). */
  registerOrigin(origin: string): Promise<void>;
  /** Told the codec servers' addresses the rules an import changed sent to before, once it is stored (unused-access.ts). */
  access?: AccessRelease;
}

type SecretsState = 'none' | 'locked' | 'wrong' | 'opened';

interface Prepared {
  file: ReadFile;
  secrets: SecretsByRule | undefined;
  secretsState: SecretsState;
}

type Preparation = { ok: true; prepared: Prepared } | { ok: false; problems: FileProblem[]; secretsOnly?: true };

function storeName(ruleId: string, ref: SecretRef): string {
  if (ref.kind === 'token') return secretNames.token(ruleId);
  if (ref.kind === 'idToken') return secretNames.idToken(ruleId);
  if (ref.kind === 'header') return secretNames.header(ruleId, ref.name ?? '');
  return secretNames.key(ruleId, ref.name ?? '');
}

/** Secrets of the file that would go to an endpoint that may not carry them (the options page refuses the same). */
function misboundSecrets(file: ReadFile, secrets: SecretsByRule | undefined): FileProblem[] {
  return file.rules.flatMap((rule, index) => {
    const own = secrets?.[rule.id];
    const sent = Boolean(own && (own.token || own.idToken || Object.keys(own.headers ?? {}).length > 0));
    if (!rule.remote || !secretsRefusedAt(rule.remote.endpoint, sent)) return [];
    return [{ where: ruleLabel(index, rule), field: 'remote.endpoint', problem: `${SECRETS_NEED_HTTPS}.` }];
  });
}

export function createSettingsTransfer({ settings, secrets, isManaged, hasOriginAccess, registerOrigin, access }: Deps) {
  async function secretsOf(rule: Rule): Promise<RuleSecrets | undefined> {
    const origin = rule.remote ? codecOrigin(rule.remote.endpoint) : null;
    // Only what this rule can use: a secret bound to another address is not the rule's any more.
    const remote = (name: string) => (origin === null ? Promise.resolve(undefined) : secrets.reveal(name, origin));
    const token = await remote(secretNames.token(rule.id));
    const idToken = await remote(secretNames.idToken(rule.id));
    // Entries, made into objects at the end: assigning a name such as `__proto__` would set a prototype, not an entry.
    const headerEntries: Array<[string, string]> = [];
    for (const name of rule.remote?.headerNames ?? []) {
      const value = await remote(secretNames.header(rule.id, name));
      if (value !== undefined) headerEntries.push([name, value]);
    }
    const keyEntries: Array<[string, string]> = [];
    for (const keyId of rule.local?.keyIds ?? []) {
      const value = await secrets.reveal(secretNames.key(rule.id, keyId), LOCAL_ONLY);
      if (value !== undefined) keyEntries.push([keyId, value]);
    }
    const headers = Object.fromEntries(headerEntries);
    const keys = Object.fromEntries(keyEntries);
    const found: RuleSecrets = {
      ...(token !== undefined ? { token } : {}),
      ...(idToken !== undefined ? { idToken } : {}),
      ...(Object.keys(headers).length ? { headers } : {}),
      ...(Object.keys(keys).length ? { keys } : {}),
    };
    return Object.keys(found).length ? found : undefined;
  }

  async function prepare(text: string, passphrase: string | undefined): Promise<Preparation> {
    const reading = readSettingsFile(text);
    if (!reading.ok) return reading;
    const { file } = reading;
    if (file.sealedSecrets === undefined) return { ok: true, prepared: { file, secrets: undefined, secretsState: 'none' } };
    if (passphrase === undefined) return { ok: true, prepared: { file, secrets: undefined, secretsState: 'locked' } };
    const opened = await openWithPassphrase(file.sealedSecrets, passphrase);
    if (!opened.ok && opened.kind === 'wrong-passphrase') return { ok: true, prepared: { file, secrets: undefined, secretsState: 'wrong' } };
    // Past this point the file itself was read: what refuses it is its secrets alone.
    if (!opened.ok) return { ok: false, problems: (opened.kind === 'invalid-envelope' ? opened.problems : []).map((problem) => ({ where: 'Secrets', problem })), secretsOnly: true };
    return withSecretsRead(file, new TextDecoder().decode(opened.plaintext));
  }

  /** The file with its secrets, once opened (`plaintext`): read, and checked against the rules they are for. */
  async function withSecretsRead(file: ReadFile, plaintext: string): Promise<Preparation> {
    const read = readSecrets(plaintext, file.rules, await settingsDigest(file.sealedWith ?? ''));
    if (!read.ok) return { ...read, secretsOnly: true };
    const misbound = misboundSecrets(file, read.secrets);
    if (misbound.length) return { ok: false, problems: misbound, secretsOnly: true };
    return { ok: true, prepared: { file, secrets: read.secrets, secretsState: 'opened' } };
  }

  /**
   * The import of `prepared` into `current`, and what the preview shows of it. `basis` tells one preview from another:
   * the import goes ahead only on the basis the user saw, not on settings changed since (in another window, or saved
   * on this page after the preview).
   */
  async function planned(current: Settings, prepared: Prepared): Promise<{ plan: ImportPlan; view: ImportPreview }> {
    const saved = await savedSecrets(current, prepared);
    const plan = planImport(current, prepared.file, prepared.secrets, isManaged, (ruleId, ref) => saved.has(storeName(ruleId, ref)));
    if (plan.problems.length) return { plan, view: { ok: false, problems: plan.problems } };
    const codecOrigins = codecOriginsOf(prepared.file.rules);
    const shown = { rules: plan.rules, addedOrigins: plan.addedOrigins, everyAddressRules: plan.everyAddressRules, codecOrigins, preferencesChanged: plan.preferencesChanged, secrets: prepared.secretsState };
    return { plan, view: { ok: true, ...shown, basis: fingerprintOf(JSON.stringify(shown)) } };
  }

  /**
   * The names of the saved secrets the import may touch (those of each saved rule the file changes, and those the file
   * brings), so the preview says which it deletes, replaces and keeps, and only those.
   */
  async function savedSecrets(current: Settings, prepared: Prepared): Promise<Set<string>> {
    const names = prepared.file.rules.flatMap((rule) => {
      const saved = current.rules.find((r) => r.id === rule.id);
      return saved ? [...secretRefsOfRule(saved), ...secretRefsOf(prepared.secrets?.[rule.id])].map((ref) => storeName(rule.id, ref)) : [];
    });
    const present = await Promise.all(names.map(async (name) => ((await secrets.status(name)).present ? [name] : [])));
    return new Set(present.flat());
  }

  /**
   * What an import of the file `text`, without secrets, into a fresh profile would refuse, found as that import finds
   * it (settings carried over from version 0.1.0 may hold what a save, and so an import, no longer accepts).
   */
  async function importProblems(text: string): Promise<FileProblem[]> {
    const preparation = await prepare(text, undefined);
    if (!preparation.ok) return preparation.problems;
    return (await planned(defaultSettings(), preparation.prepared)).plan.problems;
  }

  return {
    async exportFile(passphrase: string | undefined): Promise<string> {
      const weak = passphrase === undefined ? undefined : sealingPassphraseProblem(passphrase);
      if (weak !== undefined) throw new InputError(weak);
      const { settings: current } = await settings.read();
      const exported = { ...current, rules: current.rules.filter((rule) => !isManaged(rule.id)) };
      // The settings first, at once: with secrets, the file is checked again once sealed, which takes a moment.
      const withoutSecrets = JSON.stringify(settingsFile(exported, new Date(), undefined), null, 2);
      refuseTooLarge(withoutSecrets, false);
      refuseUnimportable(await importProblems(withoutSecrets));
      if (passphrase === undefined) return withoutSecrets;
      const byRule: Array<[string, RuleSecrets]> = [];
      for (const rule of exported.rules) {
        const found = await secretsOf(rule);
        if (found) byRule.push([rule.id, found]);
      }
      const secretsByRule: SecretsByRule = Object.fromEntries(byRule);
      const secretsText = sealedSecretsText(secretsByRule, await settingsDigest(settingsSealedWith(exported)));
      const text = JSON.stringify(settingsFile(exported, new Date(), await sealWithPassphrase(secretsText, passphrase)), null, 2);
      refuseTooLarge(text, true);
      // The settings were checked above, plan and all: what is new is the secrets, read as the import reads them once
      // opened (from what was sealed: opening it again would derive the passphrase's key a second time, as costly as
      // the sealing).
      const reading = readSettingsFile(text);
      const sealedReading = reading.ok ? await withSecretsRead(reading.file, secretsText) : reading;
      refuseUnimportable(sealedReading.ok ? [] : sealedReading.problems);
      return text;
    },

    async preview(text: string, passphrase: string | undefined): Promise<ImportPreview> {
      const preparation = await prepare(text, passphrase);
      if (!preparation.ok) return preparation;
      const { view } = await planned((await settings.read()).settings, preparation.prepared);
      return view;
    },

    async apply(text: string, passphrase: string | undefined, remember: boolean, basis: string): Promise<ImportResult> {
      const preparation = await prepare(text, passphrase);
      if (!preparation.ok) throw new InputError(`Nothing was imported: the file has ${problemCount(preparation.problems)}.`);
      const { prepared } = preparation;
      if (prepared.secretsState === 'wrong') throw new InputError('Nothing was imported: the passphrase does not open the file’s secrets.');
      let plan: ImportPlan | undefined;
      const granted: string[] = [];
      const replaced: Rule[] = [];
      const stale = new Error('stale preview');
      // What the secrets the import touches hold now, put back if it fails part way; within the settings' queue, so that
      // no save after it is written over.
      let putBack: () => Promise<void> = async () => undefined;
      const update = settings.update(async (current) => {
        const now = await planned(current, prepared);
        if (!now.view.ok) throw new InputError(`Nothing was imported: ${now.view.problems[0]!.problem}`);
        if (now.view.basis !== basis) throw stale;
        plan = now.plan;
        for (const origin of plan.addedOrigins) if (await hasOriginAccess(origin)) granted.push(origin);
        // Everything is checked: only now is anything written, secrets first, as a rule save does, and what the import
        // replaces last, so that a write the storage refuses (its quota full, say) leaves saved secrets where they were.
        const deletes: string[] = [];
        const writes: { name: string; value: string; origin: string }[] = [];
        for (const rule of prepared.file.rules) {
          if (isManaged(rule.id)) continue;
          const saved = current.rules.find((r) => r.id === rule.id);
          if (saved) {
            deletes.push(...secretsToDrop(saved, rule).map((ref) => storeName(rule.id, ref)));
            replaced.push(saved);
          }
          const own = prepared.secrets?.[rule.id];
          const origin = rule.remote ? codecOrigin(rule.remote.endpoint) : null;
          if (own && origin !== null) {
            if (own.token) writes.push({ name: secretNames.token(rule.id), value: own.token, origin });
            if (own.idToken) writes.push({ name: secretNames.idToken(rule.id), value: own.idToken, origin });
            for (const [name, value] of Object.entries(own.headers ?? {})) writes.push({ name: secretNames.header(rule.id, name), value, origin });
          }
          for (const [keyId, value] of Object.entries(own?.keys ?? {})) writes.push({ name: secretNames.key(rule.id, keyId), value, origin: LOCAL_ONLY });
        }
        putBack = await secretsAsTheyAre(secrets, [...writes.map((write) => write.name), ...deletes]);
        try {
          for (const write of writes) await secrets.put(write.name, write.value, { origin: write.origin, remember });
          await secrets.delete(deletes.filter((name) => !writes.some((write) => write.name === name)));
        } catch (error) {
          // A write the storage refused part way: the rules stay as they were, and so do their secrets.
          await putBack();
          throw error;
        }
        return applyImport(current, prepared.file, plan, granted);
      }, { undo: () => putBack() });
      try {
        await update;
      } catch (error) {
        if (error === stale) return { sentence: STALE_PREVIEW, stale: true };
        throw error;
      }
      for (const origin of granted) await registerOrigin(origin);
      // Those the imported rules, or others, still send to keep their access.
      await access?.release(codecOriginsOf(replaced));
      return { sentence: summary(plan!, prepared.secretsState, granted) };
    },
  };
}

/** The import's first check, said as what the user can do about it: the import's own sentence is for a file handed in. */
function refuseTooLarge(text: string, withSecrets: boolean): void {
  if (text.length <= MAX_SETTINGS_FILE_CHARS) return;
  const less = withSecrets ? 'export without secrets, or remove rules and keys you no longer need' : 'remove rules or addresses you no longer need';
  throw new InputError(`Not exported: these settings make a file larger than an import takes (${MAX_SETTINGS_FILE_CHARS / 1_000_000} MB); ${less}, then export again.`);
}

/** A file the import would refuse is no copy of the settings: the user hears what to change before one is written. */
function refuseUnimportable(problems: readonly FileProblem[]): void {
  const [first] = problems;
  if (first === undefined) return;
  const said = problems.length === 1 ? `. ${problemText(first)} Export again once that is changed.` : `: it would have ${problemCount(problems)}, the first: ${problemText(first)} Export again once they are changed.`;
  throw new InputError(`Not exported: a file of these settings could not be imported back${said}`);
}

const STALE_PREVIEW = 'Nothing was imported: the settings changed since the file was checked, so it would change other things than those shown. Look at them again before importing.';

function summary(plan: ImportPlan, secretsState: SecretsState, granted: readonly string[]): string {
  const count = (kind: string) => plan.rules.filter((change) => change.kind === kind).length;
  const parts = [`${count('added')} rule${count('added') === 1 ? '' : 's'} added`, `${count('changed')} changed`, `${count('unchanged')} unchanged`];
  if (count('managed')) parts.push(`${count('managed')} left as the administrator set ${count('managed') === 1 ? 'it' : 'them'}`);
  if (granted.length) parts.push(`${granted.length} Web UI address${granted.length === 1 ? '' : 'es'} added`);
  const refused = plan.addedOrigins.filter((origin) => !granted.includes(origin));
  if (refused.length) parts.push(`not added, for want of the browser’s access: ${refused.join(', ')}`);
  const secretsSaid = secretsState === 'opened' ? '; the secrets were imported' : secretsState === 'locked' ? '; the file’s secrets were left out' : '';
  return `Imported: ${parts.join(', ')}${secretsSaid}.`;
}

export type SettingsTransfer = ReturnType<typeof createSettingsTransfer>;
