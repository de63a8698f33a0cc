import { z } from 'zod';
import { liveExportStatusSchema } from '@/lib/otel/live';

/** GET /api/health's answer. `model` is the registry's report (its shape lives with lib/models). */
export const healthResponseSchema = z
  .object({
    status: z.enum(['ok', 'degraded', 'error']),
    version: z.string(),
    /** Which engine DATABASE_URL names and where it is (password masked), or why it cannot be used. */
    database: z.object({ ok: z.boolean(), engine: z.enum(['sqlite', 'postgresql']).optional(), location: z.string().optional(), error: z.string().optional() }).strict(),
    migrations: z.object({ applied: z.array(z.string()), pending: z.array(z.string()), upToDate: z.boolean() }).strict().optional(),
    model: z.looseObject({ provider: z.string(), label: z.string() }),
    /** The live OTLP export (OTEL_EXPORTER_OTLP_ENDPOINT): off, or its counters. */
    otel: z.object({ export: liveExportStatusSchema }).strict(),
  })
  .strict();
export type HealthResponse = z.infer<typeof healthResponseSchema>;
