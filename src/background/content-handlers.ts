/**
 * What a Web UI page may ask of the background, through the bridge. The page chooses
 * nothing but the namespace and the payloads: the origin comes from the browser-stamped
 * sender, the codec from the user's settings.
 */
import { createDecodeService } from '../core/decode-service';
import { explainError } from '../core/errors';
import { activeNamespaces, isOriginEnabled, ruleForNamespace } from '../core/settings';
import type { ContentReplies, ContentRequest, PayloadFailure } from '../shared/messages';
import { decoderForRule } from './decoders';
import { loadSettings } from './settings-store';
import { noteNamespace, noteResults, resetTab } from './tab-status';

/** The page a content script runs in, as the browser reports it. */
export interface ContentSender {
  origin: string;
  tabId: number;
}

const decodeService = createDecodeService();

type Handlers = { [K in ContentRequest['type']]: (request: Extract<ContentRequest, { type: K }>, sender: ContentSender) => Promise<ContentReplies[K]> };

export const contentHandlers: Handlers = {
  async 'page-config'(request, sender) {
    if (request.initial) await resetTab(sender.tabId);
    const settings = await loadSettings();
    return { namespaces: isOriginEnabled(settings, sender.origin) ? activeNamespaces(settings) : [] };
  },

  async seen(request, sender) {
    await noteNamespace(sender.tabId, request.namespace);
    return null;
  },

  async decode(request, sender) {
    const settings = await loadSettings();
    const rule = ruleForNamespace(settings, request.namespace);
    const refusal = !isOriginEnabled(settings, sender.origin)
      ? { kind: 'origin-not-enabled' as const, detail: sender.origin }
      : !rule?.enabled
        ? { kind: 'no-rule' as const, detail: request.namespace }
        : undefined;
    const results = refusal || !rule
      ? request.payloads.map(() => ({ ok: false as const, error: refusal ?? { kind: 'no-rule' as const } }))
      : await decodeService.decode(request.namespace, await decoderForRule(rule), request.payloads);

    const failures: PayloadFailure[] = [];
    const reply = results.map((result, index) => {
      if (result.ok) return result;
      const sentence = explainError(result.error);
      failures.push({ namespace: request.namespace, where: request.where[index] ?? '', kind: result.error.kind, sentence });
      return { ok: false as const, kind: result.error.kind, sentence };
    });
    await noteResults(sender.tabId, request.namespace, results.length - failures.length, failures);
    return { results: reply };
  },
};
