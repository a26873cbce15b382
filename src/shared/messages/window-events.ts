/**
 * How the two large window messages travel between the page hook and the bridge: the hook's decode and encode
 * requests, and the bridge's replies to them. Also the hook's question whether the bridge is still there, and the one
 * element of the bridge's that the hook knows of.
 *
 * window.postMessage copies what it carries on the way out and again on the way in, though the page hook and the
 * bridge run on the same thread with one JavaScript heap: for a 1,000-payload answer that came to about 50 ms of
 * the tab's time. A CustomEvent dispatched on the window reaches the other world's listeners at once, and a string in
 * its `detail` is handed over as it is: only objects are copied, or withheld, between worlds. So these two messages go
 * as events whose detail is one string, the message's small fields as JSON, a newline, then its packed text
 * (packed.ts), and nothing but a string is sent or read.
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

/** The most the bridge reads of a request's small fields (a type, an id, a namespace and a count), before its batch. */
export const REQUEST_FIELDS_MAX_CHARS = 16 * 1024;

/** The detail of an event: `fields` as JSON, then a newline and `text` if there is one (JSON has no raw newline). */
export function frame(fields: object, text?: string): string {
  const head = JSON.stringify(fields);
  return text === undefined ? head : `${head}\n${text}`;
}

/** What `frame` made of a message; undefined for anything else, or fields longer than `maxFieldsChars`. */
export function unframe(detail: unknown, maxFieldsChars = Infinity): { fields: unknown; text?: string } | undefined {
  if (typeof detail !== 'string') return undefined;
  const end = detail.indexOf('\n');
  const head = end < 0 ? detail : detail.slice(0, end);
  if (head.length > maxFieldsChars) return undefined;
  try {
    const fields: unknown = JSON.parse(head);
    return end < 0 ? { fields } : { fields, text: detail.slice(end + 1) };
  } catch {
    return undefined;
  }
}
