import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type OpenedPostgresDatabase } from '@/lib/db/client';
import { createScratchDatabase, type ScratchDatabase } from '@/lib/db/scratch';
import { serialQueries } from '@/lib/db/serial-queries';
import { closeRunLeases } from '@/lib/checkout/run-leases';
import { searchIndexIdle } from '@/lib/trace/search-indexer';
import { databaseUrl } from './postgres-server';
import { POSTGRES_TEMPLATES } from './postgres-templates';

export type SqliteTestDatabase = ScratchDatabase;
export type PostgresTestDatabase = OpenedPostgresDatabase & { dispose(): Promise<void> };
export type TestDatabase = SqliteTestDatabase | PostgresTestDatabase;

/**
 * The engine tests run on: SQLite, or PostgreSQL when vitest.postgres.config.ts runs them (its
 * global setup starts a server and sets TEST_DATABASE_ENGINE and TEST_POSTGRES_URL).
 */
export function testEngine(): 'sqlite' | 'postgresql' {
  return process.env.TEST_DATABASE_ENGINE === 'postgresql' ? 'postgresql' : 'sqlite';
}

/** A fresh, migrated database (a temp SQLite file, or a new database on the test server); seeded with the demo store unless told not to. */
export async function createTestDatabase(options: { seed?: boolean } = {}): Promise<TestDatabase> {
  const seed = options.seed ?? true;
  return testEngine() === 'postgresql' ? createPostgresTestDatabase(seed) : createSqliteTestDatabase({ seed });
}

/** A fresh SQLite database whatever engine the tests run on (benches and tests of SQLite's own SQL). */
export async function createSqliteTestDatabase(options: { seed?: boolean } = {}): Promise<SqliteTestDatabase> {
  const scratch = await createScratchDatabase({ seeded: options.seed ?? true });
  return {
    ...scratch,
    // The search index is fed a moment after each commit: let a pending pass finish before the file
    // goes, or it runs against a deleted database and says so on stderr.
    async dispose() {
      await searchIndexIdle(scratch.db);
      await scratch.dispose();
    },
  };
}

async function adminQuery(sql: string): Promise<void> {
  const server = process.env.TEST_POSTGRES_URL;
  if (!server) throw new Error('TEST_POSTGRES_URL is not set: run PostgreSQL tests with vitest.postgres.config.ts');
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

async function createPostgresTestDatabase(seed: boolean): Promise<PostgresTestDatabase> {
  const name = `aco_test_${randomBytes(6).toString('hex')}`;
  // A copy of a migrated template: a few ms, where migrating takes a second.
  await adminQuery(
    `CREATE DATABASE "${name}" TEMPLATE "${seed ? POSTGRES_TEMPLATES.seeded : POSTGRES_TEMPLATES.empty}"`,
  );
  const opened = await openDatabase({ url: databaseUrl(process.env.TEST_POSTGRES_URL ?? '', name), seed: false });
  if (opened.engine !== 'postgresql') throw new Error('expected a PostgreSQL database');
  return {
    ...opened,
    async dispose() {
      await searchIndexIdle(opened.db);
      await closeRunLeases(opened.db);
      await opened.db.$disconnect();
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

/** A second connection to a test database, for reading what is committed (not what one client has cached). */
export interface TestReader {
  /** Rows of a query with `?` placeholders (quoted identifiers: PostgreSQL folds bare ones to lower case). */
  all<T>(sql: string, ...params: (string | number)[]): Promise<T[]>;
  close(): Promise<void>;
}

export async function openTestReader(t: TestDatabase): Promise<TestReader> {
  if (t.engine === 'sqlite') {
    const { default: Database } = await import('better-sqlite3');
    const raw = new Database(t.filePath, { readonly: true });
    return {
      all: async <T>(sql: string, ...params: (string | number)[]) => raw.prepare(sql).all(...params) as T[],
      close: async () => {
        raw.close();
      },
    };
  }
  const client = new pg.Client({ connectionString: t.url });
  await client.connect();
  // Readers are called from bus listeners, several at once.
  const queries = serialQueries(client);
  return {
    all: async <T>(sql: string, ...params: (string | number)[]) => {
      let n = 0;
      const { rows } = await queries.query(
        sql.replace(/\?/g, () => `$${++n}`),
        params,
      );
      return rows as T[];
    },
    close: async () => {
      await client.end();
    },
  };
}
