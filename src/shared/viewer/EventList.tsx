/**
 * Events with their payloads: searchable, each event collapsible, shown a page at a time so
 * that a history of 20,000 events renders as quickly as one of twenty.
 */
import { useDeferredValue, useId, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { payloadText } from '../../core/payload-text';
import type { ViewEvent } from './model';
import { PayloadBlocks } from './PayloadBlocks';

export const EVENTS_PER_PAGE = 100;

/** Each event's text, lower-cased, made once: a view's events are new objects whenever what they hold changes. */
const searchTexts = new WeakMap<ViewEvent, string>();

function searchTextOf(event: ViewEvent): string {
  let text = searchTexts.get(event);
  if (text === undefined) {
    text = [event.id, event.type, ...event.payloads.flatMap((item) => [item.field, payloadText(item.payload).text, item.problem ?? ''])].join('\n').toLowerCase();
    searchTexts.set(event, text);
  }
  return text;
}

function EventItem({ event, open }: { event: ViewEvent; open: boolean }) {
  return (
    <li className="event" data-event-id={event.id} data-event-type={event.type}>
      <details open={open}>
        <summary>
          <span className="event-id">{event.id}</span> {event.type}
          <span className="muted">
            {' '}
            · {event.payloads.length} {event.payloads.length === 1 ? 'payload' : 'payloads'}
            {event.payloads.some((item) => item.problem) ? ', some not decoded' : ''}
          </span>
        </summary>
        <PayloadBlocks items={event.payloads} />
      </details>
    </li>
  );
}

/** `level`: the heading's, under the page's own headings (the panel lists events under each workflow's). */
export function EventList({ events, heading = 'Events', level = 2 }: { events: ViewEvent[]; heading?: string; level?: 2 | 3 }) {
  const id = useId();
  const headingElement = useRef<HTMLHeadingElement>(null);
  const Heading = level === 2 ? 'h2' : 'h3';
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(0);
  const [allOpen, setAllOpen] = useState(false);
  const deferred = useDeferredValue(query.trim().toLowerCase());
  // Events by their place in the list, which also keys them: a file can give two events the same id.
  const shown = useMemo(() => events.flatMap((event, index) => (deferred === '' || searchTextOf(event).includes(deferred) ? [index] : [])), [events, deferred]);
  const pages = Math.max(1, Math.ceil(shown.length / EVENTS_PER_PAGE));
  const current = Math.min(page, pages - 1);
  const first = current * EVENTS_PER_PAGE;
  const visible = shown.slice(first, first + EVENTS_PER_PAGE);

  // From the bottom pager, the keyboard goes to the list's top, where the new page starts, and so it does from a
  // button the new page disables (the first page's Previous, the last's Next), which would drop it. From the top
  // pager it stays, to turn on.
  const turnTo = (next: number, where: 'top' | 'bottom') => {
    flushSync(() => setPage(next));
    if (where === 'bottom' || next === 0 || next === pages - 1) headingElement.current?.focus();
  };
  const pager = (where: 'top' | 'bottom') =>
    pages > 1 ? (
      <nav className="pager" aria-label={`Pages of events, ${where}`}>
        <button type="button" disabled={current === 0} onClick={() => turnTo(current - 1, where)}>
          Previous
        </button>
        <button type="button" disabled={current >= pages - 1} onClick={() => turnTo(current + 1, where)}>
          Next
        </button>
      </nav>
    ) : null;

  return (
    <section className="event-list" aria-labelledby={`${id}-heading`}>
      <Heading id={`${id}-heading`} ref={headingElement} tabIndex={-1}>
        {heading}
      </Heading>
      <div className="event-tools">
        <label htmlFor={`${id}-search`}>Search events</label>
        <input
          id={`${id}-search`}
          type="search"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setPage(0);
          }}
          placeholder="event id, type or any text in a payload"
        />
        <button type="button" onClick={() => setAllOpen(!allOpen)}>
          {allOpen ? 'Collapse all' : 'Expand all'}
        </button>
      </div>
      <p role="status" className="muted event-count">
        {shown.length === 0
          ? deferred
            ? 'No event matches.'
            : 'No events.'
          : `Events ${first + 1}–${first + visible.length} of ${shown.length}${deferred ? ` matching (${events.length} in all)` : ''}.`}
      </p>
      {pager('top')}
      <ol className="events">
        {visible.map((index) => (
          <EventItem key={index} event={events[index]!} open={allOpen || (deferred !== '' && shown.length <= EVENTS_PER_PAGE)} />
        ))}
      </ol>
      {pager('bottom')}
    </section>
  );
}
