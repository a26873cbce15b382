// A codec server's refusal of a request (401, 403, 404, a redirect), shared by the calls under way together that send
// the same thing to the same place: a history's two directions reach the codec client at once, and so can other tabs'
// answers, and without this each would send its requests to be refused again. Kept only while such calls are under
// way: the next page, or the same page reloaded once the server was put right, asks the server again.
import type { DecodeError } from '../errors';

/** What a request is sent to and with: its URL, its namespace, and every header and cookie choice it carries. */
export interface RequestShape {
  url: string;
  namespace: string;
  headers: Record<string, string>;
  includeCredentials: boolean;
}

/** One call's view of the refusals of the calls under way beside it. */
export interface CallRefusals {
  /** The refusal one of them got, if any. */
  readonly refusal: DecodeError | undefined;
  refused(error: DecodeError): void;
  /** The call is over: past the last such call, the refusal is forgotten. */
  end(): void;
}

/**
 * Two 32-bit FNV-1a sums of the text, from different starting values: what tells two requests' headers apart without
 * keeping a token in a key. Two rules may send to one address and namespace with different tokens (the history-file
 * page decodes with whichever the user picks, while a Web UI tab decodes with its own), and one's refusal must not
 * answer for the other.
 */
function fingerprint(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193);
  }
  return `${(a >>> 0).toString(16)}.${(b >>> 0).toString(16)}`;
}

const keyOf = ({ url, namespace, headers, includeCredentials }: RequestShape) => `${url} ${namespace} ${includeCredentials} ${fingerprint(JSON.stringify(headers))}`;

export class RefusalsUnderWay {
  /** Per shape, the calls under way and the refusal one of them got. Holds nothing once every call has ended. */
  private readonly byShape = new Map<string, { calls: number; refusal?: DecodeError }>();

  begin(shape: RequestShape): CallRefusals {
    const key = keyOf(shape);
    const entry = this.byShape.get(key) ?? { calls: 0 };
    entry.calls++;
    this.byShape.set(key, entry);
    let ended = false;
    return {
      get refusal() {
        return entry.refusal;
      },
      refused: (error) => void (entry.refusal ??= error),
      end: () => {
        if (ended) return;
        ended = true;
        if (--entry.calls === 0) this.byShape.delete(key);
      },
    };
  }
}
