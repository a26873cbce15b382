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
button { font: inherit; color: inherit; background: none; border: 0; padding: 6px 10px; cursor: pointer; border-radius: 10px; }
button:focus-visible { outline: 2px solid #444ce7; outline-offset: 1px; }
.failed { color: #b3261e; font-weight: 600; }
ul { margin: 0; padding: 0 12px 10px 28px; max-height: 40vh; overflow: auto; }
li { margin: 4px 0; }
.where { color: #59636e; font-size: 12px; overflow-wrap: anywhere; }
@media (prefers-color-scheme: dark) {
  .chip { color: #e6edf3; background: #151b23; border-color: #3d444d; }
  .failed { color: #ff7b72; }
  .where { color: #9198a1; }
}`;

export function summary(status: ChipStatus): string {
  return `Payload Lens: ${status.decoded} decoded, ${status.failed} failed`;
}

export function createStatusChip(doc: Document): { show(status: ChipStatus): void } {
  let root: ShadowRoot | undefined;
  let dismissed = false;
  let open = false;
  let last: ChipStatus = { decoded: 0, failed: 0, failures: [] };

  function render(): void {
    if (!root) return;
    const chip = doc.createElement('div');
    chip.className = 'chip';
    chip.setAttribute('role', 'status');
    const bar = doc.createElement('div');
    bar.className = 'bar';

    const toggle = doc.createElement('button');
    toggle.type = 'button';
    toggle.textContent = summary(last);
    if (last.failures.length > 0) toggle.classList.add('failed');
    toggle.setAttribute('aria-expanded', String(open));
    toggle.disabled = last.failures.length === 0;
    toggle.addEventListener('click', () => {
      open = !open;
      render();
    });

    const close = doc.createElement('button');
    close.type = 'button';
    close.textContent = '×';
    close.setAttribute('aria-label', 'Dismiss the Payload Lens status');
    close.addEventListener('click', () => {
      dismissed = true;
      root?.host.remove();
    });
    bar.append(toggle, close);
    chip.append(bar);

    if (open && last.failures.length > 0) {
      const list = doc.createElement('ul');
      list.setAttribute('aria-label', 'Payloads not decoded');
      for (const failure of last.failures) {
        const item = doc.createElement('li');
        const where = doc.createElement('div');
        where.className = 'where';
        where.textContent = failure.where;
        item.append(failure.sentence, where);
        list.append(item);
      }
      chip.append(list);
    }
    const style = doc.createElement('style');
    style.textContent = STYLE;
    root.replaceChildren(style, chip);
  }

  return {
    show(status) {
      last = status;
      if (dismissed || (status.decoded === 0 && status.failed === 0)) return;
      if (!root) {
        const host = doc.createElement('payload-lens-status');
        root = host.attachShadow({ mode: 'open' });
        (doc.body ?? doc.documentElement).append(host);
      }
      render();
    },
  };
}
