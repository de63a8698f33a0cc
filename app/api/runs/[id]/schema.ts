import { z } from 'zod';

/** A run id as the app makes them (cuid or prefix_hex); anything else is a client error, not a lookup. */
export const runIdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'must be a run id');

export const runParamsSchema = z.object({ id: runIdSchema });

/** A stream cursor: the last seq the client has. */
const seqCursor = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** GET /api/runs/:id/events: the id, ?since=N and the Last-Event-ID header (which wins: it is the newer cursor). */
export const runEventsRequestSchema = z
  .object({
    id: runIdSchema,
    since: seqCursor.optional(),
    'Last-Event-ID': seqCursor.optional(),
  })
  .strict();

export interface RouteContext {
  params: Promise<{ id: string }>;
}
