import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * Applies the committed SQL migrations in prisma/migrations, in name order, each in
 * its own transaction, recording them in Prisma's own `_prisma_migrations` table so
 * that the Prisma CLI (where it can run) sees the same history.
 */

export const MIGRATIONS_DIR = path.resolve(/*turbopackIgnore: true*/ process.cwd(), 'prisma/migrations');

const MIGRATIONS_TABLE_SQL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
}

export function readMigrationFiles(dir: string = MIGRATIONS_DIR): MigrationFile[] {
  if (!existsSync(/*turbopackIgnore: true*/ dir)) return [];
  return readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
    .filter(
      (entry) =>
        entry.isDirectory() && existsSync(/*turbopackIgnore: true*/ path.join(dir, entry.name, 'migration.sql')),
    )
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(/*turbopackIgnore: true*/ path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

function appliedNames(db: Database.Database): Set<string> {
  const rows = db
    .prepare(`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`)
    .all() as { migration_name: string }[];
  return new Set(rows.map((row) => row.migration_name));
}

/** Applies what is pending; a second call is a no-op. Returns the names it applied. */
export function applyMigrations(db: Database.Database, dir: string = MIGRATIONS_DIR): string[] {
  db.exec(MIGRATIONS_TABLE_SQL);
  const applied: string[] = [];
  for (const migration of readMigrationFiles(dir)) {
    // IMMEDIATE takes the write lock first, so two processes starting at once
    // cannot both apply the same migration.
    const applyOne = db.transaction(() => {
      if (appliedNames(db).has(migration.name)) return false;
      const startedAt = new Date().toISOString();
      db.exec(migration.sql);
      db.prepare(
        `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, started_at, applied_steps_count)
         VALUES (?, ?, ?, ?, NULL, ?, 1)`,
      ).run(randomUUID(), migration.checksum, new Date().toISOString(), migration.name, startedAt);
      return true;
    });
    if (applyOne.immediate()) applied.push(migration.name);
  }
  return applied;
}

export function migrationStatus(db: Database.Database, dir: string = MIGRATIONS_DIR): MigrationStatus {
  const files = readMigrationFiles(dir).map((m) => m.name);
  const tableExists = db.prepare(`SELECT 1 FROM sqlite_master WHERE type='table' AND name='_prisma_migrations'`).get();
  const done = tableExists ? appliedNames(db) : new Set<string>();
  return { applied: files.filter((n) => done.has(n)), pending: files.filter((n) => !done.has(n)) };
}
