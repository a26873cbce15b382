/**
 * A history file's payloads decoded in the background with the rule the user picked, in
 * batches small enough for one message each, reporting progress. With a local key nothing
 * leaves the browser; with a codec server the payloads go to that server only, as in the Web UI.
 */
import type { HistoryFile, HistoryPayload } from '../core/history-file';
import { formatBytes } from '../core/limits';
import { needsCodec, payloadTextChars, type Payload } from '../core/payload';
import { errorText, request } from '../shared/extension-page-client';
import { MESSAGE_LIMITS } from '../shared/messages/limits';
import { toWirePayload } from '../shared/messages/over-limits';

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

const TOO_LARGE = `This payload is larger than ${formatBytes(MESSAGE_LIMITS.chars)} of text, more than the extension decodes at once, so it was left as it is.`;

/**
 * Every payload of the file that needs a codec, decoded or with why not. A batch the background refuses (the rule
 * removed meanwhile, say) leaves its payloads as they are, saying why, and the others go on.
 */
export async function decodeFile(
  file: HistoryFile,
  ruleId: string,
  namespace: string,
  onProgress: (done: number, total: number) => void,
  /** Asked before each batch: true once nobody waits for the rest (another file was opened), which is then not sent. */
  givenUp: () => boolean = () => false,
): Promise<FileDecoding> {
  const result: FileDecoding = { decoded: new Map(), problems: new Map() };
  const slots: HistoryPayload[] = [];
  for (const slot of file.events.flatMap((event) => event.payloads)) {
    if (!needsCodec(slot.payload)) continue;
    if (payloadTextChars(slot.payload) > MESSAGE_LIMITS.chars) result.problems.set(slot, TOO_LARGE);
    else slots.push(slot);
  }
  let done = 0;
  onProgress(0, slots.length);
  for (const batch of batches(slots)) {
    if (givenUp()) break;
    try {
      const { results } = await request('decode-file', {
        ruleId,
        namespace,
        payloads: batch.map((slot) => toWirePayload(slot.payload)),
        where: batch.map((slot) => slot.field.slice(0, MESSAGE_LIMITS.whereChars)),
      });
      batch.forEach((slot, i) => {
        const answer = results[i];
        if (answer?.ok) result.decoded.set(slot, answer.payload as Payload);
        else result.problems.set(slot, answer?.sentence ?? 'The background gave no answer for this payload.');
      });
    } catch (failure) {
      for (const slot of batch) result.problems.set(slot, errorText(failure));
    }
    done += batch.length;
    onProgress(done, slots.length);
  }
  return result;
}
