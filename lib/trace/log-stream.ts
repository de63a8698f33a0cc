import type { PrismaClient } from '@/lib/db/client';
import { STORED_EVENT_COLUMNS } from './event-log';

/**
 * A run's log as NDJSON, one TraceEvent per line in seq order: how the run page loads what is
 * already recorded before it follows the SSE stream from the last seq (components/run/use-run-stream.ts).
 * One response instead of one SSE frame per event, read from the DB a page at a time so the
 * browser parses the first lines while later pages are still being read.
 *
 * Each line is built from the row's columns with `payload` spliced in as it is stored: the
 * recorder wrote it with JSON.stringify after zod had checked the event, and the browser checks
 * every line again, so parsing and re-serialising each payload here (most of the cost of a big
 * log) would only prove what both ends already prove.
 */

export const LOG_CONTENT_TYPE = 'application/x-ndjson; charset=utf-8';

/** Rows per DB read: big enough that the query is a small part of a page, small enough that the first bytes leave early. */
const PAGE_ROWS = 2_000;

// A line is one run's event: the run id is the file's, not each line's.
const { runId: _runId, ...LINE_COLUMNS } = STORED_EVENT_COLUMNS;

interface LineRow {
  seq: number;
  ts: number;
  type: string;
  spanId: string;
  parentSpanId: string | null;
  agent: string | null;
  payload: string;
}

/** One event as a line: the envelope serialised normally, `data` as the stored JSON text. */
export function logLine(runId: string, row: LineRow): string {
  const envelope = JSON.stringify({
    runId,
    seq: row.seq,
    ts: row.ts,
    type: row.type,
    spanId: row.spanId,
    parentSpanId: row.parentSpanId,
    agent: row.agent,
  });
  return `${envelope.slice(0, -1)},"data":${row.payload}}\n`;
}

export interface RunLogOptions {
  runId: string;
  /** Only events with seq greater than this. */
  afterSeq: number;
  pageRows?: number;
  signal?: AbortSignal;
}

/** null when there is no such run. */
export async function openRunLog(db: PrismaClient, options: RunLogOptions): Promise<ReadableStream<Uint8Array> | null> {
  const run = await db.run.findUnique({ where: { id: options.runId }, select: { id: true } });
  if (!run) return null;
  const encoder = new TextEncoder();
  const pageRows = options.pageRows ?? PAGE_ROWS;
  let after = options.afterSeq;
  let done = false;
  return new ReadableStream<Uint8Array>({
    // Pull: the next page is read only once the client has taken the last one.
    async pull(controller) {
      if (done || options.signal?.aborted) {
        controller.close();
        return;
      }
      const rows = await db.traceEvent.findMany({
        where: { runId: options.runId, seq: { gt: after } },
        orderBy: { seq: 'asc' },
        take: pageRows,
        select: LINE_COLUMNS,
      });
      if (rows.length > 0) {
        let text = '';
        for (const row of rows) text += logLine(options.runId, row);
        controller.enqueue(encoder.encode(text));
        after = rows[rows.length - 1].seq;
      }
      // A short page is the end of what is recorded now; the client follows the rest over SSE.
      if (rows.length < pageRows) {
        done = true;
        controller.close();
      }
    },
  });
}
