/**
 * The answer the page gets once its payloads are decoded. The hook already holds it parsed, and the page nearly
 * always wants it parsed (`response.json()`), so it is handed over as it is: serialising a 2 MB answer to text only
 * for the page to parse it again was most of what decoding cost the page. Anything that reads the body another way
 * (text(), arrayBuffer(), blob(), body, clone()) gets the same answer as JSON text, made when first read.
 */

/** Headers of the original, without those that described its bytes: the new body is neither that long nor compressed. */
export function decodedHeaders(original: Headers): Headers {
  const headers = new Headers(original);
  headers.delete('content-length');
  headers.delete('content-encoding');
  return headers;
}

/** A body stream that produces `text()` only when someone reads it. */
function lazyStream(text: () => string): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        controller.enqueue(new TextEncoder().encode(text()));
        controller.close();
      },
    },
    // Nothing is pulled ahead: with the default of 1 the stream would serialise the answer as soon as it is made.
    { highWaterMark: 0 },
  );
}

const bodyUsedError = () => new TypeError('Failed to execute on Response: body stream already read');

/**
 * A Response that reads like `original` (status, headers, url, redirected, type) and whose body is `value` as JSON.
 * json() resolves to `value` itself, once, as a body is read once: the page owns it from then on.
 */
export function decodedResponse(original: Response, value: unknown): Response {
  let text: string | undefined;
  const serialised = () => (text ??= JSON.stringify(value));
  return lazyResponse(original, decodedHeaders(original.headers), serialised, () => value);
}

/**
 * The answer the hook read and left as it was, for the page to read as it would have read `original`: the same
 * headers, the same text, and json() parses it as the browser's would (rejecting what is not JSON).
 */
export function unchangedResponse(original: Response, text: string): Response {
  return lazyResponse(original, new Headers(original.headers), () => text, () => JSON.parse(text) as unknown);
}

/** An answer whose body failed while the hook read it: the page's read fails with the same error. */
export function failedResponse(original: Response, error: unknown): Response {
  return standIn(original, new ReadableStream<Uint8Array>({ start: (controller) => controller.error(error) }), new Headers(original.headers));
}

/**
 * A Response with `body` that reads like `original`: its status, status text, `headers`, url, redirected and type. The
 * original is read by then, so this must not fail: a status text the constructor refuses (a server's reason phrase
 * may hold what a script's may not) is left out rather than failing the page's fetch.
 */
function standIn(original: Response, body: ReadableStream<Uint8Array>, headers: Headers): Response {
  let copy: Response;
  try {
    copy = new Response(body, { status: original.status, statusText: original.statusText, headers });
  } catch {
    // Taking a stream as a body neither reads nor locks it: the stream is still free for a second try.
    copy = new Response(body, { status: original.status, headers });
  }
  for (const property of ['url', 'redirected', 'type'] as const) {
    Object.defineProperty(copy, property, { value: original[property], enumerable: true });
  }
  return copy;
}

function lazyResponse(original: Response, headers: Headers, serialised: () => string, parsed: () => unknown): Response {
  const copy = standIn(original, lazyStream(serialised), headers);
  /** Marks the body read, as reading it would: bodyUsed turns true and every later read fails. */
  const consume = (): boolean => {
    if (copy.bodyUsed || copy.body?.locked) return false;
    void copy.body?.cancel();
    return true;
  };
  Object.defineProperties(copy, {
    // A text that is not JSON rejects, as the browser's json() does, rather than throwing where it is called.
    json: { value: () => (consume() ? new Promise((resolve) => resolve(parsed())) : Promise.reject(bodyUsedError())), configurable: true },
    text: { value: () => (consume() ? Promise.resolve(serialised()) : Promise.reject(bodyUsedError())), configurable: true },
    clone: {
      value: () => {
        if (copy.bodyUsed || copy.body?.locked) throw bodyUsedError();
        // The clone gets the answer as it is now: the page may change what json() gave it before the clone is read.
        const snapshot = serialised();
        return lazyResponse(original, headers, () => snapshot, () => JSON.parse(snapshot) as unknown);
      },
      configurable: true,
    },
  });
  return copy;
}
