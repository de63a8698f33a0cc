import { getDb } from '@/lib/db/client';
import { invalidInputResponse, notFoundResponse } from '@/lib/http/responses';
import { readQuery } from '@/lib/http/request';
import { getTraceBus } from '@/lib/trace/bus';
import { getLiveTextHub } from '@/lib/trace/live-text';
import { SSE_HEADERS } from '@/lib/http/sse-writer';
import { openRunStream } from '@/lib/trace/sse';
import { runEventsRequestSchema, type RouteContext } from '../schema';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * GET /api/runs/:id/events: the run's events as Server-Sent Events, from after Last-Event-ID (or
 * ?since=N, or the start), live until the run ends; reconnect-safe (no gap, no duplicate).
 */
export async function GET(request: Request, context: RouteContext): Promise<Response> {
  const lastEventId = request.headers.get('last-event-id');
  const query = readQuery(request.url);
  if (!query.ok) return query.response;
  const parsed = runEventsRequestSchema.safeParse({
    ...query.value,
    id: (await context.params).id,
    ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}),
  });
  if (!parsed.success) return invalidInputResponse(parsed.error);
  const { id, since, 'Last-Event-ID': resumeAfter } = parsed.data;
  const stream = await openRunStream(
    { db: await getDb(), bus: getTraceBus(), liveText: getLiveTextHub() },
    { runId: id, afterSeq: resumeAfter ?? since ?? 0, signal: request.signal },
  );
  return stream ? new Response(stream, { headers: SSE_HEADERS }) : notFoundResponse(`run ${id}`);
}
