/**
 * What the bridge lets its page have under way in the background: the tab's share (TAB_WORK_LIMIT_CHARS), counted in
 * the packed texts it relays and a fixed amount per request, as the background counts it. The background checks the
 * share only once it has taken in and parsed a batch; without this, a page could hand its bridge the same large text
 * again and again, at no cost to itself, and each copy would be carried to, and parsed by, the background every tab
 * shares. A page with nothing under way may always start one request.
 */
import { TAB_WORK_LIMIT_CHARS, fitsInShare, requestShareChars } from '../../shared/messages/limits';

export interface RelayShare {
  /** Room for a request of this packed text, and how to give it back once answered; undefined when there is none. */
  take(batchChars: number): (() => void) | undefined;
}

export function createRelayShare(limit = TAB_WORK_LIMIT_CHARS): RelayShare {
  let underWay = 0;
  return {
    take(batchChars) {
      const chars = requestShareChars(batchChars);
      if (!fitsInShare(underWay, chars, limit)) return undefined;
      underWay += chars;
      let given = false;
      return () => {
        if (given) return;
        given = true;
        underWay -= chars;
      };
    },
  };
}
