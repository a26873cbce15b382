/**
 * Runs in the extension's isolated world on Web UI pages: relays between the page hook
 * and the background, and holds no tokens or keys. Built as one self-contained script.
 */
import browser from '../shared/browser';
import type { Payload } from '../core/payload';
import { ask } from './bridge/background-client';
import { listenToHook, postToHook } from './bridge/hook-channel';

const SETTINGS_KEY = 'settings';
let namespaces: string[] | undefined;

async function refreshConfig(initial: boolean): Promise<void> {
  try {
    namespaces = (await ask({ type: 'page-config', initial })).namespaces;
  } catch {
    // The background is unreachable (extension updated under an open page): stay inert.
    namespaces = [];
  }
  postToHook(window, { type: 'ready', namespaces });
}

listenToHook(window, (message) => {
  switch (message.type) {
    case 'hello':
      // The hook started after our first announcement: tell it again.
      if (namespaces) postToHook(window, { type: 'ready', namespaces });
      return;
    case 'seen':
      void ask({ type: 'seen', namespace: message.namespace }).catch(() => undefined);
      return;
    case 'decode': {
      const { id, namespace, payloads, where } = message;
      ask({ type: 'decode', namespace, payloads, where })
        .then(({ results }) => results.map((result): Payload | null => (result.ok ? result.payload : null)))
        .catch(() => payloads.map(() => null))
        .then((results) => postToHook(window, { type: 'decoded', id, results }));
      return;
    }
  }
});

// Settings changed in the options page or popup: the page follows without a reload.
browser.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && SETTINGS_KEY in changes) void refreshConfig(false);
});

void refreshConfig(true);
