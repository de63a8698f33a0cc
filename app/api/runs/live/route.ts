import { getDb } from '@/lib/db/client';
import { parseHistoryQuery } from '@/lib/history/history-query';
import { openHistoryStream } from '@/lib/history/live-stream';
import { invalidInputResponse } from '@/lib/http/responses';
import { getTraceBus } from '@/lib/trace/bus';
import { SSE_HEADERS } from '@/lib/trace/sse';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * GET /api/runs/live?<the list's filters>: Server-Sent Events for the history list. `ready` once
 * subscribed (load or reload the page then), then `run` frames { change, run, matches } as runs
 * start, progress and end. Sort, order, cursor and limit are accepted and ignored, so a list can
 * pass its own query string.
 */
export async function GET(request: Request): Promise<Response> {
  const parsed = parseHistoryQuery(new URL(request.url).searchParams);
  if (!parsed.success) return invalidInputResponse(parsed.error);
  const { sort: _sort, order: _order, cursor: _cursor, limit: _limit, ...filter } = parsed.data;
  const stream = openHistoryStream({ db: await getDb(), bus: getTraceBus() }, { filter, signal: request.signal });
  return new Response(stream, { headers: SSE_HEADERS });
}
