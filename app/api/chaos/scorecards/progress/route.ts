import { z } from 'zod';
import { progressKeySchema, scorecardProgress } from '@/lib/chaos/scorecard-progress';
import { invalidInputResponse, notFoundResponse } from '@/lib/http/responses';
import type { scorecardProgressSchema } from '@/lib/wire/chaos';

export const dynamic = 'force-dynamic';

const query = z.object({ key: progressKeySchema }).strict();

/** GET /api/chaos/scorecards/progress?key= → { done, total, elapsedMs, finished } of a scorecard started with that progressKey. */
export async function GET(request: Request): Promise<Response> {
  const parsed = query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return invalidInputResponse(parsed.error);
  const progress = scorecardProgress(parsed.data.key);
  return progress
    ? Response.json(progress satisfies z.input<typeof scorecardProgressSchema>)
    : notFoundResponse(`Scorecard progress ${parsed.data.key}`);
}
