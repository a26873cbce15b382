/**
 * A history file's payloads decoded in the background with the rule the user picked, in
 * batches small enough for one message each, reporting progress. With a local key nothing
 * leaves the browser; with a codec server the payloads go to that server only, as in the Web UI.
 */
import type { HistoryFile, HistoryPayload } from '../core/history-file';
import { needsCodec, type Payload } from '../core/payload';
import { request } from '../shared/extension-page-client';

export const BATCH_PAYLOADS = 2000;
export const BATCH_CHARS = 4 * 1024 * 1024;

export interface FileDecoding {
  decoded: Map<HistoryPayload, Payload>;
  /** Why a payload was not decoded, in one sentence. */
  problems: Map<HistoryPayload, string>;
}

function batches(slots: HistoryPayload[]): HistoryPayload[][] {
  const out: HistoryPayload[][] = [];
  let batch: HistoryPayload[] = [];
  let chars = 0;
  for (const slot of slots) {
    const size = (slot.payload.data?.length ?? 0) + JSON.stringify(slot.payload.metadata ?? {}).length;
    if (batch.length > 0 && (batch.length >= BATCH_PAYLOADS || chars + size > BATCH_CHARS)) {
      out.push(batch);
      batch = [];
      chars = 0;
    }
    batch.push(slot);
    chars += size;
  }
  if (batch.length > 0) out.push(batch);
  return out;
}

export async function decodeFile(file: HistoryFile, ruleId: string, namespace: string, onProgress: (done: number, total: number) => void): Promise<FileDecoding> {
  const slots = file.events.flatMap((event) => event.payloads).filter((slot) => needsCodec(slot.payload));
  const result: FileDecoding = { decoded: new Map(), problems: new Map() };
  let done = 0;
  onProgress(0, slots.length);
  for (const batch of batches(slots)) {
    const { results } = await request('decode-file', {
      ruleId,
      namespace,
      payloads: batch.map((slot) => ({ ...(slot.payload.metadata ? { metadata: slot.payload.metadata } : {}), ...(slot.payload.data !== undefined ? { data: slot.payload.data } : {}) })),
      where: batch.map((slot) => slot.field.slice(0, 500)),
    });
    batch.forEach((slot, i) => {
      const answer = results[i];
      if (answer?.ok) result.decoded.set(slot, answer.payload as Payload);
      else result.problems.set(slot, answer?.sentence ?? 'The background gave no answer for this payload.');
    });
    done += batch.length;
    onProgress(done, slots.length);
  }
  return result;
}
