/** GET /api/health's answer, and the live OTLP export's status inside it. Browser-safe. */
import { z } from 'zod';

/** The OTLP/HTTP encodings OTEL_EXPORTER_OTLP_PROTOCOL may name (gRPC is not offered). */
export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json'] as const;
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];

const count = z.number().int().nonnegative();

/** `otel.export`: off, or where spans go and what became of them. */
export const liveExportStatusSchema = z.discriminatedUnion('enabled', [
  z.object({ enabled: z.literal(false) }).strict(),
  z
    .object({
      enabled: z.literal(true),
      /** The /v1/traces URL without credentials or query. */
      endpoint: z.string(),
      protocol: z.enum(OTLP_PROTOCOLS),
      /** Spans handed to the batch processor so far. */
      queued: count,
      /** Waiting in its queue now. */
      inQueue: count,
      /** Accepted by the collector. */
      exported: count,
      /** In exports that failed (collector down, refusing, too slow): lost. */
      failed: count,
      /** Never queued: the queue was full. */
      dropped: count,
    })
    .strict(),
]);
export type LiveExportStatus = z.infer<typeof liveExportStatusSchema>;

/** GET /api/health. `model` is the model registry's report (its full shape lives with lib/models). */
export const healthResponseSchema = z
  .object({
    status: z.enum(['ok', 'degraded', 'error']),
    version: z.string(),
    /** Which engine DATABASE_URL names and where it is (password masked), or why it cannot be used. */
    database: z
      .object({
        ok: z.boolean(),
        engine: z.enum(['sqlite', 'postgresql']).optional(),
        location: z.string().optional(),
        error: z.string().optional(),
      })
      .strict(),
    migrations: z
      .object({ applied: z.array(z.string()), pending: z.array(z.string()), upToDate: z.boolean() })
      .strict()
      .optional(),
    model: z.looseObject({ provider: z.string(), label: z.string() }),
    /** How this instance works runs: its queue, its slots (RUN_CONCURRENCY), what it has done since it started. */
    runs: z
      .object({
        queue: z.enum(['in-process', 'pg-boss']),
        concurrency: count,
        /** Executing here now. */
        executing: count,
        /** Queued in this process for a slot (the in-process queue only). */
        waiting: count,
        /** Begun here from their start, since this instance started. */
        started: count,
        /** Taken up here from their logs after their process stopped (RUN_RECOVERY=resume). */
        resumed: count,
      })
      .strict(),
    /** The live OTLP export (OTEL_EXPORTER_OTLP_ENDPOINT): off, or its counters. */
    otel: z.object({ export: liveExportStatusSchema }).strict(),
  })
  .strict();
export type HealthResponse = z.infer<typeof healthResponseSchema>;
