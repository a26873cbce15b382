/**
 * How much structure a JSON text holds, counted without parsing it. JSON.parse builds a value for about every `{`,
 * `[`, `,` and `:` outside the text's strings, so text made of little else costs far more memory than its length: 50
 * MiB of empty objects took Chrome's service worker 595 MB and 12 s to parse. Nesting costs more again: 3.3 million
 * `[` inside one another, within that count, took 1.8 s to parse where the largest batch of payloads takes 0.3 s. A
 * message the background parses, and a history file the history page opens, is counted first, and refused when it
 * holds more, or nests deeper, than anything it may carry could.
 */

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const BACKSLASH = 0x5c;

/** Just past the string whose opening quote is at `open` (or the text's end, if it never closes). */
function afterString(text: string, open: number): number {
  let quote = open;
  for (;;) {
    quote = text.indexOf('"', quote + 1);
    if (quote < 0) return text.length;
    // Escaped when an odd number of backslashes stand before it. Each run is read back once: the next quote's run
    // ends at this quote at the latest, so the whole count stays linear in the text's length.
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
  }
}

/**
 * The `{`, `[`, `,` and `:` of `text` outside its strings, counted up to `atMost + 1`: past that, or once objects and
 * arrays lie more than `maxDepth` deep, the text is refused whatever the rest holds, counting stops and `atMost + 1`
 * is returned. The strings, which make up nearly all of a batch of payloads, are skipped with the engine's own search
 * for their closing quote.
 */
export function jsonStructure(text: string, atMost: number, maxDepth = Infinity): number {
  let count = 0;
  let depth = 0;
  let at = 0;
  while (at < text.length) {
    const quote = text.indexOf('"', at);
    const end = quote < 0 ? text.length : quote;
    for (; at < end; at++) {
      const c = text.charCodeAt(at);
      if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        if (++depth > maxDepth) return atMost + 1;
      } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        depth--;
        continue;
      } else if (c !== COMMA && c !== COLON) continue;
      if (++count > atMost) return count;
    }
    if (quote < 0) break;
    at = afterString(text, quote);
  }
  return count;
}
