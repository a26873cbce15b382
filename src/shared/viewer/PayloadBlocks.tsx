/**
 * Payloads a hundred at a time, with a button for the next hundred. An event of a history file, or a section of the
 * panel, holds as many as the file or the page chose (a crafted one, hundreds of thousands): laid out all at once, they
 * would hold the page for seconds or more.
 */
import { useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { ViewPayload } from './model';
import { PayloadBlock } from './PayloadBlock';

export const PAYLOADS_AT_ONCE = 100;

export function PayloadBlocks({ items, labelOf }: { items: readonly ViewPayload[]; labelOf?: (item: ViewPayload) => string }) {
  const [count, setCount] = useState(PAYLOADS_AT_ONCE);
  const list = useRef<HTMLDivElement>(null);
  const rest = items.length - count;

  // The keyboard goes on to the first payload shown now: the button may be gone, and that is where reading goes on.
  function showMore() {
    flushSync(() => setCount(count + PAYLOADS_AT_ONCE));
    list.current?.querySelectorAll<HTMLElement>('pre.payload-text')[count]?.focus();
  }

  return (
    <div ref={list}>
      {items.slice(0, count).map((item, index) => (
        <PayloadBlock key={index} item={item} {...(labelOf ? { label: labelOf(item) } : {})} />
      ))}
      {rest > 0 ? (
        <button type="button" className="show-more" onClick={showMore}>
          Show {Math.min(rest, PAYLOADS_AT_ONCE)} more of the {rest} payloads not shown
        </button>
      ) : null}
    </div>
  );
}
