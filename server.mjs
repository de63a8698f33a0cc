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

/**
 * Requests Next cannot represent answer here, in the one error shape, instead of as Next's 500:
 * methods the Fetch API refuses to construct, and paths whose percent-encoding does not decode.
 */
function unservable(req) {
  if (FETCH_FORBIDDEN_METHODS.has(req.method)) {
    return { status: 405, code: 'method_not_allowed', message: `${req.method} is not supported.`, field: { path: 'method', message: 'not supported' } };
  }
  const pathname = (req.url ?? '/').split('?')[0];
  try {
    decodeURIComponent(pathname);
  } catch {
    return { status: 400, code: 'invalid_input', message: 'Invalid input: path: malformed percent-encoding', field: { path: 'path', message: 'malformed percent-encoding' } };
  }
  return null;
}
const FETCH_FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

function sendError(res, { status, code, message, field }) {
  res.writeHead(status, { 'content-type': 'application/json', ...(status === 405 ? { allow: 'GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE' } : {}) });
  res.end(JSON.stringify({ error: { code, message, fields: field ? [field] : [] } }));
}

const server = http.createServer((req, res) => {
  // Overwrite, never append: the only trustworthy source of the caller's address is the socket.
  delete req.headers[REMOTE_ADDRESS_HEADER];
  req.headers[REMOTE_ADDRESS_HEADER] = req.socket.remoteAddress ?? '';
  const refusal = unservable(req);
  if (refusal) {
    // Drain what the client sends, so that a keep-alive connection stays usable.
    req.resume();
    sendError(res, refusal);
    return;
  }
  handle(req, res).catch((error) => {
    console.error(`server.mjs: unhandled error for ${req.method} ${req.url}`, error);
    if (!res.headersSent) {
      sendError(res, { status: 500, code: 'internal_error', message: 'Internal server error' });
    } else {
      res.destroy();
    }
  });
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
