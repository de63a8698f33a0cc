import type { PrismaClient } from '@/lib/db/client';
import type { TraceEvent } from './events';
import { fromRow } from './rows';

/** Reading the log back: the API, the SSE back-fill and the run summary all read through here. */

/** The columns a stored event is read from (its search columns aside): what every reader of whole events selects. */
export const STORED_EVENT_COLUMNS = {
  runId: true,
  seq: true,
  ts: true,
  type: true,
  spanId: true,
  parentSpanId: true,
  agent: true,
  payload: true,
} as const;

export interface LoadEventsOptions {
  /** Only events with seq greater than this (a reconnecting client's Last-Event-ID). */
  afterSeq?: number;
  /** At most this many (in seq order). */
  limit?: number;
}

/** A run's events in seq order. */
export async function loadEvents(
  db: PrismaClient,
  runId: string,
  options: LoadEventsOptions = {},
): Promise<TraceEvent[]> {
  const rows = await db.traceEvent.findMany({
    where: { runId, ...(options.afterSeq ? { seq: { gt: options.afterSeq } } : {}) },
    orderBy: { seq: 'asc' },
    select: STORED_EVENT_COLUMNS,
    ...(options.limit ? { take: options.limit } : {}),
  });
  return rows.map(fromRow);
}
