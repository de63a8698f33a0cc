import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations, migrationStatus, readMigrationFiles } from '@/lib/db/migrations';
import { openDatabase } from '@/lib/db/client';

const dirs: string[] = [];
function tempDbPath(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aco-mig-'));
  dirs.push(dir);
  return path.join(dir, 'app.db');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const EXPECTED_TABLES = [
  'CardRequest',
  'ChaosReport',
  'Customer',
  'FaultRule',
  'Notification',
  'Order',
  'OrderItem',
  'Payment',
  'PaymentMethod',
  'Product',
  'Reservation',
  'Run',
  'Shipment',
  'TraceEvent',
  '_prisma_migrations',
];

describe('migrations', () => {
  it('bring a fresh database to the schema and record themselves in _prisma_migrations', () => {
    const db = new Database(tempDbPath());
    const applied = applyMigrations(db);
    expect(applied).toEqual(readMigrationFiles().map((m) => m.name));
    expect(applied.length).toBeGreaterThan(0);
    const tables = (
      db
        .prepare(`SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
        .all() as { name: string }[]
    ).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(EXPECTED_TABLES));
    const recorded = db.prepare('SELECT migration_name, checksum, finished_at FROM _prisma_migrations').all() as {
      migration_name: string;
      checksum: string;
      finished_at: string;
    }[];
    expect(recorded.map((r) => r.migration_name)).toEqual(applied);
    expect(recorded.every((r) => /^[0-9a-f]{64}$/.test(r.checksum) && r.finished_at)).toBe(true);
    expect(migrationStatus(db)).toEqual({ applied, pending: [] });
    db.close();
  });

  it('applying twice is a no-op', () => {
    const db = new Database(tempDbPath());
    applyMigrations(db);
    const before = db.prepare('SELECT * FROM _prisma_migrations ORDER BY migration_name').all();
    const schemaBefore = db.prepare(`SELECT sql FROM sqlite_master ORDER BY name`).all();
    expect(applyMigrations(db)).toEqual([]);
    expect(db.prepare('SELECT * FROM _prisma_migrations ORDER BY migration_name').all()).toEqual(before);
    expect(db.prepare(`SELECT sql FROM sqlite_master ORDER BY name`).all()).toEqual(schemaBefore);
    db.close();
  });

  it('the Prisma client works on the migrated schema, in WAL mode with foreign keys on', async () => {
    const file = tempDbPath();
    const { db, appliedMigrations, seeded } = await openDatabase({ url: `file:${file}` });
    expect(appliedMigrations.length).toBeGreaterThan(0);
    expect(seeded).toBe(true);
    expect(await db.$queryRawUnsafe('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    expect(await db.$queryRawUnsafe('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1n }]);
    await db.$disconnect();
    const again = await openDatabase({ url: `file:${file}` });
    expect(again.appliedMigrations).toEqual([]);
    expect(again.seeded).toBe(false);
    await again.db.$disconnect();
  });
});
