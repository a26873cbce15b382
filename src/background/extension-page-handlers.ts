/** What the extension's own pages (popup, options) may ask of the background. */
import { codecOrigin } from '../core/remote/codec-url';
import type { BackgroundReply, BackgroundRequest } from '../shared/messages/runtime';
import type { RuleEditing } from './rule-editing';
import type { SettingsTransfer } from './settings-transfer';
import type { SetupReloads } from './setup-reload';
import type { StateViews } from './state-view';
import type { PolicySettingsStore } from './storage/policy-settings';
import type { TabStatus } from './tab-status';
import type { UiOrigins } from './ui-origins';

interface Deps {
  settings: PolicySettingsStore;
  rules: RuleEditing;
  views: StateViews;
  origins: UiOrigins;
  status: TabStatus;
  reloads: SetupReloads;
  transfer: SettingsTransfer;
  /** The Web UI address of a tab, when the extension works there. */
  originOfTab(tabId: number): Promise<string | undefined>;
}

export function createExtensionPageHandlers({ settings, rules, views, origins, status, reloads, transfer, originOfTab }: Deps) {
  const done = null;
  return {
    'get-state': async (): Promise<BackgroundReply<'get-state'>> => views.viewState(await settings.read()),
    'save-rule': async ({ rule }: BackgroundRequest<'save-rule'>) => views.viewRule(await rules.save(rule)),
    'save-rule-for-tab': async ({ rule, tabId }: BackgroundRequest<'save-rule-for-tab'>): Promise<BackgroundReply<'save-rule-for-tab'>> => {
      const saved = await rules.save(rule);
      const waitFor = saved.mode === 'remote' && saved.remote ? (codecOrigin(saved.remote.endpoint) ?? undefined) : undefined;
      return { rule: await views.viewRule(saved), reload: await reloads.saved(tabId, waitFor) };
    },
    'delete-rule': async ({ ruleId }: BackgroundRequest<'delete-rule'>) => (await rules.remove(ruleId), done),
    'set-rule-enabled': async ({ ruleId, enabled }: BackgroundRequest<'set-rule-enabled'>) => (await rules.setEnabled(ruleId, enabled), done),
    'keep-addresses': async ({ ruleId }: BackgroundRequest<'keep-addresses'>) => (await rules.keepAddresses(ruleId), done),
    'forget-token': async ({ ruleId }: BackgroundRequest<'forget-token'>) => (await rules.forgetToken(ruleId), done),
    'confirm-moved-secrets': ({ ruleId, origin }: BackgroundRequest<'confirm-moved-secrets'>) => rules.confirmMovedSecrets(ruleId, origin),
    'forget-moved-secrets': async ({ ruleId }: BackgroundRequest<'forget-moved-secrets'>) => (await rules.forgetMovedSecrets(ruleId), done),
    'forget-all-secrets': async () => (await rules.forgetAllSecrets(), done),
    'discard-set-aside': ({ key }: BackgroundRequest<'discard-set-aside'>) => rules.discardSetAside(key),
    'set-status-chip': async ({ enabled }: BackgroundRequest<'set-status-chip'>) => (await rules.setStatusChip(enabled), done),
    'tab-status': async ({ tabId }: BackgroundRequest<'tab-status'>): Promise<BackgroundReply<'tab-status'>> => {
      const origin = await originOfTab(tabId);
      return { ...(origin !== undefined ? { origin } : {}), tally: await status.read(tabId) };
    },
    'add-origin': ({ origin }: BackgroundRequest<'add-origin'>) => origins.add(origin),
    'remove-origin': async ({ origin }: BackgroundRequest<'remove-origin'>) => (await origins.remove(origin), done),
    'export-settings': ({ passphrase }: BackgroundRequest<'export-settings'>) => transfer.exportFile(passphrase),
    'preview-import': ({ text, passphrase }: BackgroundRequest<'preview-import'>) => transfer.preview(text, passphrase),
    'import-settings': ({ text, passphrase, remember, basis }: BackgroundRequest<'import-settings'>) => transfer.apply(text, passphrase, remember, basis),
  };
}
