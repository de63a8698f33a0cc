import { Prisma } from '@/lib/db/generated/client';
import type { HistoryCursor } from './cursor';
import type { HistoryEngineSql } from './engine-sql';
import type { HistorySort, SortOrder } from './history-options';
import type { HistoryFilter } from './history-query';
import { GUARD_REASONS } from '@/lib/trace/events';

/**
 * The SQL of a history query, as Prisma.Sql fragments (every value bound, never spliced). Run-level
 * filters read the Run table; agent/tool/error/fault filters ask whether the run has an event
 * with that value, through EXISTS on the denormalized TraceEvent columns' (column, runId)
 * indexes; free text goes through the engine's search index (engine-sql/). Run is aliased r.
 */

const { sql, join, empty } = Prisma;

/** Raw aggregates and integer expressions come back from $queryRaw as BigInt; every figure here fits a double. */
export function toNumber(value: number | bigint): number {
  return typeof value === 'bigint' ? Number(value) : value;
}

/** Dates as the driver adapter stores them (ISO 8601 text, +00:00): they compare as text, so the indexes serve. */
export function storedInstant(date: Date): string {
  return date.toISOString().replace('Z', '+00:00');
}

const EVENT_COLUMNS = {
  agent: sql`"agent"`,
  tool: sql`"toolName"`,
  errorCode: sql`"errorCode"`,
  faultKind: sql`"faultKind"`,
} as const;

const RUN_COLUMNS = {
  status: sql`r."status"`,
  mode: sql`r."mode"`,
  customerId: sql`r."customerId"`,
  batchId: sql`r."batchId"`,
  parentRunId: sql`r."parentRunId"`,
} as const;

function anyOf(column: Prisma.Sql, values: readonly string[]): Prisma.Sql {
  return values.length === 1 ? sql`${column} = ${values[0]}` : sql`${column} IN (${join([...values])})`;
}

/** The conditions a run must meet; an empty list means every run. */
export function filterConditions(filter: HistoryFilter, engine: HistoryEngineSql): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  for (const key of Object.keys(RUN_COLUMNS) as (keyof typeof RUN_COLUMNS)[]) {
    const values = filter[key];
    if (values?.length) conditions.push(anyOf(RUN_COLUMNS[key], values));
  }
  if (filter.model?.length) {
    // A run's headline model, or any agent's in its mix.
    conditions.push(
      sql`(${anyOf(sql`r."model"`, filter.model)} OR EXISTS (SELECT 1 FROM "RunModel" m WHERE ${anyOf(sql`m."model"`, filter.model)} AND m."runId" = r."id"))`,
    );
  }
  if (filter.from) conditions.push(sql`r."startedAt" >= ${storedInstant(filter.from)}`);
  if (filter.to) conditions.push(sql`r."startedAt" < ${storedInstant(filter.to)}`);
  for (const key of Object.keys(EVENT_COLUMNS) as (keyof typeof EVENT_COLUMNS)[]) {
    const values = filter[key];
    if (values?.length) {
      conditions.push(
        sql`EXISTS (SELECT 1 FROM "TraceEvent" e WHERE ${anyOf(sql`e.${EVENT_COLUMNS[key]}`, values)} AND e."runId" = r."id")`,
      );
    }
  }
  if (filter.blocked !== undefined)
    conditions.push(filter.blocked ? sql`EXISTS (${blockedEvents})` : sql`NOT EXISTS (${blockedEvents})`);
  const search = filter.q === undefined ? null : engine.searchCondition(filter.q);
  if (search !== null) conditions.push(search);
  return conditions;
}

/**
 * A run's guard.blocked events. Through the errorCode index (a blocked event's reason is in that
 * column, rows.ts): its few entries rather than every event of every run; the type test keeps a
 * tool result's out_of_scope code out.
 */
export const blockedReasons = sql`"errorCode" IN (${join([...GUARD_REASONS])}) AND "type" = 'guard.blocked'`;
const blockedEvents = sql`SELECT 1 FROM "TraceEvent" e WHERE ${blockedReasons} AND e."runId" = r."id"`;

export function whereClause(conditions: readonly Prisma.Sql[]): Prisma.Sql {
  return conditions.length === 0 ? empty : sql`WHERE ${join([...conditions], ' AND ')}`;
}

/**
 * The sort key. Never NULL (a running run has no duration yet): NULLs are replaced by a value that
 * sorts them last in either order, so keyset comparisons need no NULL cases.
 */
export function sortKey(sort: HistorySort, order: SortOrder): Prisma.Sql {
  // An integer literal (not 9e18): PostgreSQL would make the COALESCE numeric, read back as a string.
  const last = order === 'desc' ? sql`-1` : sql`9000000000000000000`;
  switch (sort) {
    case 'startedAt':
      return sql`r."startedAt"`;
    case 'duration':
      return sql`COALESCE(r."durationMs", ${last})`;
    case 'tokens':
      return sql`(r."inputTokens" + r."outputTokens")`;
    case 'cost':
      return sql`r."costUsd"`;
    case 'steps':
      return sql`r."stepCount"`;
  }
}

/** Rows strictly after the cursor's row in (sort key, id) order. */
export function afterCursor(cursor: HistoryCursor): Prisma.Sql {
  const key = sortKey(cursor.sort, cursor.order);
  return cursor.order === 'desc'
    ? sql`(${key} < ${cursor.value} OR (${key} = ${cursor.value} AND r."id" < ${cursor.id}))`
    : sql`(${key} > ${cursor.value} OR (${key} = ${cursor.value} AND r."id" > ${cursor.id}))`;
}

export function orderBy(sort: HistorySort, order: SortOrder): Prisma.Sql {
  const direction = order === 'desc' ? sql`DESC` : sql`ASC`;
  return sql`ORDER BY ${sortKey(sort, order)} ${direction}, r."id" ${direction}`;
}
