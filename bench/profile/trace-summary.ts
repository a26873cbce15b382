/**
 * What a Chrome trace says about where time went outside JavaScript: how long each thread of each process was
 * busy, and how long the browser took to carry each large message from one process to another.
 */

export interface TraceEvent {
  ph: string;
  name: string;
  cat: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: Record<string, unknown>;
}

/** Categories to record: top-level tasks of every thread and the Mojo messages between processes. */
export const TRACE_CATEGORIES = ['__metadata', 'toplevel', 'mojom'];

export interface ThreadBusy {
  /** e.g. "Browser / CrBrowserMain" (processes of one kind are added together). */
  thread: string;
  ms: number;
}

export interface LargeMessage {
  /** The receiving thread, as above. */
  thread: string;
  /** The Mojo interface, e.g. extensions.mojom.MessagePortHost. */
  channel: string;
  bytes: number;
  ms: number;
}

function names(events: readonly TraceEvent[]): (event: TraceEvent) => string {
  const processes = new Map<number, string>();
  const threads = new Map<string, string>();
  for (const event of events) {
    if (event.ph !== 'M') continue;
    const name = String(event.args?.name ?? '');
    if (event.name === 'process_name') processes.set(event.pid, name);
    if (event.name === 'thread_name') threads.set(`${event.pid}:${event.tid}`, name);
  }
  return (event) => `${processes.get(event.pid) ?? `process ${event.pid}`} / ${threads.get(`${event.pid}:${event.tid}`) ?? `thread ${event.tid}`}`;
}

/** Busy time per thread: the union of its top-level tasks (nested ones are inside their parent, not added). */
export function threadBusy(events: readonly TraceEvent[]): ThreadBusy[] {
  const label = names(events);
  const intervals = new Map<string, Array<[number, number]>>();
  for (const event of events) {
    if (event.ph !== 'X' || !event.dur || !event.cat.split(',').includes('toplevel')) continue;
    const key = label(event);
    let list = intervals.get(key);
    if (!list) intervals.set(key, (list = []));
    list.push([event.ts, event.ts + event.dur]);
  }
  const busy: ThreadBusy[] = [];
  for (const [thread, list] of intervals) {
    list.sort((a, b) => a[0] - b[0]);
    let total = 0;
    let [start, end] = list[0]!;
    for (const [s, e] of list) {
      if (s > end) {
        total += end - start;
        [start, end] = [s, e];
      } else end = Math.max(end, e);
    }
    total += end - start;
    busy.push({ thread, ms: total / 1000 });
  }
  return busy.sort((a, b) => b.ms - a.ms);
}

/** Mojo messages of at least `minBytes`, with the time the receiving thread spent taking each in. */
export function largeMessages(events: readonly TraceEvent[], minBytes: number): LargeMessage[] {
  const label = names(events);
  const found: LargeMessage[] = [];
  for (const event of events) {
    const info = event.args?.chrome_mojo_event_info as { data_num_bytes?: number; mojo_interface_tag?: string } | undefined;
    if (event.ph !== 'X' || !info || (info.data_num_bytes ?? 0) < minBytes) continue;
    found.push({ thread: label(event), channel: info.mojo_interface_tag ?? '?', bytes: info.data_num_bytes!, ms: (event.dur ?? 0) / 1000 });
  }
  return found;
}
