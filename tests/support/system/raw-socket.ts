import net from 'node:net';

/**
 * HTTP/1.1 over a bare TCP socket, for what no client library will send: `OPTIONS *`, unknown
 * method tokens, a Content-Length the body never reaches, a body that stops half-way.
 */

export interface RawReply {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
  /** The body parsed, when the reply says it is JSON. */
  json: unknown;
}

export interface RawExchange {
  /** Resolves with the first complete response on the connection (rejects if it closes first, or after timeoutMs). */
  reply: Promise<RawReply>;
  /** Writes more bytes; false once the server has answered or the connection is gone. */
  write(bytes: string | Buffer): Promise<boolean>;
  /** Whether a complete response has arrived. */
  answered(): boolean;
  close(): void;
}

/** Opens a connection to 127.0.0.1:port and sends `head` (request line and headers, as given). */
export function rawExchange(port: number, head: string | Buffer, timeoutMs = 30_000): RawExchange {
  const socket = net.connect(port, '127.0.0.1');
  let received = Buffer.alloc(0);
  let done = false;
  const reply = new Promise<RawReply>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new Error(`no complete response within ${timeoutMs} ms; got: ${received.toString('latin1').slice(0, 300)}`),
      );
    }, timeoutMs);
    const finish = (outcome: RawReply | Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const parsed = parseResponse(received, false);
      if (parsed) finish(parsed);
    });
    // A reset after a complete answer is the server closing on a body it did not read: the answer stands.
    socket.on('error', (error) => finish(parseResponse(received, true) ?? error));
    socket.on('close', () =>
      finish(
        parseResponse(received, true) ??
          new Error(`closed without a complete response; got: ${received.toString('latin1').slice(0, 300)}`),
      ),
    );
  });
  reply.catch(() => undefined);
  socket.write(head);
  return {
    reply,
    answered: () => done,
    write: (bytes) =>
      new Promise((resolve) => {
        if (done || socket.destroyed) return resolve(false);
        socket.write(bytes, (error) => resolve(!error && !done));
      }),
    close: () => socket.destroy(),
  };
}

/** One whole request, its response. */
export async function rawRequest(port: number, request: string | Buffer): Promise<RawReply> {
  const exchange = rawExchange(port, request);
  try {
    return await exchange.reply;
  } finally {
    exchange.close();
  }
}

function parseResponse(bytes: Buffer, closed: boolean): RawReply | null {
  const end = bytes.indexOf('\r\n\r\n');
  if (end === -1) return null;
  const [statusLine, ...lines] = bytes.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(statusLine.split(' ')[1]);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rest = bytes.subarray(end + 4);
  let body: Buffer;
  if (status === 204 || status === 304 || status < 200) body = Buffer.alloc(0);
  else if (headers['content-length'] !== undefined) {
    const length = Number(headers['content-length']);
    if (rest.length < length) return null;
    body = rest.subarray(0, length);
  } else if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    const decoded = dechunk(rest);
    if (!decoded) return null;
    body = decoded;
  } else if (closed) body = rest;
  else return null;
  const text = body.toString('utf8');
  let json: unknown;
  if (/^application\/json\b/.test(headers['content-type'] ?? '') && text) json = JSON.parse(text);
  return { status, headers, body: text, json };
}

function dechunk(bytes: Buffer): Buffer | null {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = bytes.indexOf('\r\n', at);
    if (lineEnd === -1) return null;
    const size = parseInt(bytes.subarray(at, lineEnd).toString('latin1'), 16);
    if (size === 0) return Buffer.concat(parts);
    if (bytes.length < lineEnd + 2 + size + 2) return null;
    parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}
