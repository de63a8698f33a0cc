import { Prisma } from '@/lib/db/generated/client';
import { searchTerms, type SearchTerm } from '../fts-query';
import type { HistoryEngineSql } from './types';

const { sql } = Prisma;

/**
 * A term as tsquery text: its words (split where the index splits them: anything but a letter or
 * digit, lower-cased as 'simple' does) quoted as lexemes and chained with <-> (in this order, next
 * to each other), the last one a prefix (:*) when asked. Quoted, nothing in the input is an operator.
 */
function tsqueryTerm({ text, prefix }: SearchTerm): string | null {
  const words = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
  if (words.length === 0) return null;
  const lexemes = words.map((word) => `'${word.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`);
  if (prefix) lexemes[lexemes.length - 1] += ':*';
  return lexemes.length === 1 ? lexemes[0] : `(${lexemes.join(' <-> ')})`;
}

/** The search text as a tsquery: every term in one event (&), as the SQLite index's MATCH asks. */
export function tsqueryText(text: string): string | null {
  const terms = searchTerms(text).flatMap((term) => tsqueryTerm(term) ?? []);
  return terms.length > 0 ? terms.join(' & ') : null;
}

/** A payload as jsonb (a NUL escape cannot be one: dropped, as the search document does). */
const payloadJson = sql`replace("payload", '\\u0000', '')::jsonb`;

/** History on PostgreSQL: tsvector + GIN (prisma/postgresql migration trace_search) and jsonb. */
export const postgresHistorySql: HistoryEngineSql = {
  searchCondition(text) {
    const query = tsqueryText(text);
    return query === null
      ? null
      : sql`r."id" IN (SELECT s."runId" FROM "TraceEventSearch" s WHERE s."document" @@ to_tsquery('simple', ${query}))`;
  },
  liveAggregates(ids, outOfScopeCode) {
    return sql`
      SELECT "runId",
        COUNT(*) AS "eventCount",
        COUNT(*) FILTER (WHERE "type" = 'model.step') AS "stepCount",
        COUNT(*) FILTER (WHERE "type" = 'tool.call') AS "toolCallCount",
        COUNT(*) FILTER (WHERE "type" = 'tool.result' AND "status" = 'error' AND "errorCode" IS DISTINCT FROM ${outOfScopeCode} AND (${payloadJson} ->> 'service') IS NOT NULL) AS "errorCount",
        COUNT(*) FILTER (WHERE "type" = 'fault.injected') AS "faultCount",
        COALESCE(SUM((${payloadJson} #>> '{usage,inputTokens}')::float8) FILTER (WHERE "type" = 'model.step'), 0) AS "inputTokens",
        COALESCE(SUM((${payloadJson} #>> '{usage,outputTokens}')::float8) FILTER (WHERE "type" = 'model.step'), 0) AS "outputTokens",
        COALESCE(SUM((${payloadJson} ->> 'costUsd')::float8) FILTER (WHERE "type" = 'model.step'), 0) AS "costUsd",
        MIN(CASE WHEN "type" = 'run.started' THEN "ts" END) AS "startTs",
        MAX("ts") AS "lastTs"
      FROM "TraceEvent" WHERE "runId" IN (${ids}) GROUP BY "runId"`;
  },
};

/**
 * Per run of `runIds`, its events that match the search text (the first `limit`, in order) with the
 * text they were matched on and how many match in all: the rows a history page's snippets are made
 * from (lib/history/search-matches.ts). The text is the search document's, before tokenizing.
 */
export function postgresMatchedSteps(runIds: readonly string[], text: string, limit: number): Prisma.Sql | null {
  const query = tsqueryText(text);
  if (query === null || runIds.length === 0) return null;
  return sql`
    SELECT "runId", "seq", "type", "agent", "spanId", "body", "total" FROM (
      SELECT e."runId", e."seq", e."type", e."agent", e."spanId",
        CASE e."type"
          WHEN 'model.step' THEN concat_ws(' ', p->>'reasoning', p->>'text', p->>'toolCalls')
          WHEN 'tool.call' THEN concat_ws(' ', e."toolName", p->>'input')
          WHEN 'tool.result' THEN concat_ws(' ', e."toolName", p->>'output', p->>'error')
          WHEN 'message.sent' THEN concat_ws(' ', p->>'text', p->>'data')
        END AS "body",
        ROW_NUMBER() OVER (PARTITION BY e."runId" ORDER BY e."seq") AS "n",
        COUNT(*) OVER (PARTITION BY e."runId") AS "total"
      FROM "TraceEventSearch" s
      JOIN "TraceEvent" e ON e."id" = s."eventId"
      CROSS JOIN LATERAL (SELECT replace(e."payload", '\\u0000', '')::jsonb AS p) AS parsed
      WHERE s."runId" IN (${Prisma.join([...runIds])}) AND s."document" @@ to_tsquery('simple', ${query})
    ) AS matched
    WHERE "n" <= ${limit}
    ORDER BY "runId", "seq"`;
}
