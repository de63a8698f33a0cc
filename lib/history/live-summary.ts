import type { PrismaClient } from '@/lib/db/client';
import { Prisma } from '@/lib/db/generated/client';
import { OUT_OF_SCOPE_CODE, runFinishedDataSchema, runInterruptedDataSchema } from '@/lib/trace/events';
import { historySqlFor } from './engine-sql';
import { toNumber } from './history-sql';

/**
 * The figures of runs still in progress, read from their events. A Run row gets its summary
 * only when the run ends (lib/trace/runs.ts writeRunSummary, from foldRunSummary); until then the
 * history list shows these, aggregated in SQL on the (runId, seq) index so a long run costs one
 * indexed pass rather than loading and parsing its events. Same definitions as foldRunSummary
 * (a test holds them equal on real runs).
 */

/** A run's counts, tokens, cost and duration: what its Run row's summary columns hold. */
export interface RunFigures {
  durationMs: number | null;
  eventCount: number;
  /** Model steps. */
  stepCount: number;
  toolCallCount: number;
  /** Service calls that failed (tool results with status error and a service), but for the guard's refusals (out_of_scope): as foldRunSummary counts them. */
  errorCount: number;
  /** Injected faults that fired. */
  faultCount: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/** durationMs: run.finished's own figure; else from run.started to the latest (or the ending) event. */
export interface LiveSummary extends RunFigures {
  runId: string;
  /** Set when the run's end is recorded but its row not yet updated. */
  end: { status: 'succeeded' | 'failed' | 'interrupted'; outcome: string; ts: number } | null;
}

type Count = number | bigint;

interface AggregateRow {
  runId: string;
  eventCount: Count;
  stepCount: Count | null;
  toolCallCount: Count | null;
  errorCount: Count | null;
  faultCount: Count | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  startTs: number | null;
  lastTs: number | null;
}

interface EndRow {
  runId: string;
  type: string;
  ts: number;
  payload: string;
}

const { sql, join } = Prisma;

function endOf(row: EndRow): { end: NonNullable<LiveSummary['end']>; durationMs: number | null } | null {
  if (row.type === 'run.finished') {
    const data = runFinishedDataSchema.safeParse(JSON.parse(row.payload));
    return data.success
      ? { end: { status: data.data.status, outcome: data.data.outcome, ts: row.ts }, durationMs: data.data.durationMs }
      : null;
  }
  const data = runInterruptedDataSchema.safeParse(JSON.parse(row.payload));
  return data.success
    ? { end: { status: 'interrupted', outcome: data.data.reason, ts: row.ts }, durationMs: null }
    : null;
}

function roundOrNull(value: number | null): number | null {
  return value === null ? null : Math.round(value);
}

export async function liveSummaries(db: PrismaClient, runIds: readonly string[]): Promise<Map<string, LiveSummary>> {
  const out = new Map<string, LiveSummary>();
  if (runIds.length === 0) return out;
  const ids = join([...runIds]);
  const [aggregates, ends] = await Promise.all([
    db.$queryRaw<AggregateRow[]>(historySqlFor(db).liveAggregates(ids, OUT_OF_SCOPE_CODE)),
    // Word for word the predicate of the partial index TraceEvent_run_end_idx (SQLite uses a partial
    // index only when the query's WHERE implies it): one index entry per ended run.
    db.$queryRaw<EndRow[]>(sql`
      SELECT "runId", "type", "ts", "payload" FROM "TraceEvent"
      WHERE "type" IN ('run.finished', 'run.interrupted') AND "runId" IN (${ids})`),
  ]);
  const endByRun = new Map(ends.map((row) => [row.runId, endOf(row)]));
  for (const row of aggregates) {
    const ending = endByRun.get(row.runId) ?? null;
    const elapsed = row.startTs === null || row.lastTs === null ? null : Math.max(0, row.lastTs - row.startTs);
    out.set(row.runId, {
      runId: row.runId,
      eventCount: toNumber(row.eventCount),
      stepCount: toNumber(row.stepCount ?? 0),
      toolCallCount: toNumber(row.toolCallCount ?? 0),
      errorCount: toNumber(row.errorCount ?? 0),
      faultCount: toNumber(row.faultCount ?? 0),
      inputTokens: Math.round(row.inputTokens),
      outputTokens: Math.round(row.outputTokens),
      costUsd: row.costUsd,
      durationMs: roundOrNull(ending?.durationMs ?? elapsed),
      end: ending?.end ?? null,
    });
  }
  return out;
}
