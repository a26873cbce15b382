/**
 * Runs in the extension's isolated world on Web UI pages: relays between the page hook
 * and the background, and holds no tokens or keys. Built as one self-contained script.
 */
import browser from '../shared/browser';
import { payloadFingerprint, type Payload } from '../core/payload';
import type { EncodeOutcome } from '../shared/page-protocol';
import { ask } from './bridge/background-client';
import { listenToHook, postToHook } from './bridge/hook-channel';
import { createStatusChip, type ChipFailure } from './bridge/status-chip';

const SETTINGS_KEY = 'settings';
let config: { namespaces: string[]; encode: string[] } | undefined;

/** What this page decoded, for the chip; the popup reads the same from the background. */
const MAX_LISTED_FAILURES = 50;
const chip = createStatusChip(document);
// Distinct payloads: history and history-reverse carry the same ones.
const decodedPayloads = new Set<string>();
const failedPayloads = new Set<string>();
let failures: ChipFailure[] = [];

function record(payloads: Payload[], results: Array<{ ok: boolean; sentence?: string }>, where: string[], countDecoded: boolean): void {
  results.forEach((result, index) => {
    const fingerprint = payloadFingerprint(payloads[index] ?? {});
    if (result.ok) {
      if (countDecoded) decodedPayloads.add(fingerprint);
    } else if (!failedPayloads.has(fingerprint)) {
      failedPayloads.add(fingerprint);
      failures.push({ where: where[index] ?? '', sentence: result.sentence ?? '' });
    }
  });
  failures = failures.slice(-MAX_LISTED_FAILURES);
  chip.show({ decoded: decodedPayloads.size, failed: failedPayloads.size, failures });
}

async function refreshConfig(initial: boolean): Promise<void> {
  try {
    config = await ask({ type: 'page-config', initial });
  } catch {
    // The background is unreachable (extension updated under an open page): stay inert.
    config = { namespaces: [], encode: [] };
  }
  postToHook(window, { type: 'ready', ...config });
}

listenToHook(window, (message) => {
  switch (message.type) {
    case 'hello':
      // The hook started after our first announcement: tell it again.
      if (config) postToHook(window, { type: 'ready', ...config });
      return;
    case 'seen':
      void ask({ type: 'seen', namespace: message.namespace }).catch(() => undefined);
      return;
    case 'decode': {
      const { id, namespace, payloads, where } = message;
      ask({ type: 'decode', namespace, payloads, where })
        .then(({ results }) => {
          record(payloads, results, where, true);
          return results.map((result): Payload | null => (result.ok ? result.payload : null));
        })
        .catch(() => payloads.map(() => null))
        .then((results) => postToHook(window, { type: 'decoded', id, results }));
      return;
    }
    case 'encode': {
      const { id, namespace, payloads, where } = message;
      ask({ type: 'encode', namespace, payloads, where })
        .then(({ results }) => {
          record(payloads, results, where, false);
          return results.map((result): EncodeOutcome => (result.ok ? result : { ok: false, sentence: result.sentence }));
        })
        .catch((error: unknown) => payloads.map((): EncodeOutcome => ({ ok: false, sentence: error instanceof Error ? error.message : 'The extension did not answer.' })))
        .then((results) => postToHook(window, { type: 'encoded', id, results }));
      return;
    }
  }
});

// Settings changed in the options page or popup: the page follows without a reload.
browser.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && SETTINGS_KEY in changes) void refreshConfig(false);
});

void refreshConfig(true);
