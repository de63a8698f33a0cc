import type { PrismaClient } from '@/lib/db/client';
import { compareTraces } from '@/lib/replay/compare';
import { loadEvents } from '@/lib/trace/event-log';
import type { ComparedSide, RunComparison } from '@/lib/wire/compare';
import type { HistoryRun } from './history-row';
import { historyRows } from './list-runs';

/**
 * Two runs side by side (GET /api/compare): their history lines and lib/replay's comparison of
 * their logs (aligned step by step, first divergence, graph diff). Each side is read up to
 * MAX_COMPARED_EVENTS; the aligned rows come a page at a time.
 */

export const MAX_COMPARED_EVENTS = 10_000;
/** Both sides whole: every row fits in one page. */
export const MAX_ROWS_PAGE = 2 * MAX_COMPARED_EVENTS;

export interface CompareRequest {
  a: string;
  b: string;
  /** First aligned row to send. */
  offset: number;
  /** How many aligned rows to send. */
  limit: number;
}

/** GET /api/compare's answer and its sides, declared once in lib/wire. */
export type { ComparedSide, RunComparison } from '@/lib/wire/compare';

export type CompareResult = { ok: true; value: RunComparison } | { ok: false; missing: string };

export async function compareRuns(db: PrismaClient, request: CompareRequest): Promise<CompareResult> {
  const [lines, eventsA, eventsB] = await Promise.all([
    historyRows(db, [request.a, request.b]),
    loadEvents(db, request.a, { limit: MAX_COMPARED_EVENTS + 1 }),
    loadEvents(db, request.b, { limit: MAX_COMPARED_EVENTS + 1 }),
  ]);
  const runA = lines.find((l) => l.run.id === request.a)?.run;
  const runB = lines.find((l) => l.run.id === request.b)?.run;
  if (!runA) return { ok: false, missing: request.a };
  if (!runB) return { ok: false, missing: request.b };
  const side = (run: HistoryRun, events: unknown[]): ComparedSide => ({
    run,
    events: Math.min(events.length, MAX_COMPARED_EVENTS),
    truncated: events.length > MAX_COMPARED_EVENTS,
  });
  const { rows, ...rest } = compareTraces(eventsA.slice(0, MAX_COMPARED_EVENTS), eventsB.slice(0, MAX_COMPARED_EVENTS));
  const end = Math.min(rows.length, request.offset + request.limit);
  return {
    ok: true,
    value: {
      a: side(runA, eventsA),
      b: side(runB, eventsB),
      comparison: {
        ...rest,
        rows: rows.slice(request.offset, end),
        totalRows: rows.length,
        offset: request.offset,
        nextOffset: end < rows.length ? end : null,
      },
    },
  };
}
