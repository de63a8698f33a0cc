import { z } from 'zod';
import { getDb } from '@/lib/db/client';
import { parseHistoryQuery, type HistoryFilter } from '@/lib/history/history-query';
import { openHistoryStream } from '@/lib/history/live-stream';
import { fieldErrorResponse, invalidInputResponse } from '@/lib/http/responses';
import { getTraceBus } from '@/lib/trace/bus';
import { SSE_HEADERS } from '@/lib/http/sse-writer';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** A resume point: the id of the last frame the client got (ms). */
const resumePoint = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

type Parsed = { ok: true; filter: HistoryFilter; resumeFrom?: number } | { ok: false; response: Response };

function parse(request: Request): Parsed {
  const params = new URL(request.url).searchParams;
  // Last-Event-ID (what EventSource sends on reconnecting) or ?since=; the rest is the list's query.
  const since = request.headers.get('last-event-id') ?? params.get('since');
  const sinceField = request.headers.has('last-event-id') ? 'Last-Event-ID' : 'since';
  params.delete('since');
  const parsed = parseHistoryQuery(params);
  if (!parsed.success) return { ok: false, response: invalidInputResponse(parsed.error) };
  const { sort: _sort, order: _order, cursor: _cursor, limit: _limit, ...filter } = parsed.data;
  if (since === null || since === '') return { ok: true, filter };
  const resume = resumePoint.safeParse(since);
  if (!resume.success)
    return {
      ok: false,
      response: fieldErrorResponse(sinceField, 'must be the id of a frame this stream sent (milliseconds)'),
    };
  return { ok: true, filter, resumeFrom: resume.data };
}

/**
 * GET /api/runs/live?<the list's filters>: Server-Sent Events for the history list (lib/history
 * README). `ready` { resumed } once subscribed, then `run` frames { change, run, matches } as runs
 * start, progress and end. Resumes after Last-Event-ID (or ?since=); ends after 20 s without a run
 * frame (the browser reconnects and resumes). Sort, order, cursor and limit are accepted and
 * ignored, so a list can pass its own query string.
 */
export async function GET(request: Request): Promise<Response> {
  const parsed = parse(request);
  if (!parsed.ok) return parsed.response;
  const stream = openHistoryStream(
    { db: await getDb(), bus: getTraceBus() },
    { filter: parsed.filter, resumeFrom: parsed.resumeFrom, signal: request.signal },
  );
  return new Response(stream, { headers: SSE_HEADERS });
}

/** HEAD: the headers a GET would answer with, without opening the stream. */
export function HEAD(request: Request): Response {
  const parsed = parse(request);
  return parsed.ok
    ? new Response(null, { headers: SSE_HEADERS })
    : new Response(null, { status: parsed.response.status, headers: parsed.response.headers });
}
