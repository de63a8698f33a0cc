import { getDb } from '@/lib/db/client';
import { parseHistoryQuery } from '@/lib/history/history-query';
import { listRunHistory } from '@/lib/history/list-runs';
import { invalidInputResponse } from '@/lib/http/responses';
import type { historyPageSchema } from '@/lib/wire/history';
import type { z } from 'zod';

export const dynamic = 'force-dynamic';

/**
 * GET /api/runs → { runs, nextCursor }: run history, newest first unless sorted otherwise.
 * Filters: status, mode, model, customerId, agent, tool, errorCode, faultKind, batchId,
 * parentRunId (each one or more values), from/to (started in [from, to)), q (free text over
 * reasoning and tool payloads); sort=startedAt|duration|tokens|cost|steps, order=asc|desc;
 * cursor (from the previous page) and limit. lib/history/README.md has the contract.
 */
export async function GET(request: Request): Promise<Response> {
  const parsed = parseHistoryQuery(new URL(request.url).searchParams);
  if (!parsed.success) return invalidInputResponse(parsed.error);
  return Response.json((await listRunHistory(await getDb(), parsed.data)) satisfies z.input<typeof historyPageSchema>);
}
