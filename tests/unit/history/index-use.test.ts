import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '@/lib/db/generated/client';
import { HISTORY_FROM } from '@/lib/history/history-row';
import { sqliteHistorySql } from '@/lib/history/engine-sql/sqlite';
import { filterConditions, whereClause } from '@/lib/history/history-sql';
import type { HistoryFilter } from '@/lib/history/history-query';
import { createTestDatabase, type TestDatabase } from '../../support/test-db';

/**
 * The event filters' indexes are partial (WHERE column IS NOT NULL, migration
 * trace_event_partial_indexes): SQLite uses one only when the query implies its predicate. Without
 * them a filter reads every event of every run, which is correct but far too slow at a million
 * events, so the plan is what is checked here.
 */

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ seed: false });
});
afterAll(async () => t.dispose());

async function plan(filter: HistoryFilter): Promise<string> {
  const rows = await t.db.$queryRaw<{ detail: string }[]>(
    Prisma.sql`EXPLAIN QUERY PLAN SELECT r."id" ${HISTORY_FROM} ${whereClause(filterConditions(filter, sqliteHistorySql))}`,
  );
  return rows.map((r) => r.detail).join('\n');
}

describe('history event filters', () => {
  it.each([
    ['agent', 'TraceEvent_agent_runId_idx'],
    ['tool', 'TraceEvent_toolName_runId_idx'],
    ['errorCode', 'TraceEvent_errorCode_runId_idx'],
    ['faultKind', 'TraceEvent_faultKind_runId_idx'],
  ] as const)('%s looks runs up in %s, with one value or several', async (key, index) => {
    expect(await plan({ [key]: ['a'] })).toContain(`COVERING INDEX ${index}`);
    expect(await plan({ [key]: ['a', 'b'] })).toContain(`COVERING INDEX ${index}`);
  });
});
