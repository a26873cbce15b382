/**
 * The bridge's end of a reply that comes in parts (ReplyPartSchema in src/shared/messages/port.ts): each request's
 * parts are kept until the last comes, then joined into its reply, the one packed text they make (the page reads it
 * as it reads several). A series is taken only as the background sends one, from part 0 on, in order, each part
 * saying the same count; anything else ends the request without a reply, so the page keeps its original payloads.
 * The caller hands over only parts for a request it is waiting for, from where it sent that request, and forgets a
 * request's parts once it stops waiting for it.
 */
import type { Reply } from '../../shared/messages/define';
import type { ReplyPart } from '../../shared/messages/port';

/** The reply, once its last part came; `more` while parts are to come; `refused` for a part out of its series. */
export type PartTaken = { reply: Reply<string[]> } | 'more' | 'refused';

export interface ReplyParts {
  take(part: ReplyPart): PartTaken;
  /** Drops what was kept of request `id`'s reply. */
  forget(id: number): void;
}

export function createReplyParts(): ReplyParts {
  const series = new Map<number, { parts: number; texts: string[] }>();
  return {
    take({ id, part, parts, text }) {
      const kept = series.get(id) ?? { parts, texts: [] };
      if (part !== kept.texts.length || parts !== kept.parts) {
        series.delete(id);
        return 'refused';
      }
      kept.texts.push(text);
      if (kept.texts.length < parts) {
        series.set(id, kept);
        return 'more';
      }
      series.delete(id);
      return { reply: { ok: true, value: [kept.texts.join('')] } };
    },
    forget: (id) => void series.delete(id),
  };
}
