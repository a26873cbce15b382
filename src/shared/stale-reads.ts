/**
 * Which reads of the settings an extension page may show. A page shows what an action does at once (a switch moves
 * when pressed), then reads the settings again once the background has it. A read that began before an action, or
 * that ends while one is under way, may hold the settings from before it, and would undo what the page shows (a
 * switch moved would flip back until the action's own read). Such a read is dropped; each action reads again once it
 * is done, so the last one shows what is stored.
 */
export interface StaleReads {
  /** An action begins; call the function returned once it is done, before it reads again. */
  actionBegins(): () => void;
  /** A read begins; the function returned says, once it ends, whether what it read may be shown. */
  readBegins(): () => boolean;
}

export function createStaleReads(): StaleReads {
  let started = 0;
  let underWay = 0;
  return {
    actionBegins() {
      started += 1;
      underWay += 1;
      let done = false;
      return () => {
        if (!done) underWay -= 1;
        done = true;
      };
    },
    readBegins() {
      const before = started;
      return () => started === before && underWay === 0;
    },
  };
}
