/**
 * What a Web UI page may ask of the background, through the bridge. The page chooses
 * nothing but the namespace and the payloads: the origin comes from the browser-stamped
 * sender, the codec from the user's settings.
 */
import { explainError, type DecodeError, type DecodeResult } from '../core/errors';
import { payloadFingerprint, type Payload } from '../core/payload';
import { activeNamespaces, encodingNamespaces, isOriginEnabled, ruleForNamespace, type NamespaceRule } from '../core/settings';
import type { CodecReply, ContentReplies, ContentRequest, PayloadFailure } from '../shared/messages';
import { decodeWithRule, encodeWithRule } from './decoders';
import { loadSettings } from './settings-store';
import { noteNamespace, noteResults, resetTab } from './tab-status';

/** The page a content script runs in, as the browser reports it. */
export interface ContentSender {
  origin: string;
  tabId: number;
}


type Batch = Extract<ContentRequest, { type: 'decode' | 'encode' }>;

/** The rule that applies to this page and namespace, or why none does. */
async function ruleFor(sender: ContentSender, namespace: string): Promise<{ rule: NamespaceRule } | { refusal: DecodeError }> {
  const settings = await loadSettings();
  if (!isOriginEnabled(settings, sender.origin)) return { refusal: { kind: 'origin-not-enabled', detail: sender.origin } };
  const rule = ruleForNamespace(settings, namespace);
  if (!rule?.enabled) return { refusal: { kind: 'no-rule', detail: namespace } };
  return { rule };
}

/**
 * Turns per-payload results into the reply, and records what happened for the popup and
 * badge. The page gets a codec server's refusals without the server's own words (its
 * error text could echo what it was sent); the popup, an extension page, gets all of it.
 */
function reply(sender: ContentSender, request: Batch, results: DecodeResult[]): CodecReply {
  const failures: PayloadFailure[] = [];
  const decoded: string[] = [];
  const replies = results.map((result, index) => {
    const fingerprint = payloadFingerprint(request.payloads[index] ?? {});
    if (result.ok) {
      if (request.type === 'decode') decoded.push(fingerprint);
      return result;
    }
    failures.push({ fingerprint, namespace: request.namespace, where: request.where[index] ?? '', kind: result.error.kind, sentence: explainError(result.error) });
    const forPage = result.error.kind.startsWith('codec-') ? { kind: result.error.kind } : result.error;
    return { ok: false as const, kind: result.error.kind, sentence: explainError(forPage) };
  });
  // Bookkeeping must never hold up or fail the page's answer.
  noteResults(sender.tabId, request.namespace, decoded, failures).catch((error: unknown) => console.error('Payload Lens: tab status not updated', error));
  return { results: replies };
}

const refuseAll = (payloads: Payload[], error: DecodeError): DecodeResult[] => payloads.map(() => ({ ok: false, error }));

type Handlers = { [K in ContentRequest['type']]: (request: Extract<ContentRequest, { type: K }>, sender: ContentSender) => Promise<ContentReplies[K]> };

export const contentHandlers: Handlers = {
  async 'page-config'(request, sender) {
    if (request.initial) await resetTab(sender.tabId);
    const settings = await loadSettings();
    if (!isOriginEnabled(settings, sender.origin)) return { namespaces: [], encode: [] };
    return { namespaces: activeNamespaces(settings), encode: encodingNamespaces(settings) };
  },

  async seen(request, sender) {
    await noteNamespace(sender.tabId, request.namespace);
    return null;
  },

  async decode(request, sender) {
    const found = await ruleFor(sender, request.namespace);
    const results = 'refusal' in found
      ? refuseAll(request.payloads, found.refusal)
      : await decodeWithRule(found.rule, request.payloads);
    return reply(sender, request, results);
  },

  async encode(request, sender) {
    const found = await ruleFor(sender, request.namespace);
    const results = 'refusal' in found
      ? refuseAll(request.payloads, found.refusal)
      : !found.rule.encodeRequests
        ? refuseAll(request.payloads, { kind: 'no-rule', detail: request.namespace })
        : await encodeWithRule(found.rule, request.payloads);
    return reply(sender, request, results);
  },
};
