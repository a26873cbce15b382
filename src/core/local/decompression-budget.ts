// Bytes that decompression may still produce: every layer of a payload draws on that payload's cap, and every
// payload of one answer on the answer's, so a zlib inside a zlib inside … cannot pass either cap.
import { decodeError, type DecodeResult } from '../errors';
import { MAX_DECOMPRESSED_ANSWER_BYTES, MAX_DECOMPRESSED_PAYLOAD_BYTES } from '../limits';

export type DecodeFailure = Extract<DecodeResult, { ok: false }>;

export interface DecompressionBudget {
  /** What this payload may still produce: the smaller of what is left of its own cap and of its answer's. */
  readonly free: number;
  /** Counts bytes already produced; when they pass a cap, says which (and counts nothing). */
  take(bytes: number): DecodeFailure | undefined;
}

export interface AnswerBudget {
  forPayload(): DecompressionBudget;
}

/** One per call of the local decoder: all payloads of one API answer are decoded in one call. */
export function createAnswerBudget(): AnswerBudget {
  let answerUsed = 0;
  return {
    forPayload() {
      let used = 0;
      return {
        get free() {
          return Math.min(MAX_DECOMPRESSED_PAYLOAD_BYTES - used, MAX_DECOMPRESSED_ANSWER_BYTES - answerUsed);
        },
        take(bytes) {
          if (used + bytes > MAX_DECOMPRESSED_PAYLOAD_BYTES) return decodeError('decompressed-too-large');
          if (answerUsed + bytes > MAX_DECOMPRESSED_ANSWER_BYTES) return decodeError('answer-decompressed-too-large');
          used += bytes;
          answerUsed += bytes;
          return undefined;
        },
      };
    },
  };
}
