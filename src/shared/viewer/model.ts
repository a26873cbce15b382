/** What the event view shows, whoever collected it: the panel from a tab's private view, or a history file. */
import type { Payload } from '../../core/payload';

export interface ViewPayload {
  /** Where the payload sits, e.g. `input.payloads[0]`. */
  field: string;
  /** Decoded, or as it was when it could not be decoded. */
  payload: Payload;
  /** Why it could not be decoded, in one sentence. */
  problem?: string;
}

export interface ViewEvent {
  id: string;
  /** As the Web UI names it: WorkflowExecutionStarted. */
  type: string;
  payloads: ViewPayload[];
}

/** Event ids are int64 text: compared as numbers without turning them into JavaScript numbers. */
export function compareEventIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
