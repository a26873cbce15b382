/**
 * Background entry: a service worker in Chrome, an event page in Firefox. Builds the
 * background's parts once per start and registers every listener synchronously, so a woken
 * worker hears the event that woke it. Nothing here keeps state a stop would lose unnoticed:
 * settings and secrets are in storage; decoders and cached results are rebuilt on demand.
 */
import { CODEC_REQUEST_TIMEOUT_MS } from '../core/deadlines';
import { createCodecClient } from '../core/remote/codec-client';
import { isManagedRuleId } from '../core/settings/managed-policy';
import browser, { type Runtime } from '../shared/browser';
import { originMatchPattern } from '../shared/compat';
import { PANEL_PORT } from '../shared/messages/panel-port';
import { BRIDGE_PORT } from '../shared/messages/port';
import { envelope } from '../shared/messages/runtime';
import { serveBridgePorts } from './bridge-ports';
import { giveBackBroadHostAccess } from './broad-host-access';
import { createKeepAlive } from './keep-alive';
import { createRelayTickets, serveRelayed, type RelayedMessageEvent } from './relay';
import { wholeReply } from './reply-frames';
import { createChangeSignal } from './change-signal';
import { createCodecCheck } from './codec-check';
import { registerForOrigin, syncContentScripts } from './content-scripts';
import { createCodecWork } from './decoding/codec-work';
import { createDecoderRegistry } from './decoding/decoder-registry';
import { createKeyForms } from './decoding/key-forms';
import { createOriginAccessCache, forgetOnPermissionChange } from './decoding/origin-access-cache';
import { createExtensionPageHandlers } from './extension-page-handlers';
import { createPanelHandlers } from './panel-handlers';
import { servePanelPorts } from './panel-ports';
import { createPrivateView } from './private-view';
import { hasOriginAccess } from './host-access';
import { createRouter } from './router';
import { createRuleEditing } from './rule-editing';
import { createSettingsTransfer } from './settings-transfer';
import { createStateView } from './state-view';
import { createAtRestKey } from './storage/at-rest-key';
import { indexedDbStore, storageAreaStore } from './storage/key-value';
import { moveLegacyStorage } from './storage/legacy-storage';
import { createSecretStore } from './storage/secret-store';
import { createManagedPolicySource } from './storage/managed-policy-source';
import { withManagedPolicy, type PolicyReading } from './storage/policy-settings';
import { createSettingsStore } from './storage/settings-store';
import { createSetupReloads } from './setup-reload';
import { createTabHandlers } from './tab-handlers';
import { createTabPages } from './tab-pages';
import { createTabStatus } from './tab-status';
import { createUiOrigins } from './ui-origins';
import { createAccessRelease } from './unused-access';
import { tellExtensionPages, tellOpenTabs, tabSurface } from './tab-messaging';

const self = { id: browser.runtime.id, baseUrl: browser.runtime.getURL('') };
const changes = createChangeSignal();

// The version 1 at-rest key's database: remembered secrets are sealed under the same key.
const atRestKey = createAtRestKey(indexedDbStore<CryptoKey>('payload-lens', 'keys'));
const secrets = createSecretStore({
  session: storageAreaStore(browser.storage.session, 'secret:'),
  remembered: indexedDbStore('payload-lens-secrets', 'secrets'),
  sessionMarks: indexedDbStore('payload-lens-session-marks', 'marks'),
  atRestKey,
  onChange: changes.notify,
});
const userSettings = createSettingsStore(indexedDbStore('payload-lens-settings', 'settings'), () => {
  changes.notify();
  // A grant for many sites kept for an address the settings no longer need goes now, not at the next browser event:
  // removing an address does not always make the browser report a change of access (Firefox's pattern may stay).
  // Settings only: a secret's change needs no address more or less. Once the updates already asked for are stored, so
  // that an address another save is storing counts as needed.
  void settings.settled().then(giveBackUnneededBroadAccess, () => undefined);
});
const policy = createManagedPolicySource({
  // Firefox for Android has no managed storage.
  area: browser.storage.managed as typeof browser.storage.managed | undefined,
  kept: indexedDbStore('payload-lens-policy', 'policy'),
  // The browser answered with another policy than the one kept from its last answer.
  onChange: () => {
    changes.notify();
    void resync();
  },
});
const settings = withManagedPolicy(userSettings, policy);
const keyForms = createKeyForms(storageAreaStore(browser.storage.session, 'keyform:'), tellExtensionPages);
const codecAccess = createOriginAccessCache(hasOriginAccess);
// Access withdrawn in the browser's settings counts from the next request.
forgetOnPermissionChange(browser.permissions, codecAccess);
const ruleNow = async (ruleId: string) => (await settings.read()).settings.rules.find((rule) => rule.id === ruleId);
// What codec servers showed of their body limits, kept past the service worker's stops and gone with the browser.
const codecStore = storageAreaStore<unknown>(browser.storage.session, 'codec:');
const codecClient = createCodecClient({ limitMemory: { read: () => codecStore.get('limits'), write: (kept) => codecStore.set('limits', kept) } });
const work = createCodecWork(createDecoderRegistry({ secrets, keyForms, codecClient, hasOriginAccess: codecAccess.has, ruleNow }));
const status = createTabStatus(storageAreaStore(browser.storage.session, 'tab:'), tabSurface, tellExtensionPages);
const access = createAccessRelease(settings, browser.permissions, originMatchPattern);
const origins = createUiOrigins(settings, access);
const reloads = createSetupReloads({
  waiting: storageAreaStore(browser.storage.session, 'reload:'),
  hasOriginAccess,
  reloadTab: (tabId) => browser.tabs.reload(tabId).catch(() => undefined),
});
// Decoded results stay in memory; storage.session keeps only a mark per tab that there were some.
const privateView = createPrivateView(storageAreaStore(browser.storage.session, 'private-view:'));
const tabPages = createTabPages();

function originOf(url: string | undefined): string | undefined {
  try {
    return url ? new URL(url).origin : undefined;
  } catch {
    return undefined;
  }
}

async function originOfTab(tabId: number): Promise<string | undefined> {
  const tab = await browser.tabs.get(tabId).catch(() => undefined);
  return originOf(tab?.url);
}

const transfer = createSettingsTransfer({
  settings,
  secrets,
  // Import leaves the administrator's rules alone.
  isManaged: isManagedRuleId,
  hasOriginAccess,
  registerOrigin: registerForOrigin,
  access,
});

const route = createRouter(self, {
  ...createTabHandlers({ settings, work, status, privateView, pages: tabPages }),
  ...createPanelHandlers({ settings, work, privateView }),
  ...createExtensionPageHandlers({ settings, rules: createRuleEditing({ settings, secrets, access }), views: createStateView(secrets, hasOriginAccess, keyForms, browser.permissions), origins, status, reloads, transfer, originOfTab }),
  'test-codec': createCodecCheck({ settings, secrets, hasOriginAccess, fetch: (input, init) => fetch(input, init), timeoutMs: CODEC_REQUEST_TIMEOUT_MS, resume: codecClient.resume }),
});

changes.subscribe(() => {
  // A removed rule or key leaves no plaintext and no unsealed secret behind in memory.
  work.clear();
  void tellOpenTabs(envelope('config-changed', {}));
  tellExtensionPages();
});

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => route(message, sender).then(wholeReply));
// The relay (src/shared/messages/relay.ts) needs a service worker to post to: Chrome's background, not Firefox's.
const relayTickets = 'ServiceWorkerGlobalScope' in globalThis ? createRelayTickets() : undefined;
if (relayTickets) {
  const hold = createKeepAlive(() => void browser.runtime.getPlatformInfo().catch(() => undefined));
  const serve = serveRelayed(relayTickets, route, hold);
  globalThis.addEventListener('message', (event) => serve(event as unknown as RelayedMessageEvent));
}
// One listener, one port kind each: each refuses (disconnects) a port it does not recognise, so two listeners
// would close each other's ports.
const portServers = new Map([
  [BRIDGE_PORT, serveBridgePorts(self, route, relayTickets)],
  [PANEL_PORT, servePanelPorts(self, privateView)],
]);
browser.runtime.onConnect.addListener((port: Runtime.Port) => {
  const serve = portServers.get(port.name);
  if (serve) serve(port);
  else port.disconnect();
});
browser.tabs.onRemoved.addListener((tabId) => {
  tabPages.forget(tabId);
  void status.forget(tabId);
  void reloads.forget(tabId);
  privateView.startOver(tabId);
});
browser.tabs.onUpdated.addListener((tabId, change, tab) => {
  // The tab's URL is visible only on addresses the extension may access: any other is "elsewhere".
  if (change.status === 'loading') privateView.navigated(tabId, originOf(tab.url));
});

/**
 * Gives back every grant for many sites but those that cover an address the settings need, which the browser would take
 * back with it, and all of them while the settings are not understood as a whole (broadHostAccessPlan).
 */
async function giveBackUnneededBroadAccess(reading: PolicyReading): Promise<void> {
  await giveBackBroadHostAccess(browser.permissions, reading).catch((error: unknown) => console.error('Payload Lens: could not give back access to many sites', error));
}

/** Registered content scripts persist, but the user can grant or withdraw access while we are not looking. */
async function resync(): Promise<void> {
  let reading: PolicyReading;
  try {
    // Settled, so that a save the background already has counts among what the settings need. A grant the settings
    // page asked for ahead of a save not sent yet is not known here.
    reading = await settings.settled();
  } catch (error) {
    console.error('Payload Lens: could not read the settings to register content scripts for added addresses', error);
    return;
  }
  // First, so the scripts are registered for the access that stays. Every event that changes what is granted runs
  // this, so a grant for many sites is given back however it came: left by version 0.1.0, or granted since.
  await giveBackUnneededBroadAccess(reading);
  try {
    await syncContentScripts(reading.settings.origins, { mayUnregister: reading.intact });
  } catch (error) {
    console.error('Payload Lens: could not register content scripts for added addresses', error);
  }
}

/** A tab of its own (not openOptionsPage), so it opens the same way in every browser. */
const openSettings = () => browser.tabs.create({ url: browser.runtime.getURL('src/options/index.html') });

/**
 * Version 1 kept settings in storage.local, which content scripts can write. They are read
 * only here, once, when this version arrives (an update, or an "install" as Chromium reports
 * an unpacked extension loaded again from its folder) and only while no settings of this
 * version exist: from then on whatever a content script writes there is never read.
 */
async function arrive(reason: string): Promise<void> {
  const fresh = !(await settings.hasRecord());
  const moved = await moveLegacyStorage({ local: browser.storage.local, session: browser.storage.session, settings: userSettings, secrets, atRestKey }).catch((error: unknown) => {
    console.error('Payload Lens: settings of the previous version were not moved', error);
    return 'nothing' as const;
  });
  // Through the policy, which a first start may wait seconds for: the settings page opened next then shows its
  // addresses and rules at once, rather than a form without them while the policy comes.
  if (fresh && !(await settings.hasRecord())) await settings.update((current) => current);
  const askToNarrow = moved === 'moved' && (await settings.read()).settings.rules.some((rule) => rule.askToNarrow);
  // A first install opens the settings, where the user sets up a rule; an update from version 1
  // opens them once to ask the user to narrow the rules it carried over.
  if ((reason === 'install' && fresh && moved === 'nothing') || askToNarrow) await openSettings();
}

browser.runtime.onInstalled.addListener(({ reason }) => {
  void (async () => {
    if (reason === 'install' || reason === 'update') await arrive(reason);
    await resync();
  })();
});
browser.runtime.onStartup.addListener(() => {
  void resync();
  void browser.tabs.query({}).then((tabs) => status.keepOnly(tabs.flatMap((tab) => (tab.id === undefined ? [] : [tab.id]))));
});
browser.permissions.onAdded.addListener(() => {
  void resync();
  void reloads.granted();
  // Views show whether each address is granted, and which grants for many sites are kept.
  tellExtensionPages();
});
browser.storage.onChanged.addListener((_changes, area) => {
  if (area !== 'managed') return;
  // An administrator changed the policy (Chrome applies it while running): its rules and addresses change with it.
  policy.forget();
  changes.notify();
  void resync();
});
browser.permissions.onRemoved.addListener(() => {
  void resync();
  // Views show whether each address is granted, and which grants for many sites are kept.
  tellExtensionPages();
});
