import { getRunLog } from '@/lib/trace/run-details';
import type { z } from 'zod';
import type { runLogSchema } from '@/lib/wire/runs';
import { runJsonResponse } from '../run-json';
import type { RouteContext } from '../schema';

export const dynamic = 'force-dynamic';

/** GET /api/runs/:id/events.json → { run, events }: the whole log, in seq order. */
export function GET(_request: Request, context: RouteContext): Promise<Response> {
  return runJsonResponse(context, (db, runId): Promise<z.input<typeof runLogSchema> | null> => getRunLog(db, runId));
}
