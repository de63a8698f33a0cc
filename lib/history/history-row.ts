import { Prisma } from '@/lib/db/generated/client';
import type { HistoryRun, HistoryRunStatus } from '@/lib/wire/history';
import type { LiveSummary, RunFigures } from './live-summary';

/** One line of the history list: the wire shape (lib/wire/history.ts), built here from the Run row and live figures. */
export type { HistoryRun };

/** The Run columns a history line reads (r = Run, c = Customer). */
export const HISTORY_COLUMNS = Prisma.sql`r."id", r."status", r."outcome", r."mode", r."source", r."model", r."goal", r."customerId", c."name" AS "customerName",
  r."orderId", r."batchId", r."parentRunId", r."forkedAtSeq", r."startedAt", r."finishedAt", r."durationMs", r."eventCount", r."stepCount",
  r."toolCallCount", r."errorCount", r."faultCount", r."inputTokens", r."outputTokens", r."costUsd"`;

export const HISTORY_FROM = Prisma.sql`FROM "Run" r LEFT JOIN "Customer" c ON c."id" = r."customerId"`;

/** A row as $queryRaw returns HISTORY_COLUMNS (DateTime columns come back as Date). */
export type HistoryDbRow = Omit<
  HistoryRun,
  'status' | 'startedAt' | 'finishedAt' | 'faultKinds' | 'blockedCount' | 'tokens'
> & {
  status: string;
  startedAt: Date | string;
  finishedAt: Date | string | null;
};

function iso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

function runStatus(status: string): HistoryRunStatus {
  return status === 'succeeded' || status === 'failed' || status === 'interrupted' ? status : 'running';
}

function figuresOf(source: RunFigures): RunFigures & { tokens: number } {
  const {
    durationMs,
    eventCount,
    stepCount,
    toolCallCount,
    errorCount,
    faultCount,
    inputTokens,
    outputTokens,
    costUsd,
  } = source;
  return {
    durationMs,
    eventCount,
    stepCount,
    toolCallCount,
    errorCount,
    faultCount,
    inputTokens,
    outputTokens,
    costUsd,
    tokens: inputTokens + outputTokens,
  };
}

/**
 * The line for a stored row. A run still marked running has no summary in its row yet (it is
 * written at the end): its figures come from its events instead (live), as do its status and
 * outcome if its end was recorded a moment ago.
 */
export function toHistoryRun(
  row: HistoryDbRow,
  faultKinds: string[],
  live?: LiveSummary,
  blockedCount = 0,
): HistoryRun {
  const {
    id,
    outcome,
    mode,
    source,
    model,
    goal,
    customerId,
    customerName,
    orderId,
    batchId,
    parentRunId,
    forkedAtSeq,
  } = row;
  const base: HistoryRun = {
    id,
    status: runStatus(row.status),
    outcome,
    mode,
    source,
    model,
    goal,
    customerId,
    customerName,
    orderId,
    batchId,
    parentRunId,
    forkedAtSeq,
    startedAt: iso(row.startedAt),
    finishedAt: row.finishedAt === null ? null : iso(row.finishedAt),
    faultKinds,
    blockedCount,
    ...figuresOf(row),
  };
  if (!live || base.status !== 'running') return base;
  const end = live.end
    ? { status: live.end.status, outcome: live.end.outcome, finishedAt: new Date(live.end.ts).toISOString() }
    : {};
  return { ...base, ...end, ...figuresOf(live) };
}
