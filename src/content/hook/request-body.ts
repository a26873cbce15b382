/** The body of a request the page is about to send, as text, for the body types a JSON API call can have. */
export async function bodyText(body: BodyInit | null | undefined): Promise<string | undefined> {
  if (body === null || body === undefined) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof Blob || body instanceof ArrayBuffer || ArrayBuffer.isView(body) || body instanceof URLSearchParams) {
    return new Response(body).text();
  }
  // Streams and forms: the hook cannot read them without consuming what the page sends.
  return undefined;
}

/**
 * Whether `fetch(input, init)` sends the Request's own body: init gives none, or a body of null, which keeps the
 * Request's own (the Fetch standard's Request constructor).
 */
export function sendsRequestBody(input: RequestInfo | URL, init: RequestInit | undefined): input is Request {
  return input instanceof Request && (init?.body === undefined || init.body === null);
}
