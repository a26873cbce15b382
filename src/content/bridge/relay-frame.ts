/**
 * The bridge's end of the relay (src/shared/messages/relay.ts): frames the relay page in a closed shadow root and
 * hands it one end of a MessageChannel and the port's ticket; the relay page hands that end on to the service worker,
 * and once the service worker says it took it, the frame has done its work and goes, and requests go to the service
 * worker on the channel. A request the channel does not carry is asked over the port instead, and so is one under way
 * when the port closed (its ticket went with it) that the service worker had not yet said it took: it stopped just as
 * the request was sent. One it took, one under way when the bridge itself gave the channel up, or one that took
 * longer than the page hook waits, is lost, not asked again, since the background may have done it already (or may
 * still: a busy worker reads what was sent in order). A channel that answered nothing while a request waited that
 * long is taken for dead. The word that a request was taken and the port's closing come by different ways, so a
 * request taken just before the worker stopped can still be asked once more: decoding and encoding give the same
 * answer twice, at the cost of one more codec request. A long reply comes in parts, as on the port (reply-parts.ts).
 */
import * as v from 'valibot';
import { HOOK_WAIT_MS } from '../../core/deadlines';
import { ReplyPartSchema, TakenFrameSchema } from '../../shared/messages/port';
import { newTicket, RelayReadySchema, RelayReplySchema } from '../../shared/messages/relay';
import { createReplyParts } from './reply-parts';

/** How long the relay page may take to load and the service worker to take the channel before the bridge does without it. */
export const RELAY_OPEN_TIMEOUT_MS = 5000;

/**
 * What became of a request sent through the relay: its reply; not carried (the channel will carry no more); not
 * taken (the port closed before the service worker said it had the request: it is to be asked again, once); busy (the
 * channel has too many under way: only this one goes elsewhere); or lost.
 */
export type RelayOutcome = { reply: unknown } | 'not-carried' | 'not-taken' | 'busy' | 'lost';

export interface Relay {
  request(message: unknown): Promise<RelayOutcome>;
  /** Ends the relay; `portClosed` when its ticket went with the port, so the service worker stopped or the tab left. */
  close(portClosed?: boolean): void;
}

/**
 * `page` is the relay page's address and `origin` the extension's: Chrome (130 and later) gives the page an address
 * that changes each session, but the document it loads has the extension's own origin. Resolves with the relay once it is up, or
 * undefined if it does not come up in time or the service worker does not know the ticket.
 */
export function openRelay(doc: Document, page: { url: string; origin: string }, relayTicket: string, timeoutMs = RELAY_OPEN_TIMEOUT_MS): Promise<Relay | undefined> {
  const nonce = newTicket();
  const host = doc.createElement('payload-lens-relay');
  host.hidden = true;
  const frame = doc.createElement('iframe');
  frame.src = `${page.url}#${nonce}`;
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  host.attachShadow({ mode: 'closed' }).append(frame);
  // Beside <body>, not in it: a Web UI re-rendering its body leaves the relay alone.
  doc.documentElement.append(host);

  const channel = new MessageChannel();
  const pending = new Map<number, { settle: (outcome: RelayOutcome) => void; timer: ReturnType<typeof setTimeout>; taken: boolean }>();
  const parts = createReplyParts();
  let nextId = 1;
  let closed = false;
  /**
   * Frames heard so far, replies or word that a request was taken: a request timed out with none since it was sent
   * finds the relay dead.
   */
  let heard = 0;
  let removal: MutationObserver | undefined;

  function settle(id: number, outcome: RelayOutcome): void {
    const waiting = pending.get(id);
    if (!waiting) return;
    pending.delete(id);
    parts.forget(id);
    clearTimeout(waiting.timer);
    waiting.settle(outcome);
  }

  function close(portClosed = false): void {
    if (closed) return;
    closed = true;
    removal?.disconnect();
    channel.port1.close();
    host.remove();
    for (const [id, { taken }] of [...pending]) settle(id, portClosed && !taken ? 'not-taken' : 'lost');
  }

  const relay: Relay = {
    request: (message) =>
      new Promise((resolve) => {
        if (closed) return resolve('not-carried');
        const id = nextId++;
        const heardBefore = heard;
        // The page hook has stopped waiting by then.
        const timer = setTimeout(() => {
          settle(id, 'lost');
          if (heard === heardBefore) close();
        }, HOOK_WAIT_MS);
        pending.set(id, { settle: resolve, timer, taken: false });
        channel.port1.postMessage({ id, message });
      }),
    close,
  };

  return new Promise((resolve) => {
    const giveUp = setTimeout(() => {
      close();
      resolve(undefined);
    }, timeoutMs);
    channel.port1.onmessage = (event: MessageEvent<unknown>) => {
      if (v.is(RelayReadySchema, event.data)) {
        clearTimeout(giveUp);
        // The channel is the service worker's now, or refused: either way the frame has nothing left to do, and a
        // tab holds no extension document for as long as it is open.
        removal?.disconnect();
        host.remove();
        if (!event.data.relayReady) close();
        resolve(closed ? undefined : relay);
        return;
      }
      const taken = v.safeParse(TakenFrameSchema, event.data);
      if (taken.success) {
        heard++;
        const waiting = pending.get(taken.output.id);
        if (waiting) waiting.taken = true;
        return;
      }
      // A part of a long reply. One this check refuses passes for no other frame: RelayReplySchema is strict.
      const part = v.safeParse(ReplyPartSchema, event.data);
      if (part.success) {
        heard++;
        if (!pending.has(part.output.id)) return;
        const joined = parts.take(part.output);
        // A series out of order is no reply, and the service worker did the request: lost, not asked again.
        if (joined !== 'more') settle(part.output.id, joined === 'refused' ? 'lost' : { reply: joined.reply });
        return;
      }
      const parsed = v.safeParse(RelayReplySchema, event.data);
      if (!parsed.success) return;
      heard++;
      const { id, reply, busy } = parsed.output;
      settle(id, busy ? 'busy' : reply === undefined ? 'not-carried' : { reply });
    };
    // Until then, a page that removes or moves the frame, or replaces its root element, ends the relay (a moved frame
    // loads the page afresh, without the port).
    const root = doc.documentElement;
    removal = new MutationObserver(() => {
      if (!host.isConnected || host.parentNode !== root) close();
    });
    removal.observe(root, { childList: true });
    removal.observe(doc, { childList: true });
    let loads = 0;
    frame.addEventListener('load', () => {
      // A second load is a new document, which never got the port.
      if (++loads > 1 || closed) return close();
      // To the relay page only: a frame the page navigated elsewhere is not sent the ticket.
      frame.contentWindow?.postMessage({ relayTicket, nonce }, page.origin, [channel.port2]);
    });
  });
}
