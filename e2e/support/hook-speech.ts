import { BRIDGE_REPLY_EVENT, HOOK_REQUEST_EVENT, textEventOf } from '../../src/shared/messages/window-events';

/**
 * Page script that speaks to the bridge as the page hook does, for tests of what a hostile page can get from it:
 * requests to decode or encode, and the replies to them, go as events on the window, the text first, alone, then
 * the fields as JSON (src/shared/messages/window-events.ts). Evaluated at the top of a page function, it defines:
 * - `sendRequest(fields, batch)`: a request with its packed batch;
 * - `onReply(listener)`: calls `listener(fields, outcomes)` for every reply, `outcomes` the packed text if it had one.
 */
export const SPEAK_AS_HOOK = `
  const sendRequest = (fields, batch) => {
    window.dispatchEvent(new CustomEvent('${textEventOf(HOOK_REQUEST_EVENT)}', { detail: batch }));
    window.dispatchEvent(new CustomEvent('${HOOK_REQUEST_EVENT}', { detail: JSON.stringify(fields) }));
  };
  const replyListeners = [];
  let replyText;
  window.addEventListener('${textEventOf(BRIDGE_REPLY_EVENT)}', (event) => { replyText = event.detail; });
  window.addEventListener('${BRIDGE_REPLY_EVENT}', (event) => {
    const outcomes = replyText;
    replyText = undefined;
    for (const listener of replyListeners) listener(JSON.parse(event.detail), outcomes);
  });
  const onReply = (listener) => replyListeners.push(listener);
`;
