/**
 * Runs in the extension's isolated world on Web UI pages: relays between the page hook
 * and the background, and holds no tokens or keys. Built as one self-contained script.
 */
import type { Payload } from '../core/payload';
import browser from '../shared/browser';
import type { EncodeOutcome } from '../shared/window-messages';
import { SETTINGS_KEY } from '../shared/storage-keys';
import { ask } from './bridge/background-client';
import { listenToHook, postToHook } from './bridge/hook-channel';
import { createPageStatus } from './bridge/page-status';
import { createStatusChip } from './bridge/status-chip';

/** How long a decode may take before the chip says it is under way. */
const SHOW_PROGRESS_AFTER_MS = 400;

function startBridge(): void {
  let config: { namespaces: string[]; encode: string[] } | undefined;
  // Settings can change twice in quick succession: only the newest answer counts.
  let configRequest = 0;
  const seen = new Set<string>();
  const chip = createStatusChip(document);
  const status = createPageStatus();

  async function refreshConfig(initial: boolean): Promise<void> {
    const request = ++configRequest;
    let next: typeof config;
    try {
      next = await ask({ type: 'page-config', initial });
    } catch {
      // The background is unreachable (extension updated under an open page): stay inert.
      next = { namespaces: [], encode: [] };
    }
    if (request !== configRequest) return;
    config = next;
    postToHook(window, { type: 'ready', ...config });
  }

  listenToHook(
    window,
    (message) => {
      switch (message.type) {
        case 'hello':
          // The hook started after our first announcement: tell it again.
          if (config) postToHook(window, { type: 'ready', ...config });
          return;
        case 'seen':
          if (seen.has(message.namespace)) return;
          seen.add(message.namespace);
          void ask({ type: 'seen', namespace: message.namespace }).catch(() => undefined);
          return;
        case 'decode': {
          const { id, namespace, payloads, where } = message;
          // Only a wait the user could notice is shown: local decoding is usually done before this fires.
          const progress = setTimeout(() => chip.show(status.start(0)), SHOW_PROGRESS_AFTER_MS);
          status.start(payloads.length);
          ask({ type: 'decode', namespace, payloads, where })
            .then(({ results }) => {
              chip.show(status.record(payloads, results, where, true));
              return results.map((result): Payload | null => (result.ok ? result.payload : null));
            })
            .catch(() => {
              chip.show(status.abandon(payloads.length));
              return payloads.map(() => null);
            })
            .finally(() => clearTimeout(progress))
            .then((results) => postToHook(window, { type: 'decoded', id, results }));
          return;
        }
        case 'encode': {
          const { id, namespace, payloads, where } = message;
          ask({ type: 'encode', namespace, payloads, where })
            .then(({ results }) => {
              chip.show(status.record(payloads, results, where, false));
              return results.map((result): EncodeOutcome => (result.ok ? result : { ok: false, sentence: result.sentence }));
            })
            .catch((error: unknown) => payloads.map((): EncodeOutcome => ({ ok: false, sentence: error instanceof Error ? error.message : 'The extension did not answer.' })))
            .then((results) => postToHook(window, { type: 'encoded', id, results }));
          return;
        }
      }
    },
    // Too large or malformed: an empty answer tells the hook at once to keep the page's original.
    ({ id, type }) => postToHook(window, type === 'decode' ? { type: 'decoded', id, results: [] } : { type: 'encoded', id, results: [] }),
  );

  // Settings changed in the options page or popup: the page follows without a reload.
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && SETTINGS_KEY in changes) void refreshConfig(false);
  });

  void refreshConfig(true);
}

// In Firefox a registered origin's pattern can also match a built-in one (patterns have no
// ports there), so the bridge may be injected twice into one page: run once.
const marker = Symbol.for('payload-lens.bridge');
const world = globalThis as typeof globalThis & { [marker]?: true };
if (!world[marker]) {
  world[marker] = true;
  startBridge();
}
