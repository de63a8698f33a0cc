import Database from 'better-sqlite3';
import pg from 'pg';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';
import { PrismaClient as PostgresPrismaClient } from './generated-pg/client';
import { ensureDatabaseDirectory, parseDatabaseUrl, redactDatabaseUrl, type DatabaseEngine } from './database-url';
import { registerEngine } from './engine';
import { applyMigrations, migrationStatus, type MigrationStatus } from './migrations';
import { applyPostgresMigrations, postgresMigrationStatus } from './postgres-migrations';
import { seedIfEmpty } from './seed';
import { withStatementCache } from './statement-cache';
import { registerTableWrites, TableWrites } from './table-writes';

export type { PrismaClient } from './generated/client';
export type Db = PrismaClient;

export interface OpenDatabaseOptions {
  /** A SQLite "file:" or a "postgresql://" URL; defaults to DATABASE_URL, then file:./data/app.db. */
  url?: string;
  /** Seed the demo store when the database is empty (default true). */
  seed?: boolean;
}

interface OpenedCommon {
  db: PrismaClient;
  engine: DatabaseEngine;
  /** Where the data is, fit to print: the SQLite file, or the PostgreSQL URL with its password masked. */
  location: string;
  appliedMigrations: string[];
  seeded: boolean;
}

export interface OpenedSqliteDatabase extends OpenedCommon {
  engine: 'sqlite';
  filePath: string;
}

export interface OpenedPostgresDatabase extends OpenedCommon {
  engine: 'postgresql';
  /** The URL itself (with its password): for connections of its own (LISTEN), never for printing. */
  url: string;
}

export type OpenedDatabase = OpenedSqliteDatabase | OpenedPostgresDatabase;

/**
 * Brings the database DATABASE_URL (or `url`) names to the current schema and opens the Prisma
 * client on it: SQLite (a file: folder created, WAL, migrations, pragmas) or PostgreSQL (migrations
 * under an advisory lock, a connection pool), then the demo seed if the database is empty.
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<OpenedDatabase> {
  const target = parseDatabaseUrl(options.url);
  const seed = options.seed !== false;
  if (target.engine === 'postgresql') return openPostgres(target.url, target.display, seed);
  const opened = await openSqlite(target.filePath);
  return { ...opened, seeded: seed ? await seedIfEmpty(opened.db) : false };
}

/** A SQLite database whatever DATABASE_URL says (scratch databases: sandboxes, scorecard trials, tests). */
export async function openSqliteDatabase(url: string, options: { seed?: boolean } = {}): Promise<OpenedSqliteDatabase> {
  const target = parseDatabaseUrl(url);
  if (target.engine !== 'sqlite') throw new TypeError('openSqliteDatabase: a file: URL is required');
  const opened = await openSqlite(target.filePath);
  return { ...opened, seeded: options.seed === false ? false : await seedIfEmpty(opened.db) };
}

async function openSqlite(filePath: string): Promise<Omit<OpenedSqliteDatabase, 'seeded'>> {
  ensureDatabaseDirectory(filePath);
  const migrator = new Database(filePath, { timeout: 10_000 });
  let appliedMigrations: string[];
  try {
    migrator.pragma('journal_mode = WAL');
    appliedMigrations = applyMigrations(migrator);
  } finally {
    migrator.close();
  }

  // One connection per process is the single writer (DESIGN.md pitfall: SQLITE_BUSY at COMMIT).
  // Prepared statements reused across queries (the adapter alone prepares every one afresh).
  // Every statement seen, so small tables read all the time can be cached until one writes them.
  const writes = new TableWrites();
  const adapter = withStatementCache(new PrismaBetterSqlite3({ url: filePath, timeout: 10_000 }), writes);
  const db = new PrismaClient({ adapter, errorFormat: 'minimal' });
  registerTableWrites(db, writes);
  await db.$executeRawUnsafe('PRAGMA synchronous = NORMAL');
  await db.$executeRawUnsafe('PRAGMA foreign_keys = ON');
  await db.$executeRawUnsafe('PRAGMA busy_timeout = 10000');
  // 64 MiB of page cache: the trace's indexes stay in memory under load (measured: ~1.5x inserts/s).
  await db.$executeRawUnsafe('PRAGMA cache_size = -65536');
  registerEngine(db, 'sqlite');
  return { db, engine: 'sqlite', filePath, location: filePath, appliedMigrations };
}

/** Connections per instance: agents, the recorder and SSE readers share them (PG_POOL_SIZE). */
function poolSize(): number {
  const raw = Number(process.env.PG_POOL_SIZE ?? '');
  return Number.isInteger(raw) && raw >= 2 && raw <= 100 ? raw : 10;
}

/** One number for pg_advisory_lock: "acos" + "d", held while an instance migrates and seeds. */
const SETUP_LOCK = 0x61636f64;

async function openPostgres(url: string, display: string, seed: boolean): Promise<OpenedPostgresDatabase> {
  const setup = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await setup.connect();
    // Instances starting together take turns: one migrates and seeds, the others find it done.
    await setup.query('SELECT pg_advisory_lock($1)', [SETUP_LOCK]);
    const appliedMigrations = await applyPostgresMigrations(setup);
    const adapter = new PrismaPg({ connectionString: url, max: poolSize(), connectionTimeoutMillis: 10_000 });
    // One client interface: the PostgreSQL client is generated from the same schema (prisma/postgresql
    // is derived from prisma/schema.prisma), so its models and methods are the SQLite client's.
    const db = new PostgresPrismaClient({ adapter }) as unknown as PrismaClient;
    registerEngine(db, 'postgresql', url);
    const seeded = seed ? await seedIfEmpty(db) : false;
    return { db, engine: 'postgresql', url, location: display, appliedMigrations, seeded };
  } catch (error) {
    // The driver's words (refused, unknown host, authentication failed), never the URL's secret.
    throw new Error(redactDatabaseUrl(error instanceof Error ? error.message || String(error) : String(error), url), {
      cause: error,
    });
  } finally {
    // Ending the session lets the lock go.
    await setup.end().catch(() => undefined);
  }
}

/** Which migrations the database has and lacks (for /api/health). */
export async function databaseMigrationStatus(opened: OpenedDatabase): Promise<MigrationStatus> {
  if (opened.engine === 'sqlite') {
    const reader = new Database(opened.filePath, { readonly: true, fileMustExist: true });
    try {
      return migrationStatus(reader);
    } finally {
      reader.close();
    }
  }
  const client = new pg.Client({ connectionString: opened.url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    return await postgresMigrationStatus(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const GLOBAL_KEY = Symbol.for('agent-checkout.db');
type GlobalWithDb = typeof globalThis & { [GLOBAL_KEY]?: Promise<OpenedDatabase> };

/**
 * The process-wide database (on globalThis, so that Next's separate route bundles
 * and dev reloads share one client and one writer connection).
 */
export function getOpenedDatabase(): Promise<OpenedDatabase> {
  const g = globalThis as GlobalWithDb;
  if (!g[GLOBAL_KEY]) {
    g[GLOBAL_KEY] = openDatabase().catch((error: unknown) => {
      delete g[GLOBAL_KEY];
      throw error;
    });
  }
  return g[GLOBAL_KEY];
}

export async function getDb(): Promise<PrismaClient> {
  return (await getOpenedDatabase()).db;
}
