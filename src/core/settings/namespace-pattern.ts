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

/**
 * Whether some namespace matches both patterns (globs with `*` only). An exact name need only be matched. Two
 * patterns with a star each overlap exactly when the literal starts before their first stars agree (one begins the
 * other) and the literal ends after their last stars agree (one ends the other): the longer start, then every
 * literal between the stars of both, then the longer end is a name both match. Linear, so a settings file of many
 * long patterns, each checked against the others, costs no more than reading it.
 */
export function patternsOverlap(a: string, b: string): boolean {
  if (!isPattern(a)) return namespaceMatches(b, a);
  if (!isPattern(b)) return namespaceMatches(a, b);
  const [startA, startB] = [a.slice(0, a.indexOf(WILDCARD)), b.slice(0, b.indexOf(WILDCARD))];
  const [endA, endB] = [a.slice(a.lastIndexOf(WILDCARD) + 1), b.slice(b.lastIndexOf(WILDCARD) + 1)];
  return (startA.startsWith(startB) || startB.startsWith(startA)) && (endA.endsWith(endB) || endB.endsWith(endA));
}

/** "payments", "namespaces matching payments-*", "every namespace": for sentences. */
export function describeNamespaces(pattern: string): string {
  if (!isPattern(pattern)) return `“${pattern}”`;
  return namespaceSpecificity(pattern)[0] === 0 ? 'every namespace' : `namespaces matching “${pattern}”`;
}
