/** What the extension's own pages (popup, options) may ask of the background. */
import type { PageReplies, PageRequest } from '../shared/messages';
import { deleteRule, forgetToken, saveRule, setRuleEnabled, viewState } from './rules';
import { readTabStatus } from './tab-status';
import { addOrigin, removeOrigin } from './ui-origins';

type Handlers = { [K in PageRequest['type']]: (request: Extract<PageRequest, { type: K }>) => Promise<PageReplies[K]> };

export const pageHandlers: Handlers = {
  'get-state': () => viewState(),
  'save-rule': (request) => saveRule(request.rule),
  async 'delete-rule'(request) {
    await deleteRule(request.ruleId);
    return null;
  },
  async 'forget-token'(request) {
    await forgetToken(request.ruleId);
    return null;
  },
  async 'set-rule-enabled'(request) {
    await setRuleEnabled(request.ruleId, request.enabled);
    return null;
  },
  'tab-status': (request) => readTabStatus(request.tabId),
  'add-origin': (request) => addOrigin(request.origin),
  async 'remove-origin'(request) {
    await removeOrigin(request.origin);
    return null;
  },
};
