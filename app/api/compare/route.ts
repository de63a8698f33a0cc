import { z } from 'zod';
import { getDb } from '@/lib/db/client';
import { compareRuns, MAX_ROWS_PAGE } from '@/lib/history/compare-runs';
import { nameUnknownKeys } from '@/lib/history/unknown-keys';
import { invalidInputResponse, notFoundResponse } from '@/lib/http/responses';
import { readQuery } from '@/lib/http/request';
import type { runComparisonSchema } from '@/lib/wire/compare';
import { runIdSchema } from '../runs/[id]/schema';

export const dynamic = 'force-dynamic';

const compareQuerySchema = z
  .object({
    a: runIdSchema,
    b: runIdSchema,
    offset: z.coerce
      .number()
      .int('must be a whole number')
      .min(0, 'must not be negative')
      .max(MAX_ROWS_PAGE)
      .default(0),
    limit: z.coerce
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(MAX_ROWS_PAGE, `must be at most ${MAX_ROWS_PAGE}`)
      .default(MAX_ROWS_PAGE),
  })
  .strict();

/**
 * GET /api/compare?a=<runId>&b=<runId>[&offset=&limit=] → { a, b, comparison }: both runs' history
 * lines and their traces compared (lib/replay/compare: rows aligned step by step, the first
 * divergence, the graph diff). Up to 10,000 events per side; rows in pages (all of them by default).
 */
export async function GET(request: Request): Promise<Response> {
  const query = readQuery(request.url);
  if (!query.ok) return query.response;
  const parsed = compareQuerySchema.safeParse(query.value);
  if (!parsed.success)
    return invalidInputResponse(nameUnknownKeys(parsed.error, Object.keys(compareQuerySchema.shape)));
  const result = await compareRuns(await getDb(), parsed.data);
  return result.ok
    ? Response.json(result.value satisfies z.input<typeof runComparisonSchema>)
    : notFoundResponse(`run ${result.missing}`);
}
