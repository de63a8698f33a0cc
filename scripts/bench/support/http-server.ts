import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';

/**
 * A fetch-style handler (what a Next route handler is) behind a real node:http server on 127.0.0.1
 * and an ephemeral port: the SSE tests and the bench go through real sockets with it. A client that
 * disconnects aborts the Request's signal, as it does under `next start`.
 */

export type FetchHandler = (request: Request) => Promise<Response>;

export interface ServedHandler {
  url: string;
  close(): Promise<void>;
}

export async function serveHandler(handler: FetchHandler): Promise<ServedHandler> {
  const server = http.createServer({ noDelay: true }, (req, res) => void respond(handler, req, res));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

async function respond(handler: FetchHandler, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const aborted = new AbortController();
  res.on('close', () => aborted.abort());
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  try {
    const request = new Request(`http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`, {
      method: req.method,
      headers,
      signal: aborted.signal,
      ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: 'half' } : {}),
    } as RequestInit);
    const response = await handler(request);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.flushHeaders();
    if (response.body) {
      const reader = response.body.getReader();
      res.on('close', () => void reader.cancel().catch(() => undefined));
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        res.write(value);
      }
    }
    res.end();
  } catch (error) {
    if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({ error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } }),
    );
  }
}
