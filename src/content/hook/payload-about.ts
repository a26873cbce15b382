/**
 * Private view: for each payload found in an answer, the workflow run and history event it
 * belongs to, read from the request's address and from the answer around the payload. The
 * extension's panel uses them to show the workflow as the user meets it (input, result,
 * memo, summary, events). Bundled into the page's world: no dependencies.
 */
import type { PayloadSlot } from '../../core/api-json-walker';
import type { PayloadAbout } from '../../shared/messages/payloads';
import { MESSAGE_LIMITS } from '../../shared/messages/limits';

type Json = Record<string, unknown>;

const field = (value: unknown, name: string): unknown => (typeof value === 'object' && value !== null ? (value as Json)[name] : undefined);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.length <= MESSAGE_LIMITS.aboutChars ? value : undefined);

/** `…/namespaces/{ns}/workflows/{id}[/…]?execution.runId=…` → the workflow id and run id it names. */
export function runOfUrl(url: string): PayloadAbout {
  try {
    const parsed = new URL(url, 'http://relative.invalid');
    const match = /\/namespaces\/[^/]+\/(?:archived-)?workflows\/([^/]+)(?:\/run\/([^/]+))?/.exec(parsed.pathname);
    const about: PayloadAbout = {};
    const workflowId = match?.[1] === undefined ? undefined : text(decodeURIComponent(match[1]));
    const runId = text(parsed.searchParams.get('execution.runId') ?? (match?.[2] === undefined ? undefined : decodeURIComponent(match[2])));
    if (workflowId) about.workflowId = workflowId;
    if (runId) about.runId = runId;
    return about;
  } catch {
    return {};
  }
}

function withRun(about: PayloadAbout, execution: unknown): PayloadAbout {
  const workflowId = text(field(execution, 'workflowId'));
  const runId = text(field(execution, 'runId'));
  return { ...about, ...(workflowId ? { workflowId } : {}), ...(runId ? { runId } : {}) };
}

export function aboutPayloads(answer: unknown, slots: readonly PayloadSlot[], url: string): PayloadAbout[] {
  const fromUrl = runOfUrl(url);
  // A describe answer names its run; a list names one per execution.
  const described = withRun(fromUrl, field(field(answer, 'workflowExecutionInfo'), 'execution'));
  const events = field(field(answer, 'history'), 'events');
  const executions = field(answer, 'executions');
  return slots.map(({ location: [first, second, third] }): PayloadAbout => {
    if (first === 'history' && second === 'events' && typeof third === 'number' && Array.isArray(events)) {
      const eventId = text(field(events[third], 'eventId'));
      return eventId ? { ...fromUrl, eventId } : fromUrl;
    }
    if (first === 'executions' && typeof second === 'number' && Array.isArray(executions)) return withRun({}, field(executions[second], 'execution'));
    return described;
  });
}
