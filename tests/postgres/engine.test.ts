import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/lib/db/client';
import { readMigrationFiles } from '@/lib/db/migrations';
import { POSTGRES_MIGRATIONS_DIR } from '@/lib/db/postgres-migrations';
import { tsqueryText } from '@/lib/history/engine-sql/postgresql';
import { listRunHistory } from '@/lib/history/list-runs';
import { parseHistoryQuery } from '@/lib/history/history-query';
import { ManualClock } from '@/lib/runtime/clock';
import { InProcessTraceBus } from '@/lib/trace/bus';
import { TraceRecorder } from '@/lib/trace/recorder';
import { flushSearchIndex } from '@/lib/trace/search-indexer';
import { pendingPostgresSchemaSql } from '../../scripts/db/schema-diff';
import { createTestDatabase, openTestReader, type TestDatabase } from '../support/test-db';
import { createRun, runStarted, toolCall } from '../support/trace/runs';

/** What only PostgreSQL has: its migrations, its search index's tokenizing and its many writers. Run by vitest.postgres.config.ts. */

const server = () => process.env.TEST_POSTGRES_URL ?? '';

describe('PostgreSQL migrations', () => {
  it("agree with prisma/postgresql/schema.prisma: Prisma's schema engine finds nothing left to migrate", async () => {
    expect(await pendingPostgresSchemaSql(server())).toBe('');
  }, 120_000);

  it('are applied once, recorded in _prisma_migrations with their checksums, by instances starting together', async () => {
    const admin = new pg.Client({ connectionString: server() });
    await admin.connect();
    const name = `aco_migrate_${process.pid}`;
    await admin.query(`CREATE DATABASE "${name}"`);
    try {
      const url = new URL(server());
      url.pathname = `/${name}`;
      const opened = await Promise.all([1, 2, 3].map(() => openDatabase({ url: url.toString() })));
      const files = readMigrationFiles(POSTGRES_MIGRATIONS_DIR);
      expect(opened.flatMap((o) => o.appliedMigrations).sort()).toEqual(files.map((f) => f.name));
      expect(opened.filter((o) => o.seeded)).toHaveLength(1);
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      const { rows } = await client.query<{ migration_name: string; checksum: string }>(
        'SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name',
      );
      await client.end();
      expect(rows).toEqual(files.map((f) => ({ migration_name: f.name, checksum: f.checksum })));
      await Promise.all(opened.map((o) => o.db.$disconnect()));
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  }, 120_000);
});

describe('the search query on PostgreSQL', () => {
  it('quotes every word as a lexeme: operators and quotes in the input are searched for, never run', () => {
    expect(tsqueryText('pm_grace authorize')).toBe("('pm' <-> 'grace') & 'authorize'");
    expect(tsqueryText('"card declined" visa*')).toBe("('card' <-> 'declined') & 'visa':*");
    expect(tsqueryText("it's !(a | b) & c:*")).toBe("('it' <-> 's') & 'a' & 'b' & 'c':*");
    expect(tsqueryText("o'brien \\x")).toBe("('o' <-> 'brien') & 'x'");
    expect(tsqueryText(' -- ')).toBeNull();
  });
});

async function search(q: string): Promise<string[]> {
  const query = parseHistoryQuery(new URLSearchParams({ q, limit: '50' }));
  if (!query.success) throw query.error;
  return (await listRunHistory(t.db, query.data)).runs.map((r) => r.id);
}

let t: TestDatabase;

describe('the search index with many writers', () => {
  beforeAll(async () => {
    t = await createTestDatabase({ seed: false });
  });
  afterAll(async () => t.dispose());

  it('indexes every committed event exactly once while recorders on separate connections commit out of id order', async () => {
    const runs = Array.from({ length: 6 }, (_, i) => `w${i}`);
    for (const id of runs) await createRun(t.db, id);
    // A recorder per run and small batches: many concurrent transactions, whose ids interleave.
    const recorders = runs.map(
      () => new TraceRecorder({ db: t.db, bus: new InProcessTraceBus(), clock: new ManualClock(), maxBatch: 3 }),
    );
    await Promise.all(
      runs.map(async (id, r) => {
        await recorders[r].append(id, runStarted);
        await Promise.all(
          Array.from({ length: 60 }, (_, n) =>
            recorders[r].append(id, toolCall(n, { note: n % 10 === 3 ? `kumquat${r}` : 'plain' })),
          ),
        );
      }),
    );
    await flushSearchIndex(t.db);
    const reader = await openTestReader(t);
    try {
      const [counts] = await reader.all<{ indexed: string; texts: string; through: number; newest: number }>(
        `SELECT (SELECT count(*) FROM "TraceEventSearch") AS indexed,
                (SELECT count(*) FROM "TraceEvent" WHERE "type" IN ('model.step', 'tool.call', 'tool.result', 'message.sent')) AS texts,
                (SELECT "indexedThrough" FROM "TraceSearchProgress") AS through, (SELECT max("id") FROM "TraceEvent") AS newest`,
      );
      expect(Number(counts.indexed)).toBe(Number(counts.texts));
      expect(counts.through).toBe(counts.newest);
    } finally {
      await reader.close();
    }
    expect(await search('kumquat2')).toEqual(['w2']);
    expect((await search('kumquat*')).sort()).toEqual(runs);
  }, 120_000);
});
