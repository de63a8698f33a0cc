import { Prisma } from '@/lib/db/generated/client';
import type { HistoryRunStatus } from './history-options';
import type { LiveSummary, RunFigures } from './live-summary';

/**
 * One line of the history list, as GET /api/runs and the live stream send it. A superset of the
 * recent-runs line the first /runs page used (lib/store/run-list.ts RunListItem), so that page
 * keeps working on it. The figures (RunFigures) are the Run row's summary, or live ones while the
 * run is in progress; `durationMs` of a running run is the time from its start to its latest event.
 */
export interface HistoryRun extends RunFigures {
  id: string;
  status: HistoryRunStatus;
  outcome: string;
  mode: string;
  /** local, or otlp: another agent system's trace, ingested at POST /v1/traces. */
  source: string;
  model: string;
  goal: string;
  customerId: string | null;
  customerName: string | null;
  orderId: string | null;
  batchId: string | null;
  /** The run this one was re-run or forked from, and the seq it was forked at. */
  parentRunId: string | null;
  forkedAtSeq: number | null;
  startedAt: string;
  finishedAt: string | null;
  /** The kinds of the injected faults that fired (faultCount counts them). */
  faultKinds: string[];
  /** Calls the guard refused (guard.blocked): apart from errorCount, which counts the services' failures. */
  blockedCount: number;
  /** inputTokens + outputTokens. */
  tokens: number;
}

/** The Run columns a history line reads (r = Run, c = Customer). */
export const HISTORY_COLUMNS = Prisma.sql`r."id", r."status", r."outcome", r."mode", r."source", r."model", r."goal", r."customerId", c."name" AS "customerName",
  r."orderId", r."batchId", r."parentRunId", r."forkedAtSeq", r."startedAt", r."finishedAt", r."durationMs", r."eventCount", r."stepCount",
  r."toolCallCount", r."errorCount", r."faultCount", r."inputTokens", r."outputTokens", r."costUsd"`;

export const HISTORY_FROM = Prisma.sql`FROM "Run" r LEFT JOIN "Customer" c ON c."id" = r."customerId"`;

/** A row as $queryRaw returns HISTORY_COLUMNS (DateTime columns come back as Date). */
export type HistoryDbRow = Omit<HistoryRun, 'status' | 'startedAt' | 'finishedAt' | 'faultKinds' | 'blockedCount' | 'tokens'> & {
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
  const { durationMs, eventCount, stepCount, toolCallCount, errorCount, faultCount, inputTokens, outputTokens, costUsd } = source;
  return { durationMs, eventCount, stepCount, toolCallCount, errorCount, faultCount, inputTokens, outputTokens, costUsd, tokens: inputTokens + outputTokens };
}

/**
 * The line for a stored row. A run still marked running has no summary in its row yet (it is
 * written at the end): its figures come from its events instead (live), as do its status and
 * outcome if its end was recorded a moment ago.
 */
export function toHistoryRun(row: HistoryDbRow, faultKinds: string[], live?: LiveSummary, blockedCount = 0): HistoryRun {
  const { id, outcome, mode, source, model, goal, customerId, customerName, orderId, batchId, parentRunId, forkedAtSeq } = row;
  const base: HistoryRun = {
    id, status: runStatus(row.status), outcome, mode, source, model, goal, customerId, customerName, orderId, batchId, parentRunId, forkedAtSeq,
    startedAt: iso(row.startedAt),
    finishedAt: row.finishedAt === null ? null : iso(row.finishedAt),
    faultKinds,
    blockedCount,
    ...figuresOf(row),
  };
  if (!live || base.status !== 'running') return base;
  const end = live.end ? { status: live.end.status, outcome: live.end.outcome, finishedAt: new Date(live.end.ts).toISOString() } : {};
  return { ...base, ...end, ...figuresOf(live) };
}
