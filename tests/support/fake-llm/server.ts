import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { splitDelta, wireSegments } from './chunking';
import { resolveReply } from './reply';
import type { BadRequest, Chunking, FakeBrain, FakeCall, FakeReply, FakeUsage } from './types';
import type { Wire } from './wire';
import { anthropicWire } from './wire-anthropic';
import { openaiWire } from './wire-openai';

export interface FakeModelServerOptions {
  brain: FakeBrain;
  /** How streamed replies are cut (default `words`). */
  chunking?: Chunking;
  /** 0 (default) lets the OS pick a free port. */
  port?: number;
}

/** A model request the server accepted, with what it answered. */
export type RecordedCall = FakeCall & {
  path: string;
  headers: Record<string, string>;
  /** The request body as sent. */
  body: unknown;
  /** Set once the brain has answered. */
  reply?: FakeReply;
  /** The usage reported to the client (message, refusal and empty replies). */
  usage?: FakeUsage;
};

/** A request answered 4xx by the fake itself (bad JSON, a field the provider would refuse, an unknown path). */
export interface RejectedRequest {
  method: string;
  path: string;
  status: number;
  error: BadRequest;
}

export interface FakeModelServer {
  /** Base URL including /v1: give it to createOpenAI / createOpenAICompatible / createAnthropic as baseURL. */
  url: string;
  port: number;
  requests: RecordedCall[];
  rejected: RejectedRequest[];
  /** Stops listening and destroys every open connection, hanging ones included. */
  close(): Promise<void>;
}

const WIRES: Wire[] = [openaiWire, anthropicWire];
const MAX_BODY_BYTES = 10 * 1024 * 1024;

const wireFor = (path: string) => WIRES.find((w) => path.endsWith(w.pathSuffix));

/** The error shape of the dialect the path names, or OpenAI's (which is also the app's `{ error: { code, message, fields } }`). */
const errorBodyFor = (path: string, status: number, error: BadRequest) =>
  (wireFor(path) ?? openaiWire).errorBody(status, error.message, error.fields);

async function readBody(req: http.IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function headersOf(req: http.IncomingMessage): Record<string, string> {
  return Object.fromEntries(
    Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]),
  );
}

/**
 * A fake language-model server on 127.0.0.1 speaking OpenAI's chat completions API
 * (POST …/chat/completions) and Anthropic's Messages API (POST …/messages), plain and streamed,
 * so the AI SDK's real provider code can be tested with no network. `brain` decides every reply.
 */
export async function startFakeModelServer(options: FakeModelServerOptions): Promise<FakeModelServer> {
  const chunking = options.chunking ?? 'words';
  const requests: RecordedCall[] = [];
  const rejected: RejectedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const reject = (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    path: string,
    status: number,
    error: BadRequest,
  ) => {
    rejected.push({ method: req.method ?? '', path, status, error });
    sendJson(res, status, errorBodyFor(path, status, error));
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // Whatever went wrong, the client gets an answer and the server stays up.
      if (!res.headersSent) sendJson(res, 500, openaiWire.errorBody(500, `fake model server: ${String(error)}`));
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const body = await readBody(req);
    if (body === 'too-large')
      return reject(req, res, path, 413, { message: `the body is over ${MAX_BODY_BYTES} bytes`, fields: [] });
    const wire = wireFor(path);
    if (!wire)
      return reject(req, res, path, 404, {
        message: `no such endpoint: ${path} (POST …/chat/completions or …/messages)`,
        fields: [{ path: 'url', message: 'unknown path' }],
      });
    if (req.method !== 'POST')
      return reject(req, res, path, 405, {
        message: `${req.method} is not allowed here: POST`,
        fields: [{ path: 'method', message: 'must be POST' }],
      });
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      return reject(req, res, path, 400, {
        message: 'the body is not JSON',
        fields: [{ path: '', message: 'not JSON' }],
      });
    }
    const parsed = wire.parse(json);
    if (!parsed.ok) return reject(req, res, path, 400, parsed.error);
    const { includeUsage, ...fields } = parsed.request;
    const call: FakeCall = { dialect: wire.dialect, ...fields, index: requests.length };
    const record: RecordedCall = { ...call, path, headers: headersOf(req), body: json };
    requests.push(record);
    let reply: FakeReply;
    try {
      reply = await options.brain(call);
    } catch (error) {
      sendJson(
        res,
        500,
        wire.errorBody(500, `the fake's brain threw: ${error instanceof Error ? error.message : String(error)}`),
      );
      return;
    }
    record.reply = reply;
    await answer(wire, call, record, reply, res, includeUsage);
  }

  async function answer(
    wire: Wire,
    call: FakeCall,
    record: RecordedCall,
    reply: FakeReply,
    res: http.ServerResponse,
    includeUsage: boolean,
  ): Promise<void> {
    if (res.destroyed) return;
    if (reply.kind === 'http-error') {
      const body = reply.body ?? wire.errorBody(reply.status);
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      res
        .writeHead(reply.status, { 'content-type': 'application/json', ...wire.replyHeaders(call), ...reply.headers })
        .end(text);
      return;
    }
    if (reply.kind === 'hang') return hang(wire, call, record, reply, res, includeUsage);
    const resolved = resolveReply(call, reply, wire.toolCallIdPrefix);
    record.usage = resolved.usage;
    if (!call.stream) {
      sendJson(res, 200, wire.renderJson(call, resolved), wire.replyHeaders(call));
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      ...wire.replyHeaders(call),
    });
    res.socket?.setNoDelay(true);
    const events = wire.renderEvents(call, resolved, (text) => splitDelta(text, chunking), includeUsage);
    for (const segment of wireSegments(events, chunking)) {
      if (res.destroyed) return;
      res.write(segment);
      // A turn of the event loop between writes: each piece leaves in its own write, as a provider's tokens do.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (!res.destroyed) res.end();
  }

  function hang(
    wire: Wire,
    call: FakeCall,
    record: RecordedCall,
    reply: Extract<FakeReply, { kind: 'hang' }>,
    res: http.ServerResponse,
    includeUsage: boolean,
  ): Promise<void> {
    return new Promise<void>((resolve) => {
      // Until the client gives up (an abort signal) or close() destroys the socket.
      if (reply.ms === undefined) {
        res.on('close', () => resolve());
        return;
      }
      const timer = setTimeout(() => {
        timers.delete(timer);
        res.off('close', stop);
        if (reply.then) answer(wire, call, record, reply.then, res, includeUsage).then(resolve, resolve);
        else {
          res.destroy();
          resolve();
        }
      }, reply.ms);
      timers.add(timer);
      const stop = () => {
        timers.delete(timer);
        clearTimeout(timer);
        resolve();
      };
      res.on('close', stop);
    });
  }

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject_) => {
    server.once('error', reject_);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject_);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    rejected,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}
