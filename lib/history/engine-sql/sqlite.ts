import { Prisma } from '@/lib/db/generated/client';
import { ftsMatchExpression } from '../fts-query';
import type { HistoryEngineSql } from './types';

const { sql } = Prisma;

/** History on SQLite: FTS5 (migrations trace_event_search, trace_search_by_run) and JSON1. */
export const sqliteHistorySql: HistoryEngineSql = {
  searchCondition(text) {
    const match = ftsMatchExpression(text);
    // An index rowid is the run's searchKey * 2^24 + seq: the runs that match come straight from the doclists.
    return match === null
      ? null
      : sql`r."searchKey" IN (SELECT "rowid" >> 24 FROM "TraceEventSearch" WHERE "TraceEventSearch" MATCH ${match})`;
  },
  liveAggregates(ids, outOfScopeCode) {
    return sql`
      SELECT "runId",
        COUNT(*) AS "eventCount",
        SUM("type" = 'model.step') AS "stepCount",
        SUM("type" = 'tool.call') AS "toolCallCount",
        SUM("type" = 'tool.result' AND "status" = 'error' AND "errorCode" IS NOT ${outOfScopeCode} AND json_extract("payload", '$.service') IS NOT NULL) AS "errorCount",
        SUM("type" = 'fault.injected') AS "faultCount",
        TOTAL(CASE WHEN "type" = 'model.step' THEN json_extract("payload", '$.usage.inputTokens') END) AS "inputTokens",
        TOTAL(CASE WHEN "type" = 'model.step' THEN json_extract("payload", '$.usage.outputTokens') END) AS "outputTokens",
        TOTAL(CASE WHEN "type" = 'model.step' THEN json_extract("payload", '$.costUsd') END) AS "costUsd",
        MIN(CASE WHEN "type" = 'run.started' THEN "ts" END) AS "startTs",
        MAX("ts") AS "lastTs"
      FROM "TraceEvent" WHERE "runId" IN (${ids}) GROUP BY "runId"`;
  },
};
