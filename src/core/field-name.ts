/**
 * Where a payload sits in its event, as the Web UI names fields (`input.payloads[0]`), kept short enough to show and
 * to search. A file can nest payloads 900 levels down under keys of 1,000 characters: the full name of each ran to
 * 900,000 characters, 1.3 GB for 1,500 payloads, and went whole into the page. A longer name keeps its start (the
 * event's field) and its end (the payload's own place) around an ellipsis.
 */
import { formatPath, type PathSegment } from './api-json-walker';

/** Characters kept from the start and from the end of a longer name: more than any field of a real history. */
const HEAD_CHARS = 60;
const TAIL_CHARS = 140;

export class FieldName {
  static readonly NONE = new FieldName('');

  /** `head` alone is the whole name; with `tail`, they are its start and end. */
  private constructor(
    private readonly head: string,
    private readonly tail?: string,
  ) {}

  /** This name followed by a key or an index. */
  then(segment: PathSegment): FieldName {
    const written = formatPath([segment]);
    const step = this.head === '' || written.startsWith('[') ? written : `.${written}`;
    if (this.tail !== undefined) return new FieldName(this.head, (this.tail + step).slice(-TAIL_CHARS));
    const whole = this.head + step;
    return whole.length <= HEAD_CHARS + TAIL_CHARS ? new FieldName(whole) : new FieldName(whole.slice(0, HEAD_CHARS), whole.slice(-TAIL_CHARS));
  }

  toString(): string {
    return this.tail === undefined ? this.head : `${this.head}…${this.tail}`;
  }
}
