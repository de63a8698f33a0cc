import type { PrismaClient } from '@/lib/db/client';
import { Prisma } from '@/lib/db/generated/client';
import { encodeCursor } from './cursor';
import { historySqlFor } from './engine-sql';
import { HISTORY_COLUMNS, HISTORY_FROM, toHistoryRun, type HistoryDbRow, type HistoryRun } from './history-row';
import type { HistoryPage } from '@/lib/wire/history';
import type { HistoryFilter, HistoryQuery } from './history-query';
import {
  afterCursor,
  blockedReasons,
  filterConditions,
  orderBy,
  sortKey,
  storedInstant,
  toNumber,
  whereClause,
} from './history-sql';
import { liveSummaries } from './live-summary';
import { searchMatches } from './search-matches';

/** The history list: one page of runs that match, in the order asked, and where the next page starts. */

const { sql, join } = Prisma;

/** GET /api/runs's answer (lib/wire/history.ts). */
export type { HistoryPage } from '@/lib/wire/history';

export async function listRunHistory(db: PrismaClient, query: HistoryQuery): Promise<HistoryPage> {
  const conditions = filterConditions(query, historySqlFor(db));
  if (query.cursor) conditions.push(afterCursor(query.cursor));
  // One extra row says whether there is a next page.
  const rows = await db.$queryRaw<(HistoryDbRow & { sortValue: string | number | bigint })[]>(sql`
    SELECT ${HISTORY_COLUMNS}, ${sortValueColumn(query)} AS "sortValue"
    ${HISTORY_FROM}
    ${whereClause(conditions)}
    ${orderBy(query.sort, query.order)}
    LIMIT ${query.limit + 1}`);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const [runs, matches] = await Promise.all([
    completeRows(db, page),
    query.q === undefined
      ? undefined
      : searchMatches(
          db,
          page.map((r) => r.id),
          query.q,
        ),
  ]);
  return {
    runs,
    ...(matches && { matches }),
    nextCursor:
      rows.length > query.limit && last
        ? encodeCursor({
            sort: query.sort,
            order: query.order,
            value: typeof last.sortValue === 'string' ? last.sortValue : toNumber(last.sortValue),
            id: last.id,
          })
        : null,
  };
}

/** The key the page was ordered by, exactly as the database compared it, so a cursor resumes right there. */
function sortValueColumn(query: HistoryQuery): Prisma.Sql {
  const key = sortKey(query.sort, query.order);
  // As stored text: read as a column, a DATETIME comes back as a Date and would be reformatted.
  return query.sort === 'startedAt' ? sql`CAST(${key} AS TEXT)` : key;
}

/**
 * History lines for some runs, in the order asked (unknown ids left out), each with whether it
 * matches a filter: the live stream sends a run that stopped matching so a list can drop it.
 */
export async function historyRows(
  db: PrismaClient,
  runIds: readonly string[],
  filter?: HistoryFilter,
): Promise<{ run: HistoryRun; matches: boolean }[]> {
  if (runIds.length === 0) return [];
  const ids = join([...runIds]);
  const rows = await db.$queryRaw<HistoryDbRow[]>(
    sql`SELECT ${HISTORY_COLUMNS} ${HISTORY_FROM} WHERE r."id" IN (${ids})`,
  );
  // The status is compared with the line's own: a run whose end is recorded but whose row is not yet
  // updated (another connection may read between the two) shows, and matches, the status it ended with.
  const { status: statuses, ...rest } = filter ?? {};
  const conditions = filterConditions(rest, historySqlFor(db));
  const matching =
    conditions.length === 0
      ? null
      : new Set(
          (
            await db.$queryRaw<{ id: string }[]>(
              sql`SELECT r."id" ${HISTORY_FROM} ${whereClause([sql`r."id" IN (${ids})`, ...conditions])}`,
            )
          ).map((r) => r.id),
        );
  const runs = new Map((await completeRows(db, rows)).map((run) => [run.id, run]));
  return runIds.flatMap((id) => {
    const run = runs.get(id);
    return run
      ? [
          {
            run,
            matches: (matching === null || matching.has(id)) && (!statuses?.length || statuses.includes(run.status)),
          },
        ]
      : [];
  });
}

/** Adds what the Run row does not hold: the kinds of faults hit, and live figures for runs still running. */
async function completeRows(db: PrismaClient, rows: HistoryDbRow[]): Promise<HistoryRun[]> {
  if (rows.length === 0) return [];
  const running = rows.filter((r) => r.status === 'running').map((r) => r.id);
  const withFaults = rows.filter((r) => r.status === 'running' || r.faultCount > 0).map((r) => r.id);
  const ids = join(rows.map((r) => r.id));
  const [live, faults, blocked] = await Promise.all([
    liveSummaries(db, running),
    withFaults.length === 0
      ? Promise.resolve([])
      : db.$queryRaw<{ runId: string; faultKind: string }[]>(sql`
          SELECT DISTINCT "runId", "faultKind" FROM "TraceEvent"
          WHERE "runId" IN (${join(withFaults)}) AND "faultKind" IS NOT NULL ORDER BY "faultKind"`),
    db.$queryRaw<{ runId: string; n: number | bigint }[]>(sql`
      SELECT "runId", COUNT(*) AS "n" FROM "TraceEvent" WHERE ${blockedReasons} AND "runId" IN (${ids}) GROUP BY "runId"`),
  ]);
  const blockedByRun = new Map(blocked.map((b) => [b.runId, toNumber(b.n)]));
  const kinds = new Map<string, string[]>();
  for (const { runId, faultKind } of faults) kinds.set(runId, [...(kinds.get(runId) ?? []), faultKind]);
  return rows.map((row) => toHistoryRun(row, kinds.get(row.id) ?? [], live.get(row.id), blockedByRun.get(row.id) ?? 0));
}

/**
 * Runs that may have changed since an instant (ms): started or finished since, or still running;
 * newest first, at most `limit`. What a resuming live stream re-sends.
 */
export async function runsChangedSince(db: PrismaClient, sinceMs: number, limit: number): Promise<string[]> {
  const since = storedInstant(new Date(Math.max(0, sinceMs)));
  const rows = await db.$queryRaw<{ id: string }[]>(sql`
    SELECT r."id" FROM "Run" r
    WHERE r."status" = 'running' OR r."startedAt" >= ${since} OR r."finishedAt" >= ${since}
    ORDER BY r."startedAt" DESC, r."id" DESC LIMIT ${limit}`);
  return rows.map((r) => r.id);
}
