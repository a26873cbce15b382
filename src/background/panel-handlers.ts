/**
 * What the extension's own pages may ask beyond settings: the panel page reads a tab's
 * private view; "Open a history file…" has a file's payloads decoded with a rule the user
 * picked. Both answer only extension pages: the router has classified the sender already.
 */
import { explainError } from '../core/errors';
import type { BackgroundReply, BackgroundRequest } from '../shared/messages/runtime';
import type { CodecReply } from '../shared/messages/payloads';
import { withinAnswerBudget } from './decoding/answer-budget';
import type { CodecWork } from './decoding/codec-work';
import { InputError } from './input-error';
import type { PrivateView } from './private-view';
import type { SettingsStore } from './storage/settings-store';

interface Deps {
  settings: SettingsStore;
  work: CodecWork;
  privateView: PrivateView;
}

export function createPanelHandlers({ settings, work, privateView }: Deps) {
  return {
    'private-view': ({ tabId }: BackgroundRequest<'private-view'>): Promise<BackgroundReply<'private-view'>> => privateView.read(tabId),

    async 'decode-file'(request: BackgroundRequest<'decode-file'>): Promise<CodecReply> {
      const rule = (await settings.read()).settings.rules.find((candidate) => candidate.id === request.ruleId);
      if (!rule) throw new InputError('That rule no longer exists; pick another.');
      // Cached apart from every Web UI address: a file is not an answer any page received.
      const results = await withinAnswerBudget(request.payloads.length, work.decode(rule, request.namespace, JSON.stringify(['history-file', rule.id, request.namespace]), request.payloads));
      return { results: results.map((result) => (result.ok ? { ok: true, payload: result.payload } : { ok: false, kind: result.error.kind, sentence: explainError(result.error) })) };
    },
  };
}
