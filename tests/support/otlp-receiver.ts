import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { otlpTracesDocumentSchema, type OtlpSpan, type OtlpTracesDocument } from '@/lib/export/otlp-json';
import { decodeOtlpTraces } from '@/lib/ingest/otlp-protobuf';

/**
 * A real OTLP/HTTP trace receiver for tests: POST /v1/traces on 127.0.0.1 (a port of its own),
 * decoding protobuf or JSON by Content-Type, as a collector does, and answering 200 with an empty
 * ExportTraceServiceResponse. `hang` makes it a collector that never answers.
 */

export interface ReceivedRequest {
  contentType: string;
  headers: IncomingMessage['headers'];
  doc: OtlpTracesDocument;
}

export interface OtlpReceiver {
  url: string;
  requests: ReceivedRequest[];
  spans(): OtlpSpan[];
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startOtlpReceiver(options: { hang?: boolean } = {}): Promise<OtlpReceiver> {
  const requests: ReceivedRequest[] = [];
  const server: Server = createServer((req, res) => void answer(req, res));
  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const bytes = await body(req);
    if (options.hang) return; // never answers
    const contentType = req.headers['content-type'] ?? '';
    try {
      const doc = contentType.startsWith('application/x-protobuf')
        ? decodeOtlpTraces(bytes)
        : otlpTracesDocumentSchema.parse(JSON.parse(bytes.toString('utf8')));
      requests.push({ contentType, headers: req.headers, doc });
      res.writeHead(200, {
        'Content-Type': contentType.startsWith('application/x-protobuf')
          ? 'application/x-protobuf'
          : 'application/json',
      });
      res.end(contentType.startsWith('application/x-protobuf') ? Buffer.alloc(0) : '{}');
    } catch (error) {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ code: 3, message: String(error) }));
    }
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/traces`,
    requests,
    spans: () =>
      requests.flatMap((r) =>
        (r.doc.resourceSpans ?? []).flatMap((rs) => (rs.scopeSpans ?? []).flatMap((ss) => ss.spans ?? [])),
      ),
    // Idempotent: a test may close it early (the collector goes away) and cleanup close it again.
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        if (server.listening) server.close(() => resolve());
        else resolve();
      }),
  };
}

/** A URL where nothing listens: a port that was free a moment ago. */
export async function deadOtlpUrl(): Promise<string> {
  const receiver = await startOtlpReceiver();
  await receiver.close();
  return receiver.url;
}
