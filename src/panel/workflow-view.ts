/**
 * A tab's private view organised as the user meets a workflow in the Web UI: for each run,
 * its input, result, memo and summary, then its events with their payloads; what belongs
 * to no run's history (a pending activity, a query's answer) comes last, by where it sat.
 */
import type { PrivateEntryView } from '../shared/messages/private-view';
import { compareEventIds, type ViewEvent, type ViewPayload } from '../shared/viewer/model';

export interface WorkflowView {
  key: string;
  namespace: string;
  workflowId?: string;
  runId?: string;
  input: ViewPayload[];
  result: ViewPayload[];
  memo: ViewPayload[];
  summary: ViewPayload[];
  events: ViewEvent[];
  /** Payloads of the run outside its history, labelled by where they sat. */
  elsewhere: ViewPayload[];
}

const EVENT_PATH = /^history\.events\[\d+\]\.?(.*)$/;
const ATTRIBUTES = /^([a-zA-Z]+)EventAttributes\.?(.*)$/;
/** Which event fields are the workflow's result, by event type. */
const RESULT_FIELDS: Record<string, string> = {
  WorkflowExecutionCompleted: 'result',
  WorkflowExecutionFailed: 'failure',
  WorkflowExecutionCanceled: 'details',
  WorkflowExecutionTerminated: 'details',
  WorkflowExecutionContinuedAsNew: 'input',
};

const typeName = (stem: string) => stem.charAt(0).toUpperCase() + stem.slice(1);
const startsWithField = (field: string, name: string) => field === name || field.startsWith(`${name}.`) || field.startsWith(`${name}[`);

function itemOf(entry: PrivateEntryView, field: string): ViewPayload {
  return entry.result.ok ? { field, payload: entry.result.payload } : { field, payload: {}, problem: entry.result.sentence };
}

/**
 * Where each field sits in a list, so that keeping one payload per field costs as little for a tab's 60,000th result
 * as for its first (a search of the list each time made a page of small results take the panel seconds to lay out).
 */
const places = new WeakMap<ViewPayload[], Map<string, number>>();

/** Keeps one payload per field: the same memo arrives with a list, a describe and the history. */
function putOnce(list: ViewPayload[], item: ViewPayload): void {
  let at = places.get(list);
  if (!at) {
    at = new Map(list.map((other, index) => [other.field, index]));
    places.set(list, at);
  }
  const index = at.get(item.field);
  if (index !== undefined) list[index] = item;
  else {
    at.set(item.field, list.length);
    list.push(item);
  }
}

export function organise(entries: readonly PrivateEntryView[]): WorkflowView[] {
  const runs = new Map<string, WorkflowView>();
  const events = new Map<WorkflowView, Map<string, ViewEvent>>();

  for (const entry of entries) {
    const { workflowId, runId, eventId } = entry.about;
    const key = JSON.stringify([entry.namespace, workflowId ?? '', runId ?? '']);
    let run = runs.get(key);
    if (!run) {
      run = { key, namespace: entry.namespace, ...(workflowId ? { workflowId } : {}), ...(runId ? { runId } : {}), input: [], result: [], memo: [], summary: [], events: [], elsewhere: [] };
      runs.set(key, run);
      events.set(run, new Map());
    }
    const inEvent = eventId !== undefined ? EVENT_PATH.exec(entry.where) : null;
    if (inEvent) {
      const rest = inEvent[1]!;
      const attributes = ATTRIBUTES.exec(rest);
      const type = attributes ? typeName(attributes[1]!) : 'Event';
      const field = attributes ? attributes[2]! : rest;
      const byId = events.get(run)!;
      const event = byId.get(eventId!) ?? { id: eventId!, type, payloads: [] };
      if (attributes) event.type = type;
      byId.set(eventId!, event);
      const item = itemOf(entry, field);
      putOnce(event.payloads, item);
      if (type === 'WorkflowExecutionStarted' && startsWithField(field, 'input')) putOnce(run.input, item);
      else if (RESULT_FIELDS[type] !== undefined && startsWithField(field, RESULT_FIELDS[type]!)) putOnce(run.result, { ...item, field: `${type}: ${field}` });
      if (type === 'WorkflowExecutionStarted' && startsWithField(field, 'memo')) putOnce(run.memo, itemOf(entry, field.replace(/^memo\.fields\.?/, '')));
      if (type === 'WorkflowExecutionStarted' && startsWithField(field, 'userMetadata')) putOnce(run.summary, itemOf(entry, field.replace(/^userMetadata\./, '')));
      continue;
    }
    const memo = /(?:^|\.)memo\.fields\.?(.*)$/.exec(entry.where);
    const summary = /(?:^|\.)userMetadata\.(summary|details)$/.exec(entry.where);
    if (memo) putOnce(run.memo, itemOf(entry, memo[1]!));
    else if (summary && !entry.where.startsWith('pending')) putOnce(run.summary, itemOf(entry, summary[1]!));
    else putOnce(run.elsewhere, itemOf(entry, entry.where));
  }

  for (const [run, byId] of events) run.events = [...byId.values()].sort((a, b) => compareEventIds(a.id, b.id));
  return mergeRunless([...runs.values()]);
}

/** A query's answer names the workflow but not the run: it joins the run when the page loaded only one of that workflow. */
function mergeRunless(views: WorkflowView[]): WorkflowView[] {
  const runsOf = new Map<string, WorkflowView[]>();
  const workflowKey = (view: WorkflowView) => JSON.stringify([view.namespace, view.workflowId]);
  for (const view of views) {
    if (view.runId === undefined || view.workflowId === undefined) continue;
    const runs = runsOf.get(workflowKey(view)) ?? [];
    runs.push(view);
    runsOf.set(workflowKey(view), runs);
  }
  return views.filter((view) => {
    if (view.runId !== undefined || view.workflowId === undefined) return true;
    const runs = runsOf.get(workflowKey(view)) ?? [];
    if (runs.length !== 1) return true;
    const [run] = runs as [WorkflowView];
    for (const key of ['input', 'result', 'memo', 'summary', 'elsewhere'] as const) for (const item of view[key]) putOnce(run[key], item);
    run.events.push(...view.events);
    return false;
  });
}
