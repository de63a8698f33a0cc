/**
 * The SQL that would bring the committed migrations to prisma/schema.prisma, computed offline by
 * Prisma's own schema engine compiled to WASM. Empty when they agree. Used to author the next
 * migration (create-migration.ts) and by a test that fails when the schema changed without one.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { bindMigrationAwareSqlAdapterFactory, type SqlDriverAdapter, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import Database from 'better-sqlite3';
import { applyMigrations, MIGRATIONS_DIR } from '../../lib/db/migrations';

const require = createRequire(import.meta.url);
export const SCHEMA_PATH = path.resolve(MIGRATIONS_DIR, '..', 'schema.prisma');

type Bg = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');

async function loadSchemaEngine(): Promise<Bg> {
  // The package's ESM entry imports a .wasm file, which Node 20 cannot import: instantiate by hand.
  const bg = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as Bg & {
    __wbg_set_wasm(exports: WebAssembly.Exports): void;
  };
  const bgPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const wasmBytes = readFileSync(path.join(path.dirname(bgPath), 'schema_engine_bg.wasm'));
  const { instance } = await WebAssembly.instantiate(wasmBytes, { './schema_engine_bg.js': bg as unknown as WebAssembly.ModuleImports });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return bg;
}

/**
 * Hand-written virtual tables (the FTS5 history search index) and the shadow tables SQLite keeps
 * for them: schema.prisma cannot describe them, so the diff must leave them alone rather than
 * drop them.
 */
function virtualTables(db: Database.Database): string[] {
  const tables = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table'`).all() as { name: string; sql: string | null }[];
  const virtual = tables.filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql ?? '')).map((t) => t.name);
  return tables.map((t) => t.name).filter((name) => virtual.some((v) => name === v || name.startsWith(`${v}_`)));
}

/**
 * The engine (7.10) reads a partial index's predicate with `... AND name = "<index>"`: a string in
 * double quotes, which SQLite accepts only as a legacy misfeature that better-sqlite3 compiles out
 * (SQLITE_DQS=0), so describing any database with a partial index fails ("column not found").
 * That one query is given a proper string literal; everything else passes through untouched.
 */
function withQuotedIndexNames(factory: SqlMigrationAwareDriverAdapterFactory): SqlMigrationAwareDriverAdapterFactory {
  const patch = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    const queryRaw = adapter.queryRaw.bind(adapter);
    adapter.queryRaw = (query) =>
      queryRaw({
        ...query,
        sql: query.sql.replace(/(FROM sqlite_master WHERE type = 'index' AND name = )"((?:[^"]|"")*)"/, (_, head: string, name: string) => `${head}'${name.replaceAll('""', '"').replaceAll("'", "''")}'`),
      });
    return adapter;
  };
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => patch(await factory.connect()),
    connectToShadowDb: async () => patch(await factory.connectToShadowDb()),
  };
}

/**
 * The engine's log goes to stderr only when asked (SCHEMA_ENGINE_LOG=1): it is chatty, and what
 * matters, the diff or its error, is returned or thrown.
 */
function engineLog(line: string): void {
  if (process.env.SCHEMA_ENGINE_LOG === '1') console.error(line);
}

/** The next migration's SQL, or '' when the schema and the committed migrations agree. */
export async function pendingSchemaSql(): Promise<string> {
  const schema = readFileSync(SCHEMA_PATH, 'utf8');
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'migration-'));
  try {
    const { SchemaEngine } = await loadSchemaEngine();
    const scratchDb = path.join(scratch, 'scratch.db');
    const db = new Database(scratchDb);
    applyMigrations(db);
    const externalTables = virtualTables(db);
    db.close();
    const adapter = bindMigrationAwareSqlAdapterFactory(withQuotedIndexNames(new PrismaBetterSqlite3({ url: scratchDb })));
    const engine = await SchemaEngine.new({ datamodels: [[SCHEMA_PATH, schema]] }, engineLog, adapter);
    const result = await engine.diff({
      // The engine's own "migrations" source replays them through the adapter one
      // statement at a time, which better-sqlite3 refuses for multi-statement files;
      // so the scratch database is brought up to date by our runner and diffed as is.
      from: { tag: 'schemaDatasource', files: [{ path: SCHEMA_PATH, content: schema }], configDir: process.cwd() },
      to: { tag: 'schemaDatamodel', files: [{ path: SCHEMA_PATH, content: schema }] },
      script: true,
      exitCode: false,
      filters: { externalTables, externalEnums: [] },
    });
    const sql = (result as { stdout?: string }).stdout ?? '';
    return !sql.trim() || /^-- This is an empty migration/.test(sql.trim()) ? '' : sql;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
