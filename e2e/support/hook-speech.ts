import { BRIDGE_REPLY_EVENT, HOOK_REQUEST_EVENT, textEventOf } from '../../src/shared/messages/window-events';

/**
 * Page script that speaks to the bridge as the page hook does, for tests of what a hostile page can get from it:
 * requests to decode or encode, and the replies to them, go as events on the window, the texts first, each alone,
 * then the fields as JSON (src/shared/messages/window-events.ts). Evaluated at the top of a page function, it defines:
 * - `sendRequest(fields, batch)`: a request with its packed batch, a text or a list of texts;
 * - `onReply(listener)`: calls `listener(fields, outcomes)` for every reply, `outcomes` the packed texts if it had any;
 * - `readOutcomes(texts)`: the outcomes packed texts hold, as one list.
 */
export const SPEAK_AS_HOOK = `
  const sendRequest = (fields, batch) => {
    for (const text of Array.isArray(batch) ? batch : [batch]) window.dispatchEvent(new CustomEvent('${textEventOf(HOOK_REQUEST_EVENT)}', { detail: text }));
    window.dispatchEvent(new CustomEvent('${HOOK_REQUEST_EVENT}', { detail: JSON.stringify(fields) }));
  };
  const readOutcomes = (texts) => (texts ?? []).flatMap((text) => JSON.parse(text));
  const replyListeners = [];
  let replyTexts;
  window.addEventListener('${textEventOf(BRIDGE_REPLY_EVENT)}', (event) => { (replyTexts ??= []).push(event.detail); });
  window.addEventListener('${BRIDGE_REPLY_EVENT}', (event) => {
    const outcomes = replyTexts;
    replyTexts = undefined;
    for (const listener of replyListeners) listener(JSON.parse(event.detail), outcomes);
  });
  const onReply = (listener) => replyListeners.push(listener);
`;
