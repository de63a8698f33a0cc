import { getDb } from '@/lib/db/client';
import { invalidInputResponse, notFoundResponse } from '@/lib/http/responses';
import { readQuery } from '@/lib/http/request';
import { LOG_CONTENT_TYPE, openRunLog } from '@/lib/trace/log-stream';
import { runEventsRequestSchema, type RouteContext } from '../schema';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * GET /api/runs/:id/events.ndjson[?since=N]: the events recorded so far after seq N (or all), one
 * JSON TraceEvent per line in seq order. The run page loads a run with it in one response, then
 * follows /events (SSE) from the last seq it got.
 */
export async function GET(request: Request, context: RouteContext): Promise<Response> {
  const query = readQuery(request.url);
  if (!query.ok) return query.response;
  const parsed = runEventsRequestSchema.safeParse({ ...query.value, id: (await context.params).id });
  if (!parsed.success) return invalidInputResponse(parsed.error);
  const { id, since } = parsed.data;
  const stream = await openRunLog(await getDb(), { runId: id, afterSeq: since ?? 0, signal: request.signal });
  return stream
    ? new Response(stream, { headers: { 'Content-Type': LOG_CONTENT_TYPE, 'Cache-Control': 'no-store' } })
    : notFoundResponse(`run ${id}`);
}
