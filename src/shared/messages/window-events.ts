/**
 * How the two large window messages travel between the page hook and the bridge: the hook's decode and encode
 * requests, and the bridge's replies to them. Also the hook's question whether the bridge is still there, and the one
 * element of the bridge's that the hook knows of.
 *
 * window.postMessage copies what it carries on the way out and again on the way in, though the page hook and the
 * bridge run on the same thread with one JavaScript heap: for a 1,000-payload answer that came to about 50 ms of
 * the tab's time. A CustomEvent dispatched on the window reaches the other world's listeners at once, and a string in
 * its `detail` is handed over as it is: only objects are copied, or withheld, between worlds. So these two messages go
 * as events whose detail is a string: first each of the message's packed texts (packed.ts), if it has any, alone in
 * an event of its own, then the message's small fields as JSON. Texts and fields in one string would be joined in new
 * memory by whoever first reads it whole, a copy as long as the texts that took a 1,000-payload answer some 12 ms
 * each way.
 *
 * Like a window message, such an event can be dispatched by the page itself, or by a frame of the same origin: the
 * bridge checks what it reads against the same schemas (window.ts), and the hook trusts nothing in a reply it would
 * not trust from the page. Free of dependencies but limits.ts: the page hook imports it.
 */
import { PACKED_TEXTS_MAX } from './limits';

export const HOOK_REQUEST_EVENT = 'payload-lens:hook-request';
export const BRIDGE_REPLY_EVENT = 'payload-lens:bridge-reply';

/**
 * Dispatched by the page hook, with nothing in it, and cancelled by the bridge while its extension is still there.
 * Listeners run as an event is dispatched, so the hook learns at once, before it hands the page anything, whether
 * the extension still stands behind it. A bridge whose extension was switched off, removed or updated under the page
 * lets the event pass (Chrome keeps such a script running), or is no longer there to hear it (Firefox unloads it).
 */
export const BRIDGE_PRESENCE_EVENT = 'payload-lens:bridge-presence';

/**
 * The element the bridge's status chip lives in. A bridge that finds its extension gone takes it off the page; where
 * the bridge is unloaded instead (Firefox), the hook does, as the counts it shows no longer stand.
 */
export const STATUS_CHIP_ELEMENT = 'payload-lens-status';

/** The most the bridge reads of a request's small fields (a type, an id, a namespace and a count). */
export const REQUEST_FIELDS_MAX_CHARS = 16 * 1024;

/** The event that carries a text of a message sent as `type`, dispatched before the fields' own. */
export const textEventOf = (type: string) => `${type}:text`;

/** Sends a message as `type`: its texts, if it has any, in order, then its fields. Listeners run as each is dispatched. */
export function dispatchFramed(win: Window, type: string, fields: object, texts?: readonly string[]): void {
  for (const text of texts ?? []) win.dispatchEvent(new CustomEvent(textEventOf(type), { detail: text }));
  win.dispatchEvent(new CustomEvent(type, { detail: JSON.stringify(fields) }));
}

/**
 * Hands `receive` each message sent as `type` whose fields are JSON no longer than `maxFieldsChars`, with the texts
 * dispatched just before them, if any, in order. Texts go with the next fields only, and only within the same turn of
 * script: a sender dispatches them one after the other, with nothing in between, and no microtask runs between
 * listeners called from script. The page can dispatch either event alone, as it can send any message: texts it leaves
 * behind are gone at the end of the turn, and those it dispatches in the same turn before a message's go with that
 * message, which they can only spoil. A text event whose detail is not text carries nothing, and no more than one
 * text past PACKED_TEXTS_MAX is kept for one message: a longer list is no message's.
 */
export function listenFramed(win: Window, type: string, receive: (fields: unknown, texts: string[] | undefined) => void, maxFieldsChars = Infinity): void {
  let carried: string[] | undefined;
  win.addEventListener(textEventOf(type), (event: Event) => {
    const detail = (event as CustomEvent<unknown>).detail;
    if (typeof detail !== 'string' || (carried?.length ?? 0) > PACKED_TEXTS_MAX) return;
    if (carried === undefined) {
      const texts: string[] = [];
      carried = texts;
      queueMicrotask(() => {
        if (carried === texts) carried = undefined;
      });
    }
    carried.push(detail);
  });
  win.addEventListener(type, (event: Event) => {
    const texts = carried;
    carried = undefined;
    const fields = fieldsOf((event as CustomEvent<unknown>).detail, maxFieldsChars);
    if (fields !== undefined) receive(fields, texts);
  });
}

/** The fields in an event's detail; undefined for anything but JSON text no longer than `maxChars`. */
function fieldsOf(detail: unknown, maxChars: number): unknown {
  if (typeof detail !== 'string' || detail.length > maxChars) return undefined;
  try {
    return JSON.parse(detail) as unknown;
  } catch {
    return undefined;
  }
}
