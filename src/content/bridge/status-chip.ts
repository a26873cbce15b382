/**
 * The small status chip in a corner of the Web UI: "Payload Lens: 42 decoded, 2 failed".
 * It lives in a shadow root so the page's styles cannot reach it (nor its own leak out);
 * open, because it holds nothing the page may not see. It holds text only, is reachable by keyboard, opens to list each failure in one
 * sentence, and can be dismissed for the rest of the page's life.
 */
export interface ChipFailure {
  where: string;
  sentence: string;
}

export interface ChipStatus {
  /** Payloads sent for decoding that have not come back yet. */
  pending: number;
  decoded: number;
  failed: number;
  /** The most recent failures, to list when the chip is opened. */
  failures: ChipFailure[];
}

const STYLE = `
:host { all: initial; }
.chip { position: fixed; right: 16px; bottom: 16px; z-index: 2147483647; max-width: min(32rem, calc(100vw - 32px));
  font: 13px/1.4 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #1b1f24; background: #fff;
  border: 1px solid #d1d9e0; border-radius: 10px; box-shadow: 0 4px 16px rgb(0 0 0 / 0.15); }
.bar { display: flex; align-items: center; }
ul[hidden] { display: none; }
button { font: inherit; color: inherit; background: none; border: 0; padding: 6px 10px; cursor: pointer; border-radius: 10px; }
button:focus-visible { outline: 2px solid #444ce7; outline-offset: 1px; }
button:disabled { cursor: default; }
.failed { color: #b3261e; font-weight: 600; }
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
  const counts = `${status.decoded} decoded, ${status.failed} failed`;
  return status.pending > 0 ? `Payload Lens: decoding ${status.pending}… ${counts}` : `Payload Lens: ${counts}`;
}

export function createStatusChip(doc: Document): { show(status: ChipStatus): void } {
  let parts: { host: HTMLElement; toggle: HTMLButtonElement; list: HTMLUListElement } | undefined;
  let dismissed = false;
  let last: ChipStatus = { pending: 0, decoded: 0, failed: 0, failures: [] };

  /** Built once: updates change text in place, so keyboard focus and the live region survive them. */
  function build() {
    const host = doc.createElement('payload-lens-status');
    const root = host.attachShadow({ mode: 'open' });
    const style = doc.createElement('style');
    style.textContent = STYLE;
    const chip = doc.createElement('div');
    chip.className = 'chip';
    const bar = doc.createElement('div');
    bar.className = 'bar';

    const toggle = doc.createElement('button');
    toggle.type = 'button';
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

    const close = doc.createElement('button');
    close.type = 'button';
    close.textContent = '×';
    close.setAttribute('aria-label', 'Dismiss the Payload Lens status');
    close.addEventListener('click', () => {
      dismissed = true;
      host.remove();
    });

    bar.append(toggle, close);
    chip.append(bar, list);
    root.append(style, chip);
    (doc.body ?? doc.documentElement).append(host);
    return { host, toggle, list };
  }

  function render(): void {
    if (!parts) return;
    const { toggle, list } = parts;
    toggle.textContent = summary(last);
    toggle.classList.toggle('failed', last.failed > 0);
    toggle.disabled = last.failures.length === 0;
    // One line per reason: the same refusal for twelve payloads is one thing to fix.
    const byReason = new Map<string, string[]>();
    for (const failure of last.failures) byReason.set(failure.sentence, [...(byReason.get(failure.sentence) ?? []), failure.where]);
    list.replaceChildren(
      ...[...byReason].map(([sentence, places]) => {
        const item = doc.createElement('li');
        const where = doc.createElement('div');
        where.className = 'where';
        where.textContent = places.length === 1 ? places[0]! : `${places.length} payloads: ${places.join(', ')}`;
        item.append(sentence, where);
        return item;
      }),
    );
  }

  return {
    show(status) {
      last = status;
      if (dismissed || (status.pending === 0 && status.decoded === 0 && status.failed === 0)) return;
      parts ??= build();
      render();
    },
  };
}
