import type { PrismaClient } from '@/lib/db/client';
import { otlpTracesDocumentSchema, type OtlpTracesDocument } from '@/lib/export/otlp-json';
import type { TraceAppender } from '@/lib/trace/recorder';
import { writeRunSummary } from '@/lib/trace/runs';
import { decodeOtlpTraces, OtlpDecodeError } from './otlp-protobuf';
import { GRPC, type OtlpEncoding, type OtlpFailure } from './otlp-status';
import { traceToEvents, type IngestSpan } from './trace-to-events';

/**
 * POST /v1/traces: other agent systems' OTLP traces become runs of ours (source 'otlp'), one per
 * trace id. Exporters send a trace in batches, children before their root (a span is sent when it
 * ends), so spans wait here, per trace, until the root arrives (a span without a parent), and the
 * run is written then, whole; a trace whose root never comes is written after PENDING_TRACE_MAX_MS
 * with what arrived. Spans of a trace already written are rejected (partial success), not merged:
 * the trace log is append-only. Pending spans live in memory: a restart loses traces not yet written.
 */

export const INGEST_LIMITS = {
  /** The request body (server.mjs applies it before Next for this route; the route again). */
  maxBodyBytes: 4 * 1024 * 1024,
  maxSpansPerRequest: 5000,
  maxAttributesPerSpan: 256,
  /** Spans waiting for their root, across traces. */
  maxPendingSpans: 50_000,
} as const;

export const PENDING_TRACE_MAX_MS = 10_000;

export const INGESTED_RUN_PREFIX = 'otlp-';

export type ParsedBody =
  | { ok: true; encoding: OtlpEncoding; doc: OtlpTracesDocument }
  | { ok: false; encoding: OtlpEncoding; failure: OtlpFailure };

const invalid = (message: string, fields: OtlpFailure['fields'] = []): OtlpFailure => ({
  status: 400,
  grpcCode: GRPC.INVALID_ARGUMENT,
  code: 'invalid_otlp',
  message,
  fields,
});

/** Content-Type picks the decoder: application/x-protobuf or application/json (OTLP/HTTP's two). */
export function parseOtlpBody(contentType: string | null, body: Uint8Array): ParsedBody {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const encoding: OtlpEncoding = type === 'application/x-protobuf' ? 'protobuf' : 'json';
  if (type !== 'application/x-protobuf' && type !== 'application/json') {
    return {
      ok: false,
      encoding,
      failure: {
        status: 415,
        grpcCode: GRPC.INVALID_ARGUMENT,
        code: 'unsupported_media_type',
        message: 'Content-Type must be application/x-protobuf or application/json (OTLP/HTTP).',
        fields: [{ path: 'content-type', message: 'must be application/x-protobuf or application/json' }],
      },
    };
  }
  if (body.length > INGEST_LIMITS.maxBodyBytes) {
    return {
      ok: false,
      encoding,
      failure: {
        status: 413,
        grpcCode: GRPC.RESOURCE_EXHAUSTED,
        code: 'payload_too_large',
        message: `The body is over ${INGEST_LIMITS.maxBodyBytes} bytes.`,
        fields: [{ path: 'body', message: `over ${INGEST_LIMITS.maxBodyBytes} bytes` }],
      },
    };
  }
  let raw: unknown;
  try {
    raw =
      encoding === 'protobuf'
        ? decodeOtlpTraces(body)
        : JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch (error) {
    const why = error instanceof OtlpDecodeError ? error.message : 'not valid JSON';
    return {
      ok: false,
      encoding,
      failure: invalid(`The body is not an OTLP ExportTraceServiceRequest: ${why}.`, [{ path: 'body', message: why }]),
    };
  }
  const parsed = otlpTracesDocumentSchema.safeParse(raw);
  if (!parsed.success) {
    const fields = parsed.error.issues
      .slice(0, 20)
      .map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
    return {
      ok: false,
      encoding,
      failure: invalid(
        `The body is not an OTLP ExportTraceServiceRequest: ${fields.map((f) => `${f.path}: ${f.message}`).join('; ')}`,
        fields,
      ),
    };
  }
  const spans = parsed.data.resourceSpans?.flatMap((rs) => rs.scopeSpans?.flatMap((ss) => ss.spans ?? []) ?? []) ?? [];
  if (spans.length > INGEST_LIMITS.maxSpansPerRequest) {
    return {
      ok: false,
      encoding,
      failure: {
        status: 413,
        grpcCode: GRPC.RESOURCE_EXHAUSTED,
        code: 'too_many_spans',
        message: `${spans.length} spans in one request; at most ${INGEST_LIMITS.maxSpansPerRequest}.`,
        fields: [{ path: 'resourceSpans', message: `at most ${INGEST_LIMITS.maxSpansPerRequest} spans per request` }],
      },
    };
  }
  const crowded = spans.find((s) => (s.attributes?.length ?? 0) > INGEST_LIMITS.maxAttributesPerSpan);
  if (crowded)
    return {
      ok: false,
      encoding,
      failure: invalid(
        `Span ${crowded.spanId} has ${crowded.attributes!.length} attributes; at most ${INGEST_LIMITS.maxAttributesPerSpan}.`,
        [
          {
            path: 'resourceSpans.scopeSpans.spans.attributes',
            message: `at most ${INGEST_LIMITS.maxAttributesPerSpan} per span`,
          },
        ],
      ),
    };
  return { ok: true, encoding, doc: parsed.data };
}

export interface IngestDeps {
  db: PrismaClient;
  recorder: TraceAppender;
}

export interface IngestResult {
  accepted: number;
  rejected: number;
  /** Runs written by this request. */
  runIds: string[];
  errorMessage: string;
}

interface Pending {
  spans: Map<string, IngestSpan>;
  timer: ReturnType<typeof setTimeout>;
}

export const ingestedRunId = (traceId: string): string => `${INGESTED_RUN_PREFIX}${traceId.toLowerCase()}`;

export class TraceIngest {
  readonly #pending = new Map<string, Pending>();
  #pendingSpans = 0;
  /** Writes in flight, one after another: two requests finishing one trace do not both write it. */
  #tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: IngestDeps) {}

  get pendingTraces(): number {
    return this.#pending.size;
  }

  async ingest(doc: OtlpTracesDocument): Promise<IngestResult> {
    const incoming = new Map<string, IngestSpan[]>();
    for (const rs of doc.resourceSpans ?? []) {
      const service =
        rs.resource?.attributes?.find((a) => a.key === 'service.name')?.value?.stringValue ?? 'unknown_service';
      for (const ss of rs.scopeSpans ?? []) {
        for (const span of ss.spans ?? []) {
          const traceId = span.traceId.toLowerCase();
          incoming.set(traceId, [...(incoming.get(traceId) ?? []), { span: { ...span, traceId }, service }]);
        }
      }
    }
    const result: IngestResult = { accepted: 0, rejected: 0, runIds: [], errorMessage: '' };
    const reasons = new Set<string>();
    for (const [traceId, spans] of incoming) {
      if (await this.deps.db.run.findUnique({ where: { id: ingestedRunId(traceId) }, select: { id: true } })) {
        result.rejected += spans.length;
        reasons.add(`trace ${traceId} was already recorded as run ${ingestedRunId(traceId)}`);
        continue;
      }
      if (this.#pendingSpans + spans.length > INGEST_LIMITS.maxPendingSpans) {
        result.rejected += spans.length;
        reasons.add(`too many spans are waiting for their traces' roots (${INGEST_LIMITS.maxPendingSpans})`);
        continue;
      }
      const pending = this.#pending.get(traceId) ?? { spans: new Map(), timer: this.#expire(traceId) };
      this.#pending.set(traceId, pending);
      for (const s of spans) {
        if (!pending.spans.has(s.span.spanId)) this.#pendingSpans++;
        pending.spans.set(s.span.spanId, s);
      }
      result.accepted += spans.length;
      if (spans.some((s) => !s.span.parentSpanId)) {
        const runId = await this.#write(traceId);
        if (runId) result.runIds.push(runId);
      }
    }
    result.errorMessage = [...reasons].join('; ');
    return result;
  }

  /** Writes every trace still waiting for its root (shutdown, tests). */
  async flush(): Promise<string[]> {
    const written = await Promise.all([...this.#pending.keys()].map((traceId) => this.#write(traceId)));
    return written.filter((id): id is string => id !== null);
  }

  #expire(traceId: string): ReturnType<typeof setTimeout> {
    const timer = setTimeout(() => {
      this.#write(traceId).catch((error: unknown) =>
        console.error(`[ingest] trace ${traceId} could not be written`, error),
      );
    }, PENDING_TRACE_MAX_MS);
    timer.unref?.();
    return timer;
  }

  #write(traceId: string): Promise<string | null> {
    const pending = this.#pending.get(traceId);
    if (!pending) return Promise.resolve(null);
    this.#pending.delete(traceId);
    clearTimeout(pending.timer);
    this.#pendingSpans -= pending.spans.size;
    const next = this.#tail.then(() => this.#writeRun(traceId, [...pending.spans.values()]));
    this.#tail = next.catch(() => undefined);
    return next;
  }

  async #writeRun(traceId: string, spans: IngestSpan[]): Promise<string> {
    const { db, recorder } = this.deps;
    const runId = ingestedRunId(traceId);
    const run = traceToEvents(spans);
    await db.run.create({
      data: {
        id: runId,
        source: 'otlp',
        mode: 'agents',
        goal: run.goal.slice(0, 2000),
        model: run.model,
        startedAt: new Date(run.startTs),
      },
    });
    // Appended in one turn, in order: the recorder commits them in a batch or a few.
    await Promise.all(run.events.map((event) => recorder.append(runId, event)));
    await writeRunSummary(db, runId);
    return runId;
  }
}
