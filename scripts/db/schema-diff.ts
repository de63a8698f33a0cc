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
import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import Database from 'better-sqlite3';
import pg from 'pg';
import { applyMigrations, MIGRATIONS_DIR } from '../../lib/db/migrations';
import { applyPostgresMigrations } from '../../lib/db/postgres-migrations';
import { POSTGRES_SCHEMA_PATH } from './postgres-schema';

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
  const { instance } = await WebAssembly.instantiate(wasmBytes, {
    './schema_engine_bg.js': bg as unknown as WebAssembly.ModuleImports,
  });
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
  const tables = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table'`).all() as {
    name: string;
    sql: string | null;
  }[];
  const virtual = tables.filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql ?? '')).map((t) => t.name);
  return tables.map((t) => t.name).filter((name) => virtual.some((v) => name === v || name.startsWith(`${v}_`)));
}

/** The factory with every connection it makes patched by `patch`. */
function patchedFactory(
  factory: SqlMigrationAwareDriverAdapterFactory,
  patch: (adapter: SqlDriverAdapter) => SqlDriverAdapter,
): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => patch(await factory.connect()),
    connectToShadowDb: async () => patch(await factory.connectToShadowDb()),
  };
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
        sql: query.sql.replace(
          /(FROM sqlite_master WHERE type = 'index' AND name = )"((?:[^"]|"")*)"/,
          (_, head: string, name: string) => `${head}'${name.replaceAll('""', '"').replaceAll("'", "''")}'`,
        ),
      });
    return adapter;
  };
  return patchedFactory(factory, patch);
}

/**
 * The engine's log goes to stderr only when asked (SCHEMA_ENGINE_LOG=1): it is chatty, and what
 * matters, the diff or its error, is returned or thrown.
 */
function engineLog(line: string): void {
  if (process.env.SCHEMA_ENGINE_LOG === '1') console.error(line);
}

type Engine = Awaited<ReturnType<Bg['SchemaEngine']['new']>>;

/** Asks the engine for the SQL from what a database holds to what the schema says. */
async function diffDatabaseToSchema(
  engine: Engine,
  schemaPath: string,
  schema: string,
  externalTables: string[],
): Promise<string> {
  const result = await engine.diff({
    // The engine's own "migrations" source replays them through the adapter one
    // statement at a time, which better-sqlite3 refuses for multi-statement files;
    // so the scratch database is brought up to date by our runner and diffed as is.
    from: { tag: 'schemaDatasource', files: [{ path: schemaPath, content: schema }], configDir: process.cwd() },
    to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: schema }] },
    script: true,
    exitCode: false,
    filters: { externalTables, externalEnums: [] },
  });
  const sql = (result as { stdout?: string }).stdout ?? '';
  return !sql.trim() || /^-- This is an empty migration/.test(sql.trim()) ? '' : sql;
}

/**
 * The engine's introspection of a PostgreSQL database reads catalog columns of type "char" (OID
 * 18: relkind, contype, …), which adapter-pg 7.10 refuses as an unsupported type. Those columns are
 * one-letter text, which node-postgres already gives as strings: they are declared text (OID 25)
 * to the adapter. Only this authoring tool's connections are patched; the app never reads "char".
 */
function withCharAsText(factory: SqlMigrationAwareDriverAdapterFactory): SqlMigrationAwareDriverAdapterFactory {
  type Io = (query: unknown) => Promise<{ fields: { dataTypeID: number }[] }>;
  const patch = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    const target = adapter as SqlDriverAdapter & { performIO?: Io };
    const performIO = target.performIO?.bind(adapter);
    if (performIO) {
      target.performIO = async (query) => {
        const result = await performIO(query);
        result.fields = result.fields.map((field) => (field.dataTypeID === 18 ? { ...field, dataTypeID: 25 } : field));
        return result;
      };
    }
    return adapter;
  };
  return patchedFactory(factory, patch);
}

/** Hand-written objects of the PostgreSQL migrations that schema.prisma cannot describe (trace_search). */
const POSTGRES_EXTERNAL_TABLES = ['public.TraceEventSearch'];

/**
 * The next PostgreSQL migration's SQL, or '' when prisma/postgresql/schema.prisma and
 * prisma/postgresql/migrations agree: the committed migrations are applied to a scratch database
 * created on `serverUrl` (a local throw-away server: offline) and diffed against the schema.
 */
export async function pendingPostgresSchemaSql(serverUrl: string): Promise<string> {
  const schema = readFileSync(POSTGRES_SCHEMA_PATH, 'utf8');
  const name = `aco_schema_diff_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const scratch = new pg.Client({ connectionString: url.toString() });
    await scratch.connect();
    try {
      await applyPostgresMigrations(scratch);
    } finally {
      await scratch.end();
    }
    const { SchemaEngine } = await loadSchemaEngine();
    const adapter = bindMigrationAwareSqlAdapterFactory(
      withCharAsText(
        new PrismaPg({ connectionString: url.toString() }) as unknown as SqlMigrationAwareDriverAdapterFactory,
      ),
    );
    const engine = await SchemaEngine.new({ datamodels: [[POSTGRES_SCHEMA_PATH, schema]] }, engineLog, adapter);
    try {
      return await diffDatabaseToSchema(engine, POSTGRES_SCHEMA_PATH, schema, POSTGRES_EXTERNAL_TABLES);
    } finally {
      engine.free();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
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
    const adapter = bindMigrationAwareSqlAdapterFactory(
      withQuotedIndexNames(new PrismaBetterSqlite3({ url: scratchDb })),
    );
    const engine = await SchemaEngine.new({ datamodels: [[SCHEMA_PATH, schema]] }, engineLog, adapter);
    return await diffDatabaseToSchema(engine, SCHEMA_PATH, schema, externalTables);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
