/**
 * A namespace set up from the popup: its tab reloads once the rule can work, so what the
 * page already shows is fetched again and decoded. A codec server's address may first need
 * the browser's permission, which the popup asks for in the same click that saved the
 * rule; the prompt can close the popup, so the background waits for the grant
 * (permissions.onAdded) and reloads the tab then.
 */
import type { KeyValueStore } from './storage/key-value';

interface Deps {
  /** Tab id → the codec origin it waits for; in session storage, so a stopped worker still knows. */
  waiting: KeyValueStore<string>;
  hasOriginAccess(origin: string): Promise<boolean>;
  reloadTab(tabId: number): Promise<void>;
}

export function createSetupReloads({ waiting, hasOriginAccess, reloadTab }: Deps) {
  return {
    /** The rule is saved: reload now, or once the browser grants access to `codecOrigin`. */
    async saved(tabId: number, codecOrigin: string | undefined): Promise<'reloaded' | 'waiting'> {
      if (codecOrigin !== undefined && !(await hasOriginAccess(codecOrigin))) {
        await waiting.set(String(tabId), codecOrigin);
        // Granted while we were writing: the event that would have reloaded the tab has passed.
        if (!(await hasOriginAccess(codecOrigin))) return 'waiting';
        await waiting.delete([String(tabId)]);
      }
      await reloadTab(tabId);
      return 'reloaded';
    },

    /** The browser granted some access: reload the tabs that waited for it. */
    async granted(): Promise<void> {
      for (const key of await waiting.keys()) {
        const origin = await waiting.get(key);
        if (origin === undefined || !(await hasOriginAccess(origin))) continue;
        await waiting.delete([key]);
        await reloadTab(Number(key));
      }
    },

    forget: (tabId: number) => waiting.delete([String(tabId)]),
  };
}

export type SetupReloads = ReturnType<typeof createSetupReloads>;
