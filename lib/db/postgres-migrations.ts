import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type pg from 'pg';
import { readMigrationFiles, type MigrationStatus } from './migrations';

/**
 * The PostgreSQL twin of migrations.ts: applies prisma/postgresql/migrations/*, in name order, each
 * in its own transaction, recorded in Prisma's `_prisma_migrations` table (its PostgreSQL columns).
 * Instances starting together on one database queue on an advisory lock, so each migration is
 * applied once.
 */

export const POSTGRES_MIGRATIONS_DIR = path.resolve(
  /*turbopackIgnore: true*/ process.cwd(),
  'prisma/postgresql/migrations',
);

const MIGRATIONS_TABLE_SQL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** One number for pg_advisory_lock: "aco-migrate". */
const MIGRATION_LOCK = 0x61636f6d;

async function appliedNames(client: pg.ClientBase): Promise<Set<string>> {
  const { rows } = await client.query<{ migration_name: string }>(
    `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  return new Set(rows.map((row) => row.migration_name));
}

/** Applies what is pending; a second call is a no-op. Returns the names it applied. */
export async function applyPostgresMigrations(
  client: pg.ClientBase,
  dir: string = POSTGRES_MIGRATIONS_DIR,
): Promise<string[]> {
  const applied: string[] = [];
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    await client.query(MIGRATIONS_TABLE_SQL);
    const done = await appliedNames(client);
    for (const migration of readMigrationFiles(dir)) {
      if (done.has(migration.name)) continue;
      const startedAt = new Date();
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, started_at, applied_steps_count)
           VALUES ($1, $2, now(), $3, NULL, $4, 1)`,
          [randomUUID(), migration.checksum, migration.name, startedAt],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw new Error(
          `migration ${migration.name} failed: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      }
      applied.push(migration.name);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
  }
  return applied;
}

export async function postgresMigrationStatus(
  client: pg.ClientBase,
  dir: string = POSTGRES_MIGRATIONS_DIR,
): Promise<MigrationStatus> {
  const files = readMigrationFiles(dir).map((m) => m.name);
  const { rows } = await client.query<{ exists: boolean }>(
    `SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS "exists"`,
  );
  const done = rows[0]?.exists ? await appliedNames(client) : new Set<string>();
  return { applied: files.filter((n) => done.has(n)), pending: files.filter((n) => !done.has(n)) };
}
