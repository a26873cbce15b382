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
