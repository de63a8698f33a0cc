import type { PrismaClient } from '@/lib/db/client';
import { Prisma } from '@/lib/db/generated/client';
import { engineOf } from '@/lib/db/engine';
import { postgresMatchedSteps } from './engine-sql/postgresql';
import { ftsMatchExpression, searchTerms } from './fts-query';
import { toNumber } from './history-sql';
import type { RunMatches } from '@/lib/wire/history';
import { snippet } from './snippet';

/**
 * Where each run of a history page matched its search: how many of its events match, and the first
 * few, each with a marked snippet of its searchable text. The engine-specific part is two queries:
 * On SQLite: the run's matching rowids (its block of TraceEventSearch, searchKey × 2^24 + seq, asked by rowid
 * range so the index walks only that run) and their text (the TraceEventSearchSource view, the one
 * home of what is searchable). The snippet itself is built here (snippet.ts), not by FTS5's snippet(),
 * which needs the text stored in the index (ours is contentless). On PostgreSQL: one query over the
 * tsvector index (engine-sql/postgresql.ts), the text taken from the events as the document was.
 */

const { sql, join } = Prisma;

/** Matching steps listed per run (the count says how many there are in all). */
export const MAX_MATCHES_PER_RUN = 20;
const RUN_BLOCK = 16_777_216;

export type { RunMatches };

export async function searchMatches(
  db: PrismaClient,
  runIds: readonly string[],
  q: string,
): Promise<Record<string, RunMatches>> {
  return engineOf(db) === 'postgresql' ? postgresSearchMatches(db, runIds, q) : sqliteSearchMatches(db, runIds, q);
}

async function postgresSearchMatches(
  db: PrismaClient,
  runIds: readonly string[],
  q: string,
): Promise<Record<string, RunMatches>> {
  const query = postgresMatchedSteps(runIds, q, MAX_MATCHES_PER_RUN);
  if (query === null) return {};
  const rows =
    await db.$queryRaw<
      {
        runId: string;
        seq: number;
        type: string;
        agent: string | null;
        spanId: string;
        body: string | null;
        total: number | bigint;
      }[]
    >(query);
  const terms = searchTerms(q);
  // Every run asked about has an entry, as on SQLite: a run with no match counts 0.
  const out: Record<string, RunMatches> = Object.fromEntries(runIds.map((id) => [id, { total: 0, steps: [] }]));
  for (const row of rows) {
    const matches = out[row.runId];
    if (!matches) continue;
    matches.total = toNumber(row.total);
    matches.steps.push({
      seq: toNumber(row.seq),
      type: row.type,
      agent: row.agent,
      spanId: row.spanId,
      snippet: snippet(row.body ?? '', terms),
    });
  }
  return out;
}

async function sqliteSearchMatches(
  db: PrismaClient,
  runIds: readonly string[],
  q: string,
): Promise<Record<string, RunMatches>> {
  const match = ftsMatchExpression(q);
  if (match === null || runIds.length === 0) return {};
  const runs = await db.$queryRaw<{ id: string; searchKey: number | bigint | null }[]>(
    sql`SELECT "id", "searchKey" FROM "Run" WHERE "id" IN (${join([...runIds])})`,
  );
  const keyed = runs.flatMap((r) => (r.searchKey === null ? [] : [{ runId: r.id, key: toNumber(r.searchKey) }]));
  if (keyed.length === 0) return {};
  const perRun = keyed.map(
    ({ runId, key }) => sql`
      SELECT ${runId} AS "runId",
        (SELECT COUNT(*) FROM "TraceEventSearch" WHERE "TraceEventSearch" MATCH ${match} AND "rowid" BETWEEN ${key * RUN_BLOCK} AND ${key * RUN_BLOCK + RUN_BLOCK - 1}) AS "total",
        (SELECT json_group_array("seq") FROM (SELECT "rowid" % ${RUN_BLOCK} AS "seq" FROM "TraceEventSearch" WHERE "TraceEventSearch" MATCH ${match} AND "rowid" BETWEEN ${key * RUN_BLOCK} AND ${key * RUN_BLOCK + RUN_BLOCK - 1} ORDER BY "rowid" LIMIT ${MAX_MATCHES_PER_RUN})) AS "seqs"`,
  );
  const hits = await db.$queryRaw<{ runId: string; total: number | bigint; seqs: string }[]>(
    join(perRun, ' UNION ALL '),
  );
  const wanted = hits.flatMap((h) =>
    (JSON.parse(h.seqs) as number[]).map((seq) => sql`(e."runId" = ${h.runId} AND e."seq" = ${seq})`),
  );
  const bodies =
    wanted.length === 0
      ? []
      : await db.$queryRaw<
          { runId: string; seq: number; type: string; agent: string | null; spanId: string; body: string | null }[]
        >(sql`
          SELECT e."runId", e."seq", e."type", e."agent", e."spanId", s."body"
          FROM "TraceEvent" e JOIN "TraceEventSearchSource" s ON s."id" = e."id"
          WHERE ${join(wanted, ' OR ')}
          ORDER BY e."runId", e."seq"`);
  const terms = searchTerms(q);
  const out: Record<string, RunMatches> = {};
  for (const h of hits) out[h.runId] = { total: toNumber(h.total), steps: [] };
  for (const b of bodies)
    out[b.runId]?.steps.push({
      seq: toNumber(b.seq),
      type: b.type,
      agent: b.agent,
      spanId: b.spanId,
      snippet: snippet(b.body ?? '', terms),
    });
  return out;
}
