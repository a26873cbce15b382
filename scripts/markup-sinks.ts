/**
 * No code in the extension writes markup from a value. The extension's pages show what codec servers and local keys
 * decode, which whoever writes to the workflow chose; React escapes all of it, and its one way around that,
 * `dangerouslySetInnerHTML`, is taken out of the build here, so no page can come to render such text as markup.
 * Every built file is then checked, so a dependency or a change that brings such a write back fails the build
 * (and `web-ext lint`, which reports these writes to Firefox's reviewers, stays clean).
 */
import type { Plugin } from 'vite';

/** React DOM's client, where `dangerouslySetInnerHTML` is written into an element (twice: elements and custom ones). */
const REACT_DOM_CLIENT = /[\\/]react-dom[\\/]cjs[\\/]react-dom-client\.[a-z]+\.js$/;
const REACT_DOM_MARKUP_WRITE = /domElement\.innerHTML = key/g;
const REFUSAL = '(() => { throw Error("Payload Lens never writes markup from a value: dangerouslySetInnerHTML is left out of its build."); })()';

/** React DOM's client with its markup write replaced by a refusal, and how many writes were replaced. */
export function withoutReactMarkupWrites(code: string): { code: string; replaced: number } {
  let replaced = 0;
  const rewritten = code.replace(REACT_DOM_MARKUP_WRITE, () => {
    replaced += 1;
    return REFUSAL;
  });
  return { code: rewritten, replaced };
}

/** A string literal standing alone: no `${}` in a template, and nothing added to it. */
const FIXED_STRING = /(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\$]|\\.)*`)\s*(?:[,;)}\]]|$)/.source;

// What the build looks for: an assignment to innerHTML or outerHTML, by name or by subscript, of anything but a
// fixed string (a fixed `<script></script>` is fine), or a compound one (+=, ||=, &&=, ??=); such a key in an object
// literal (for Object.assign) or to Reflect.set; and the calls and the attribute that parse a string as markup. It reads
// the code's text: a guard against mistakes, not a proof (a name built at run time gets through).
const MARKUP_SINKS = [
  new RegExp(`(?:\\.(?:innerHTML|outerHTML)|\\[\\s*["'\`](?:innerHTML|outerHTML)["'\`]\\s*\\])\\s*(?:(?:\\+|\\|\\||&&|\\?\\?)=|=(?!=)(?!\\s*${FIXED_STRING}))`, 'g'),
  /\bReflect\.set\s*\([^,]*,\s*["'`](?:innerHTML|outerHTML|srcdoc)["'`]/g,
  /\.setAttribute\s*\(\s*["'`]srcdoc["'`]/g,
  /[{,]\s*(?:innerHTML|outerHTML)\s*:/g,
  /\.(?:insertAdjacentHTML|createContextualFragment|setHTMLUnsafe|parseFromString)\s*\(/g,
  /\bparseHTMLUnsafe\s*\(/g,
  /\bdocument\.write(?:ln)?\s*\(/g,
  /\.srcdoc\s*=(?!=)/g,
];

/** Each place in `code` that writes markup from a value, with a little of the code around it. */
export function markupSinksIn(code: string): string[] {
  const found: { index: number; excerpt: string }[] = [];
  for (const sink of MARKUP_SINKS) {
    for (const match of code.matchAll(sink)) {
      found.push({ index: match.index, excerpt: code.slice(Math.max(0, match.index - 40), match.index + 40) });
    }
  }
  return found.sort((a, b) => a.index - b.index).map(({ excerpt }) => excerpt);
}

export function noMarkupSinks(): Plugin {
  return {
    name: 'payload-lens:no-markup-sinks',
    apply: 'build',
    transform(code, id) {
      if (!REACT_DOM_CLIENT.test(id)) return null;
      const { code: rewritten, replaced } = withoutReactMarkupWrites(code);
      return replaced > 0 ? { code: rewritten, map: null } : null;
    },
    // After every other plugin's output: crxjs builds the content scripts on their own and adds them as files late.
    writeBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        if (!file.fileName.endsWith('.js')) continue;
        const code = file.type === 'chunk' ? file.code : String(file.source);
        const sinks = markupSinksIn(code);
        if (sinks.length > 0) {
          this.error(`${file.fileName} writes markup from a value (${sinks.length}×), e.g. …${sinks[0]}…; the extension must not.`);
        }
      }
    },
  };
}
