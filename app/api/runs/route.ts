import { getDb } from '@/lib/db/client';
import { listRecentRuns, runListQuerySchema } from '@/lib/store/run-list';
import { invalidInputResponse } from '@/lib/http/responses';
import { searchParamsObject } from '@/lib/store/http-errors';

export const dynamic = 'force-dynamic';

/** GET /api/runs?limit= → { runs }, newest first. */
export async function GET(request: Request): Promise<Response> {
  const parsed = runListQuerySchema.safeParse(searchParamsObject(request.url));
  if (!parsed.success) return invalidInputResponse(parsed.error);
  return Response.json({ runs: await listRecentRuns(await getDb(), parsed.data) });
}
