/**
 * A change that writes secrets and then settings (a rule's save, an import) cannot do both at once: when a later write
 * fails, what it wrote first must not stay. A secret saved over in place (a token bound to a rule's new endpoint) would
 * otherwise be lost, the rule left on its old endpoint.
 */
import type { SecretStore } from './secret-store';

/**
 * How to put the secrets of `names` back as they are now: each saved one with its value, binding and place, each
 * missing one deleted again (one forgotten with the session still said to be). Best effort: one saved but unreadable
 * (sealed under a key that no longer opens it) is left as it is. Call it, and put back, within the settings' queue,
 * so that no change after it is written over.
 */
export async function secretsAsTheyAre(secrets: SecretStore, names: readonly string[]): Promise<() => Promise<void>> {
  const held = await Promise.all(
    [...new Set(names)].map(async (name) => {
      const status = await secrets.status(name);
      const value = status.present && status.origin !== undefined ? await secrets.reveal(name, status.origin) : undefined;
      return { name, status, value };
    }),
  );
  return async () => {
    for (const { name, status, value } of held) {
      if (value !== undefined) await secrets.put(name, value, { origin: status.origin!, remember: status.remembered }).catch(() => undefined);
      else if (status.forgotten) await secrets.deleteAsForgotten([name]).catch(() => undefined);
      else if (!status.present) await secrets.delete([name]).catch(() => undefined);
    }
  };
}
