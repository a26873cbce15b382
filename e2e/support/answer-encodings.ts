/** What an API answer's payloads are encoded as, read the same way in Node and in a Web UI page. */

/** The encoding of every payload of an answer, in order. Self-contained: tests send its source into the page. */
export function encodingsIn(answer: unknown): string[] {
  const encodings: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (typeof value !== 'object' || value === null) return;
    const { metadata } = value as { metadata?: { encoding?: unknown } };
    if (typeof metadata?.encoding === 'string') encodings.push(atob(metadata.encoding));
    else Object.values(value).forEach(visit);
  };
  visit(answer);
  return encodings;
}

/** For the page: fetches `path` as the Web UI does, and resolves to the encodings of the payloads it got. */
export const FETCH_ENCODINGS = (path: string) => `fetch(${JSON.stringify(path)}).then((r) => r.json()).then((answer) => (${encodingsIn.toString()})(answer))`;
