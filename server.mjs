// The app's HTTP server: Next's request handler behind a plain node:http server, so that the
// caller's address comes from the socket. Next keeps a client-sent X-Forwarded-For, so the access
// gate (proxy.ts, lib/http/access.ts) reads x-aco-remote-address instead, which only this file
// writes: any copy the client sent is dropped first.
//
//   node server.mjs [-H|--hostname HOST] [-p|--port PORT] [--dev]
//
// Defaults: HOSTNAME 0.0.0.0, PORT env or 3000. Plain ESM JavaScript: it runs before any build.
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import {
  bodyTimedOut,
  bodyTimeoutMs,
  clientErrorReply,
  declaredSizeRefusal,
  errorJson,
  hasBody,
  maxBodyBytesFor,
  methodRefusal,
  targetReply,
  tooLarge,
  urlRefusal,
} from './lib/http/edge.mjs';

// Started directly too (the system tests do): never phone home from a machine that cannot.
process.env.NEXT_TELEMETRY_DISABLED ??= '1';

const REMOTE_ADDRESS_HEADER = 'x-aco-remote-address';

function parseArgs(argv) {
  const options = { hostname: '0.0.0.0', port: Number(process.env.PORT ?? 3000), dev: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--dev') options.dev = true;
    else if (arg === '-H' || arg === '--hostname') options.hostname = argv[++i];
    else if (arg === '-p' || arg === '--port') options.port = Number(argv[++i]);
    else throw new Error(`server.mjs: unknown argument "${arg}"`);
  }
  if (!options.hostname) throw new Error('server.mjs: --hostname needs a value');
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw new Error(`server.mjs: --port must be 0..65535, got "${options.port}"`);
  }
  return options;
}

const startedAt = Date.now();
const options = parseArgs(process.argv.slice(2));
process.env.NODE_ENV ??= options.dev ? 'development' : 'production';
// Imported after NODE_ENV is settled: Next reads it when it loads.
const { default: next } = await import('next');

const dir = path.dirname(fileURLToPath(import.meta.url));
const { version: nextVersion } = createRequire(import.meta.url)('next/package.json');
const app = next({ dev: options.dev, dir, hostname: options.hostname, port: options.port });
const handle = app.getRequestHandler();

const bodyTimeout = bodyTimeoutMs(process.env);

/** How long a closing connection keeps reading (and discarding) what the client still sends. */
const LINGER_MS = 2_000;

/**
 * An answer in the one error shape (or OPTIONS *'s 204). `close` when the request's body was not
 * read: the connection closes after the answer, in stages (RFC 9112 §9.6): our side first, then
 * reading and discarding what the client is still sending for a moment, so that closing with unread
 * bytes does not reset the connection and destroy the answer before the client reads it.
 */
function reply(res, answer, { close = false } = {}) {
  if (close) {
    const socket = res.socket;
    if (socket) {
      socket.destroySoon = function lingeringClose() {
        this.end();
        this.resume();
        setTimeout(() => this.destroy(), LINGER_MS).unref();
      };
    }
  }
  const headers = { ...answer.headers, ...(close ? { connection: 'close' } : {}) };
  if (answer.status === 204) {
    res.writeHead(204, headers);
    res.end();
    return;
  }
  const body = errorJson(answer);
  res.writeHead(answer.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

/**
 * Whatever can be refused from the request line and headers alone: a target that is not a path,
 * unknown methods (and known ones an API route does not export), undecodable paths and queries,
 * a declared body over the limit. Nothing of the body has been read.
 */
function refuseEarly(req) {
  const url = req.url ?? '/';
  const target = targetReply(req.method, url);
  if (target) return target;
  const pathname = url.split('?')[0];
  return (
    methodRefusal(req.method, pathname) ??
    urlRefusal(url) ??
    declaredSizeRefusal(req.headers, maxBodyBytesFor(pathname))
  );
}

/**
 * Reads the body here, whole, before Next sees the request: at most its route's limit (MAX_BODY_BYTES,
 * or ROUTE_MAX_BODY_BYTES: POST /v1/traces takes 4 MiB; 413 the moment it
 * is more, chunked or not), within BODY_TIMEOUT_MS (408 when the client stalls). Next would otherwise
 * buffer up to 10 MB for proxy.ts and wait for every announced byte, answering nothing meanwhile.
 */
function readBody(req, res, onBody) {
  const maxBytes = maxBodyBytesFor((req.url ?? '').split('?')[0]);
  const chunks = [];
  let size = 0;
  let settled = false;
  const settle = (answer) => {
    settled = true;
    clearTimeout(timer);
    req.removeListener('data', onData);
    if (answer) {
      // The rest of the body is not wanted: discarded as it comes, and the connection closes after the answer.
      req.resume();
      if (!res.headersSent) reply(res, answer, { close: true });
    }
  };
  const onData = (chunk) => {
    size += chunk.length;
    if (size > maxBytes) settle(tooLarge(maxBytes));
    else chunks.push(chunk);
  };
  const timer = setTimeout(() => settle(bodyTimedOut(bodyTimeout)), bodyTimeout);
  req.on('data', onData);
  req.once('end', () => {
    if (settled) return;
    settle(null);
    onBody(Buffer.concat(chunks));
  });
  req.once('error', () => settle(null));
  req.once('close', () => {
    if (!settled) settle(null);
  });
}

/** The request again, its body now in memory: what Next reads instead of the socket. */
function withBody(req, body) {
  const copy = new http.IncomingMessage(req.socket);
  copy.method = req.method;
  copy.url = req.url;
  copy.httpVersion = req.httpVersion;
  copy.httpVersionMajor = req.httpVersionMajor;
  copy.httpVersionMinor = req.httpVersionMinor;
  const { 'transfer-encoding': _chunked, ...headers } = req.headers;
  copy.headers = { ...headers, 'content-length': String(body.length) };
  copy.rawHeaders = Object.entries(copy.headers).flatMap(([name, value]) => [name, String(value)]);
  copy.trailers = req.trailers;
  copy.complete = true;
  copy.push(body);
  copy.push(null);
  return copy;
}

function serve(req, res) {
  // Overwrite, never append: the only trustworthy source of the caller's address is the socket.
  delete req.headers[REMOTE_ADDRESS_HEADER];
  req.headers[REMOTE_ADDRESS_HEADER] = req.socket.remoteAddress ?? '';
  const early = refuseEarly(req);
  if (early) {
    // A body announced but not read closes the connection: what follows on it would be read as a request.
    reply(res, early, { close: hasBody(req.headers) });
    return;
  }
  if (!hasBody(req.headers)) {
    handOver(req, res);
    return;
  }
  readBody(req, res, (body) => handOver(withBody(req, body), res));
}

function handOver(req, res) {
  handle(req, res).catch((error) => {
    console.error(`server.mjs: unhandled error for ${req.method} ${req.url}`, error);
    if (!res.headersSent) {
      reply(res, { status: 500, code: 'internal_error', message: 'Internal server error', fields: [], headers: {} });
    } else {
      res.destroy();
    }
  });
}

const server = http.createServer(serve);
// Idle keep-alive sockets stay open longer than clients keep theirs (Node's default is 5 s): a client
// reusing a socket the server is closing at that very moment gets ECONNRESET on a request that never
// reached us (seen in the browser tests' teardown on a busy machine; load balancers use 60 s for this).
server.keepAliveTimeout = 65_000;
// Expect: 100-continue: refuse (413, 405…) before inviting the body; otherwise invite it.
server.on('checkContinue', (req, res) => {
  if (!refuseEarly(req)) res.writeContinue();
  serve(req, res);
});
// Bytes Node's parser refuses (an unknown method token, headers over 16 KiB, a bad Content-Length,
// a header timeout): an answer in the one shape instead of Node's bare 400, then the connection closes.
server.on('clientError', (error, socket) => {
  // Mid-response (a pipelined request broke after an answer began): no second status line.
  if (!socket.writable || error.code === 'ECONNRESET' || socket._httpMessage?.headersSent) {
    socket.destroy();
    return;
  }
  const answer = clientErrorReply(error.code);
  const body = errorJson(answer);
  const extra = Object.entries(answer.headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  socket.end(
    `HTTP/1.1 ${answer.status} ${http.STATUS_CODES[answer.status]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${extra}connection: close\r\n\r\n${body}`,
  );
});
// CONNECT never reaches the request handler: it would tunnel. Not here.
server.on('connect', (req, socket) => {
  const answer = methodRefusal('CONNECT', '/');
  const body = errorJson(answer);
  socket.end(
    `HTTP/1.1 405 Method Not Allowed\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nallow: ${answer.headers.allow}\r\nconnection: close\r\n\r\n${body}`,
  );
});

// Next runs instrumentation.ts (migrations, seed, crash recovery) before it answers the first request.
await app.prepare();
server.on('error', (error) => {
  console.error('server.mjs: failed to start the server', error);
  process.exit(1);
});
server.listen(options.port, options.hostname);
server.on('listening', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const local = options.hostname === '0.0.0.0' || options.hostname === '::' ? 'localhost' : options.hostname;
  const shown = local.includes(':') ? `[${local}]` : local;
  console.log(`   ▲ Next.js ${nextVersion} (server.mjs${options.dev ? ', dev' : ''})`);
  console.log(`   - Local:        http://${shown}:${port}`);
  if (local !== options.hostname) console.log(`   - Network:      http://${options.hostname}:${port}`);
  console.log(` ✓ Ready in ${Date.now() - startedAt}ms`);
});

let closing = false;
function shutdown(signal) {
  if (closing) return;
  closing = true;
  // Live SSE streams would hold server.close() open for ever: close them too.
  server.close(() => {
    void app.close().finally(() => process.exit(0));
  });
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 5_000).unref();
  console.log(`server.mjs: ${signal}, shutting down`);
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
