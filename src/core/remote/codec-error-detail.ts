// Text a codec server (or the network under it) gives with a failure ends up in the chip, the popup and the tab's
// stored status. This is the one place where such text becomes a DecodeError's detail, so what may be shown, and how
// much of it, is decided here and nowhere else.
// How much is kept is scrub.ts's SERVER_TEXT_CHARS: a status line and the first sentence of a body.
import { cutBeforeSecrets, scrubServerText } from '../scrub';

// Only the start of a body can reach the detail; reading further would only cost time on a huge error page.
const BODY_READ_CHARS = 8 * 1024;

const ENTITIES: Record<string, string> = { nbsp: ' ', lt: '<', gt: '>', amp: '&', quot: '"', '#39': "'", '#x27': "'" };

/**
 * `head` is what the client knows (e.g. "500 Internal Server Error"), `body` what the server sent. Servers answer
 * errors in HTML as often as in text (Express's 400 is a stack trace in <pre>): only the words are kept, and a body
 * that merely repeats the status says nothing more. `secrets` (what the request carried) are removed before the text
 * is cut short, and the body is read up to the first secret its cut would split: a secret cut in two would no longer
 * be found whole, and its first part would be kept.
 */
export function codecErrorDetail(head: string, body = '', secrets: readonly string[] = []): string {
  const words = wordsOf(cutBeforeSecrets(body, BODY_READ_CHARS, secrets));
  const sameAsHead = words.length > 0 && head.toLowerCase().endsWith(words.toLowerCase());
  return scrubServerText(words.length === 0 || sameAsHead ? head : `${head}: ${words}`, secrets);
}

// One pass, no backtracking regex: the body is whatever the server (or anything pretending to be it) sent.
function wordsOf(body: string): string {
  const lower = body.toLowerCase();
  let text = '';
  let at = 0;
  while (at < body.length) {
    const open = body.indexOf('<', at);
    if (open < 0) {
      text += body.slice(at);
      break;
    }
    text += body.slice(at, open);
    if (!/[a-z/!?]/.test(lower[open + 1] ?? '')) {
      text += '<';
      at = open + 1;
      continue;
    }
    const close = body.indexOf('>', open);
    // A tag cut off by the end of what was read: nothing readable follows.
    if (close < 0) break;
    text += ' ';
    at = close + 1;
    const hidden = /^<(head|script|style)\b/.exec(lower.slice(open, open + 8));
    if (hidden) {
      const end = lower.indexOf(`</${hidden[1]}`, at);
      if (end < 0) break;
      const endClose = body.indexOf('>', end);
      if (endClose < 0) break;
      at = endClose + 1;
    }
  }
  return text
    .replace(/&(nbsp|lt|gt|amp|quot|#39|#x27);/g, (_, name: string) => ENTITIES[name]!)
    .replace(/\s+/g, ' ')
    .trim();
}
