import { getRunDetails } from '@/lib/trace/run-details';
import type { z } from 'zod';
import type { runDetailsSchema } from '@/lib/wire/runs';
import { runJsonResponse } from './run-json';
import type { RouteContext } from './schema';

export const dynamic = 'force-dynamic';

/** GET /api/runs/:id → { run, spans, graph, summary }, folded from the run's events. */
export function GET(_request: Request, context: RouteContext): Promise<Response> {
  return runJsonResponse(
    context,
    (db, runId): Promise<z.input<typeof runDetailsSchema> | null> => getRunDetails(db, runId),
  );
}
