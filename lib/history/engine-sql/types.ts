import type { Prisma } from '@/lib/db/generated/client';

/** The history SQL that differs per engine; every other fragment (history-sql.ts) is plain SQL both run. */
export interface HistoryEngineSql {
  /** Runs (alias r) with an event whose text matches the search text; null when it searches for nothing. */
  searchCondition(text: string): Prisma.Sql | null;
  /**
   * Per run of `ids`: eventCount, stepCount, toolCallCount, errorCount, faultCount, inputTokens,
   * outputTokens, costUsd, startTs, lastTs (lib/history/live-summary.ts AggregateRow).
   */
  liveAggregates(ids: Prisma.Sql, outOfScopeCode: string): Prisma.Sql;
}
