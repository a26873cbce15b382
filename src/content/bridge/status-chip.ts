/**
 * The small status chip in a corner of the Web UI: "Payload Lens: 42 decoded, 2 failed".
 * The counts are the background's tally of the tab (the same the popup and badge show);
 * only "decoding N…" is the bridge's own, for payloads on their way. It lives in an open
 * shadow root (it holds nothing the page may not see) so the page's styles cannot reach it,
 * nor its own leak out. It holds text only, is reachable by keyboard, opens to list each
 * reason in one sentence, shrinks to a small mark once everything decoded, and can be
 * dismissed for the rest of the page's life.
 */
import type { PageTally } from '../../core/tab-tally';
import { STATUS_CHIP_ELEMENT } from '../../shared/messages/window-events';

export interface ChipStatus {
  /** Payloads sent for decoding that have not come back yet. */
  pending: number;
  tally: PageTally;
}

/** How long a chip with nothing failed stays open before it shrinks to a mark. */
const SHRINK_AFTER_MS = 4000;

const STYLE = `
:host { all: initial; }
.chip { position: fixed; right: 16px; bottom: 16px; z-index: 2147483647; max-width: min(32rem, calc(100vw - 32px));
  font: 13px/1.4 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #1b1f24; background: #fff;
  border: 1px solid #d1d9e0; border-radius: 10px; box-shadow: 0 4px 16px rgb(0 0 0 / 0.15); }
.bar { display: flex; align-items: center; }
ul[hidden], .full[hidden], .mark[hidden], .close[hidden] { display: none; }
button { font: inherit; color: inherit; background: none; border: 0; padding: 6px 10px; cursor: pointer; border-radius: 10px; }
button:focus-visible { outline: 2px solid #444ce7; outline-offset: 1px; }
button:disabled { cursor: default; }
.failed { color: #b3261e; font-weight: 600; }
.mark { padding: 4px 8px; font-weight: 600; }
ul { margin: 0; padding: 0 12px 10px 28px; max-height: 40vh; overflow: auto; }
li { margin: 4px 0; }
.where { color: #59636e; font-size: 12px; overflow-wrap: anywhere; }
@media (prefers-color-scheme: dark) {
  .chip { color: #e6edf3; background: #151b23; border-color: #3d444d; }
  .failed { color: #ff7b72; }
  .where { color: #9198a1; }
  button:focus-visible { outline-color: #8c93ff; }
}`;

export function summary(status: ChipStatus): string {
  const counts = `${status.tally.decoded} decoded, ${status.tally.failed} failed`;
  return status.pending > 0 ? `Payload Lens: decoding ${status.pending}… ${counts}` : `Payload Lens: ${counts}`;
}

export interface StatusChip {
  show(status: ChipStatus): void;
  /** The user turned the chip off in the settings (or on again). */
  setEnabled(enabled: boolean): void;
}

export function createStatusChip(doc: Document): StatusChip {
  let parts: ReturnType<typeof build> | undefined;
  let dismissed = false;
  let enabled = true;
  let last: ChipStatus = { pending: 0, tally: { decoded: 0, failed: 0, reasons: [] } };
  let shrinkTimer: ReturnType<typeof setTimeout> | undefined;

  /** Built once: updates change text in place, so keyboard focus and the live region survive them. */
  function build() {
    const host = doc.createElement(STATUS_CHIP_ELEMENT);
    const root = host.attachShadow({ mode: 'open' });
    const style = doc.createElement('style');
    style.textContent = STYLE;
    const chip = doc.createElement('div');
    chip.className = 'chip';
    const bar = doc.createElement('div');
    bar.className = 'bar';

    const toggle = doc.createElement('button');
    toggle.type = 'button';
    toggle.className = 'full';
    // The summary is the live region: screen readers hear new counts, not the whole chip.
    toggle.setAttribute('aria-live', 'polite');
    toggle.setAttribute('aria-expanded', 'false');
    toggle.setAttribute('aria-controls', 'payload-lens-failures');
    const list = doc.createElement('ul');
    list.id = 'payload-lens-failures';
    list.setAttribute('aria-label', 'Payloads not decoded');
    list.hidden = true;
    toggle.addEventListener('click', () => {
      list.hidden = !list.hidden;
      toggle.setAttribute('aria-expanded', String(!list.hidden));
    });

    // The shrunk chip: a small mark that opens the full one again.
    const mark = doc.createElement('button');
    mark.type = 'button';
    mark.className = 'mark';
    mark.textContent = 'PL ✓';
    mark.hidden = true;
    mark.addEventListener('click', () => expand(true));

    const close = doc.createElement('button');
    close.type = 'button';
    close.className = 'close';
    close.textContent = '×';
    close.setAttribute('aria-label', 'Dismiss the Payload Lens status');
    close.addEventListener('click', () => {
      dismissed = true;
      clearTimeout(shrinkTimer);
      host.remove();
    });

    bar.append(toggle, mark, close);
    chip.append(bar, list);
    root.append(style, chip);
    (doc.body ?? doc.documentElement).append(host);
    return { host, toggle, list, mark, close };
  }

  function expand(open: boolean): void {
    if (!parts) return;
    parts.toggle.hidden = !open;
    parts.close.hidden = !open;
    parts.mark.hidden = open;
    if (!open) parts.list.hidden = true;
    if (open && parts.mark === doc.activeElement) parts.toggle.focus();
  }

  function render(): void {
    if (!parts) return;
    const { toggle, list, mark } = parts;
    const text = summary(last);
    toggle.textContent = text;
    mark.setAttribute('aria-label', `${text}. Show details`);
    toggle.classList.toggle('failed', last.tally.failed > 0);
    toggle.disabled = last.tally.reasons.length === 0;
    list.replaceChildren(
      ...last.tally.reasons.map(({ sentence, where, count }) => {
        const item = doc.createElement('li');
        const places = doc.createElement('div');
        places.className = 'where';
        places.textContent = count === 1 && where.length === 1 ? where[0]! : `${count} payload${count === 1 ? '' : 's'}${where.length > 0 ? `: ${where.join(', ')}` : ''}`;
        item.append(sentence, places);
        return item;
      }),
    );
    // Open while something is under way or failed; once all is well, out of the Web UI's way.
    clearTimeout(shrinkTimer);
    if (last.pending > 0 || last.tally.failed > 0) expand(true);
    else shrinkTimer = setTimeout(() => expand(false), SHRINK_AFTER_MS);
  }

  return {
    show(status) {
      last = status;
      if (!enabled || dismissed || (status.pending === 0 && status.tally.decoded === 0 && status.tally.failed === 0)) return;
      parts ??= build();
      render();
    },
    setEnabled(value) {
      enabled = value;
      if (!enabled && parts) {
        clearTimeout(shrinkTimer);
        parts.host.remove();
        parts = undefined;
      } else if (enabled) {
        this.show(last);
      }
    },
  };
}
