/** Settings persist in storage.local; every reader goes through parseSettings, so a bad write cannot spread. */
import browser from '../shared/browser';
import { parseSettings, type Settings } from '../core/settings';

import { SETTINGS_KEY } from '../shared/storage-keys';

export async function loadSettings(): Promise<Settings> {
  return parseSettings((await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY]);
}

export async function saveSettings(settings: Settings): Promise<void> {
  await browser.storage.local.set({ [SETTINGS_KEY]: settings });
}

/** Read-modify-write, serialized so two quick edits from the options page cannot undo each other. */
let queue: Promise<unknown> = Promise.resolve();
export function updateSettings(change: (settings: Settings) => Settings | Promise<Settings>): Promise<Settings> {
  const next = queue.then(async () => {
    const updated = await change(await loadSettings());
    await saveSettings(updated);
    return updated;
  });
  queue = next.catch(() => undefined);
  return next;
}
