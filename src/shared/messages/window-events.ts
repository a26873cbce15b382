/**
 * How the two large window messages travel between the page hook and the bridge: the hook's decode and encode
 * requests, and the bridge's replies to them. Also the hook's question whether the bridge is still there, and the one
 * element of the bridge's that the hook knows of.
 *
 * window.postMessage copies what it carries on the way out and again on the way in, though the page hook and the
 * bridge run on the same thread with one JavaScript heap: for a 1,000-payload answer that came to about 50 ms of
 * the tab's time. A CustomEvent dispatched on the window reaches the other world's listeners at once, and a string in
 * its `detail` is handed over as it is: only objects are copied, or withheld, between worlds. So these two messages go
 * as events whose detail is a string: first the packed text (packed.ts), if the message has one, alone in an event
 * of its own, then the message's small fields as JSON. One string of both would be joined in new memory by whoever
 * first reads it whole, a copy as long as the text that took a 1,000-payload answer some 12 ms each way.
 *
 * Like a window message, such an event can be dispatched by the page itself, or by a frame of the same origin: the
 * bridge checks what it reads against the same schemas (window.ts), and the hook trusts nothing in a reply it would
 * not trust from the page. Free of dependencies: the page hook imports it.
 */
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

/** The event that carries the text of a message sent as `type`, dispatched just before the fields' own. */
export const textEventOf = (type: string) => `${type}:text`;

/** Sends a message as `type`: its text, if it has one, then its fields. Listeners run as each is dispatched. */
export function dispatchFramed(win: Window, type: string, fields: object, text?: string): void {
  if (text !== undefined) win.dispatchEvent(new CustomEvent(textEventOf(type), { detail: text }));
  win.dispatchEvent(new CustomEvent(type, { detail: JSON.stringify(fields) }));
}

/**
 * Hands `receive` each message sent as `type` whose fields are JSON no longer than `maxFieldsChars`, with the text
 * dispatched just before them, if any. A text goes with the next fields only, and only within the same turn of script:
 * a sender dispatches the two one after the other, with nothing in between, and no microtask runs between listeners
 * called from script. The page can dispatch either event alone, as it can send any message; a text it leaves behind
 * is gone before another message comes.
 */
export function listenFramed(win: Window, type: string, receive: (fields: unknown, text: string | undefined) => void, maxFieldsChars = Infinity): void {
  let carried: string | undefined;
  win.addEventListener(textEventOf(type), (event: Event) => {
    const detail = (event as CustomEvent<unknown>).detail;
    const text = typeof detail === 'string' ? detail : undefined;
    carried = text;
    queueMicrotask(() => {
      if (carried === text) carried = undefined;
    });
  });
  win.addEventListener(type, (event: Event) => {
    const text = carried;
    carried = undefined;
    const fields = fieldsOf((event as CustomEvent<unknown>).detail, maxFieldsChars);
    if (fields !== undefined) receive(fields, text);
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
