/**
 * A JSON text with some of its objects replaced and every other character kept: a decoded copy of a history file
 * differs from the file only where its payloads were, whatever the file's layout, key escapes or final line break.
 */
import { stringifyLossless, type JsonObject, type JsonValue } from './lossless-json';

const SPACE = 0x20;
const TAB = 0x09;

/**
 * `text` with each object of `replacements` (parsed from `text`, none inside another) written over by its value, laid
 * out with `indent` from the indentation of the line the object began on, and with `lineBreak` between lines.
 */
export function withObjectsReplaced(text: string, replacements: ReadonlyMap<JsonObject, JsonValue>, indent: string, lineBreak: string): string {
  const parts: string[] = [];
  let copied = 0;
  // The line each object begins on, found in one pass over the text: a file of one long line holds many payloads.
  let lineStart = 0;
  let nextBreak = text.indexOf('\n');
  for (const [object, value] of [...replacements].sort(([a], [b]) => a.start - b.start)) {
    while (nextBreak !== -1 && nextBreak < object.start) {
      lineStart = nextBreak + 1;
      nextBreak = text.indexOf('\n', lineStart);
    }
    let prefixEnd = lineStart;
    while (prefixEnd < object.start && (text.charCodeAt(prefixEnd) === SPACE || text.charCodeAt(prefixEnd) === TAB)) prefixEnd++;
    const written = stringifyLossless(value, indent, text.slice(lineStart, prefixEnd));
    // JSON strings hold no raw line break: each one written is layout.
    parts.push(text.slice(copied, object.start), lineBreak === '\n' ? written : written.replaceAll('\n', lineBreak));
    copied = object.end;
  }
  parts.push(text.slice(copied));
  return parts.join('');
}
