/**
 * A rule's namespace: an exact name (`payments`), a pattern where `*` stands for any run of
 * characters (`payments-*`), or `*` alone for every namespace. Temporal namespace names
 * never contain `*`, so it cannot be mistaken for part of a name.
 */
export const EVERY_NAMESPACE = '*';

const WILDCARD = '*';

export type PatternParse = { ok: true; pattern: string } | { ok: false; reason: string };

/** What the user typed, trimmed; refused with a sentence when it can never match a namespace. */
export function parseNamespacePattern(input: string): PatternParse {
  const pattern = input.trim();
  if (pattern === '') return { ok: false, reason: 'Enter a namespace, a pattern such as payments-*, or * for every namespace.' };
  if (pattern.length > 1000) return { ok: false, reason: 'The namespace is longer than 1,000 characters.' };
  if (/\s/.test(pattern)) return { ok: false, reason: 'A namespace has no spaces.' };
  // Runs of stars mean the same as one: store the simplest form, so equal patterns compare equal.
  return { ok: true, pattern: pattern.replace(/\*{2,}/g, WILDCARD) };
}

export const isPattern = (pattern: string): boolean => pattern.includes(WILDCARD);

/** Glob match with `*` only; linear with backtracking to the last star, so no input can make it slow. */
export function namespaceMatches(pattern: string, namespace: string): boolean {
  if (!isPattern(pattern)) return pattern === namespace;
  let p = 0;
  let n = 0;
  let star = -1;
  let resume = 0;
  while (n < namespace.length) {
    if (p < pattern.length && pattern[p] !== WILDCARD && pattern[p] === namespace[n]) {
      p++;
      n++;
    } else if (p < pattern.length && pattern[p] === WILDCARD) {
      star = p++;
      resume = n;
    } else if (star >= 0) {
      p = star + 1;
      n = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === WILDCARD) p++;
  return p === pattern.length;
}

/**
 * How specific a namespace pattern is: an exact name beats any pattern, a pattern with more
 * literal characters beats one with fewer, and `*` alone comes last. Compared as tuples.
 */
export function namespaceSpecificity(pattern: string): [rank: number, literals: number] {
  if (!isPattern(pattern)) return [2, pattern.length];
  const literals = pattern.length - (pattern.match(/\*/g)?.length ?? 0);
  return literals === 0 ? [0, 0] : [1, literals];
}

/** Whether some namespace matches both patterns (two globs with `*` only; memoised, so quadratic at worst). */
export function patternsOverlap(a: string, b: string): boolean {
  const memo = new Map<number, boolean>();
  const width = b.length + 1;
  const overlap = (i: number, j: number): boolean => {
    if (i === a.length && j === b.length) return true;
    const key = i * width + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i < a.length && a[i] === WILDCARD) {
      // The star matches nothing more, or swallows b's next character (or b's star).
      result = overlap(i + 1, j) || (j < b.length && overlap(i, j + 1));
    } else if (j < b.length && b[j] === WILDCARD) {
      result = overlap(i, j + 1) || (i < a.length && overlap(i + 1, j));
    } else {
      result = i < a.length && j < b.length && a[i] === b[j] && overlap(i + 1, j + 1);
    }
    memo.set(key, result);
    return result;
  };
  return overlap(0, 0);
}

/** "payments", "namespaces matching payments-*", "every namespace": for sentences. */
export function describeNamespaces(pattern: string): string {
  if (!isPattern(pattern)) return `“${pattern}”`;
  return namespaceSpecificity(pattern)[0] === 0 ? 'every namespace' : `namespaces matching “${pattern}”`;
}
