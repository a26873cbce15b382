// A codec server on 127.0.0.1 for tests and the benchmark: real HTTP, real body limits, scripted answers.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

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
