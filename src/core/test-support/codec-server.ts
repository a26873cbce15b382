// A codec server on 127.0.0.1 for tests and the benchmark: real HTTP, real body limits, scripted answers.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Payload } from '../payload';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Handler = (req: RecordedRequest, res: ServerResponse) => void | Promise<void>;

export interface TestCodecServer {
  url: string;
  requests: RecordedRequest[];
  /** Most requests being handled at the same moment. */
  maxInFlight: number;
  handle(handler: Handler): void;
  close(): Promise<void>;
}

export async function startCodecServer(initial: Handler): Promise<TestCodecServer> {
  let handler = initial;
  let inFlight = 0;
  const state: TestCodecServer = {
    url: '',
    requests: [],
    maxInFlight: 0,
    handle: (h) => (handler = h),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = createServer(async (req, res) => {
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const recorded = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
    state.requests.push(recorded);
    try {
      await handler(recorded, res);
    } finally {
      inFlight--;
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/** What Express's body-parser answers for a body over its limit (the TypeScript sample's codec server). */
export function sendTooLarge(res: ServerResponse, bytes: number, limit: number): void {
  res.writeHead(413, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(`<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Error</title></head>\n<body><pre>PayloadTooLargeError: request entity too large (${bytes} &gt; ${limit})</pre></body>\n</html>\n`);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Ends the request by closing its connection, as a server restarting or dropping an idle keep-alive socket does. */
export function closeConnection(res: ServerResponse): void {
  res.socket?.destroy();
}

// A fake codec, so tests can tell decoded from not: "binary/encrypted" with key id K holds JSON text, and
// decoding it relabels it json/plain. Data that is not JSON stands for a tampered ciphertext.
const text = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const untext = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');

export const fakeEncoded = (json: string, keyId = 'k'): Payload => ({ metadata: { encoding: text('binary/encrypted'), 'encryption-key-id': text(keyId) }, data: text(json) });
export const fakePlain = (json: string): Payload => ({ metadata: { encoding: text('json/plain') }, data: text(json) });
export const fakeTampered = (keyId = 'k'): Payload => ({ ...fakeEncoded('', keyId), data: text('\u0000tampered') });

/** Opens one payload of the fake codec; throws, with the reason, for one it cannot open. Others come back unchanged. */
export function fakeOpen(payload: Payload, keyIds: readonly string[] = ['k']): Payload {
  if (untext(payload.metadata?.encoding ?? '') !== 'binary/encrypted') return payload;
  const keyId = untext(payload.metadata?.['encryption-key-id'] ?? '');
  if (!keyIds.includes(keyId)) throw new Error(`unknown encryption key id "${keyId}"`);
  const data = untext(payload.data ?? '');
  try {
    JSON.parse(data);
  } catch {
    throw new Error('decryption failed (wrong key or tampered data)');
  }
  return fakePlain(data);
}

const expressError = (message: string) =>
  `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>${message}</pre>\n</body>\n</html>\n`;

/** What Express's express.json() answers to a body that is not JSON: 400 and, outside production, the stack trace. */
export function sendBadJson(res: ServerResponse, body: string): void {
  let message = 'Unexpected end of JSON input';
  try {
    JSON.parse(body);
  } catch (e) {
    message = (e as Error).message;
  }
  const escaped = message.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
  res.writeHead(400, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(expressError(`SyntaxError: ${escaped}<br> &nbsp; &nbsp;at JSON.parse (&lt;anonymous&gt;)<br> &nbsp; &nbsp;at parse (/app/node_modules/body-parser/lib/types/json.js:92:19)<br> &nbsp; &nbsp;at /app/node_modules/body-parser/lib/read.js:128:18`));
}

/**
 * The official TypeScript encryption sample's server (Express, express.json()) over the fake codec: 413 HTML over
 * 100 KB, 400 HTML with a stack trace for bad JSON, 404 HTML off its paths, and a bare 500 "Internal server error"
 * to the whole request when it cannot open any one payload in it. Mounted anywhere, for tests' convenience.
 */
export function typescriptSampleHandler(opts: { keyIds?: readonly string[]; limit?: number } = {}): Handler {
  const limit = opts.limit ?? 102_400;
  return (req, res) => {
    const bytes = Buffer.byteLength(req.body);
    if (bytes > limit) return sendTooLarge(res, bytes, limit);
    const operation = req.path.split('?')[0]!.split('/').pop();
    if (req.method !== 'POST' || (operation !== 'decode' && operation !== 'encode')) {
      res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(expressError(`Cannot ${req.method} ${req.path}`));
      return;
    }
    let body: { payloads: Payload[] };
    try {
      body = JSON.parse(req.body) as { payloads: Payload[] };
    } catch {
      return sendBadJson(res, req.body);
    }
    try {
      const payloads = body.payloads.map((p) => (operation === 'decode' ? fakeOpen(p, opts.keyIds) : fakeEncoded(untext(p.data ?? ''))));
      sendJson(res, 200, { payloads });
    } catch {
      // The sample ends the response without a content type.
      res.writeHead(500);
      res.end('Internal server error');
    }
  };
}
