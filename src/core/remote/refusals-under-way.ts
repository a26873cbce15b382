// A codec server's refusal of a request (401, 403, 404, a redirect), shared by the calls under way together that send
// the same thing to the same place: a history's two directions reach the codec client at once, and so can other tabs'
// answers, and without this each would send its requests to be refused again. Kept only while such calls are under
// way: the next page, or the same page reloaded once the server was put right, asks the server again.
import type { DecodeError } from '../errors';
import { fingerprintOf } from '../fingerprint';

/**
 * What a request is sent to and with: its URL, and every header (the namespace's `X-Namespace` among them) and cookie
 * choice it carries.
 */
export interface RequestShape {
  url: string;
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
 * The headers go in the key as a fingerprint, which keeps no token: two rules may send to one address and namespace
 * with different tokens (the history-file page decodes with whichever the user picks, while a Web UI tab decodes with
 * its own), and one's refusal must not answer for the other. Two fingerprints alike by chance would only hold back
 * requests while their calls are under way, never send one.
 */
const keyOf = ({ url, headers, includeCredentials }: RequestShape) => `${url} ${includeCredentials} ${fingerprintOf(JSON.stringify(headers))}`;

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
