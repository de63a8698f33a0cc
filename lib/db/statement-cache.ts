import Database from 'better-sqlite3';
import type { SqlDriverAdapter, SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { TableWrites } from './table-writes';

/**
 * Prepared statements kept and reused for Prisma's better-sqlite3 adapter, which prepares every query
 * afresh (`client.prepare(sql).bind(args)`, about 5% of an order's CPU, the statement compiled each time).
 * Prisma has no statement cache for this adapter, so this wraps its factory: the connection it opens
 * gets a `prepare` that hands out a statement compiled once per distinct SQL text (the last
 * {@link CACHE_SIZE} of them), binding each call's arguments at run time instead of for good.
 *
 * Everything else (argument and row conversion, error mapping, the transaction mutex) stays Prisma's.
 * The adapter keeps its better-sqlite3 connection in a `client` field; if a Prisma release changes that,
 * `connect()` throws at start-up rather than silently running without the cache.
 */

const CACHE_SIZE = 512;
/**
 * One-off text is not kept: it would never be reused and would push out statements that are. Prisma's own
 * SQL binds every value (`?`), so SQL with a string literal or longer than this is someone's inlined
 * values (the recorder's multi-row INSERTs, a different text per batch).
 */
const MAX_CACHED_SQL = 2_000;
const isOneOff = (sql: string) => sql.length > MAX_CACHED_SQL || sql.includes("'");

type Args = unknown[];

/** What the adapter does with a statement: bind once, then `run()`, or `reader` + `columns()` + `raw().all()`; or `run()` unbound. */
class BoundStatement {
  constructor(
    private readonly reusable: ReusableStatement,
    private readonly args: Args,
  ) {}
  get reader(): boolean {
    return this.reusable.statement.reader;
  }
  columns(): Database.ColumnDefinition[] {
    return this.reusable.columns();
  }
  run(): Database.RunResult {
    return this.reusable.statement.run(this.args);
  }
  raw(): { all(): unknown[] } {
    return { all: () => this.reusable.statement.raw(true).all(this.args) as unknown[] };
  }
}

class ReusableStatement {
  private columnList: Database.ColumnDefinition[] | undefined;
  constructor(readonly statement: Database.Statement<Args>) {}
  /** A statement's result columns are fixed once it is compiled (better-sqlite3 builds the list anew on each call). */
  columns(): Database.ColumnDefinition[] {
    return (this.columnList ??= this.statement.columns());
  }
  bind(args: Args = []): BoundStatement {
    return new BoundStatement(this, args);
  }
  /** Unbound use (the adapter's `BEGIN`). */
  run(): Database.RunResult {
    return this.statement.run();
  }
}

/** Statements the adapter has run through any cached connection of this process (it prepares once per statement run). */
let statementsRunCount = 0;

/** The better-sqlite3 connection as the adapter uses it, with `prepare` served from a cache. */
class CachingConnection {
  private readonly statements = new Map<string, ReusableStatement>();
  constructor(
    private readonly db: Database.Database,
    private readonly writes: TableWrites | undefined,
  ) {
    if (writes) {
      const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
      writes.attach(() => dataVersion.get()!);
    }
  }

  prepare(sql: string): ReusableStatement | Database.Statement<Args> {
    statementsRunCount += 1;
    this.writes?.observeStatement(sql);
    if (isOneOff(sql)) return this.db.prepare<Args>(sql);
    let cached = this.statements.get(sql);
    if (cached) {
      // Most recently used last: the Map's order is the eviction order.
      this.statements.delete(sql);
    } else {
      cached = new ReusableStatement(this.db.prepare<Args>(sql));
      if (this.statements.size >= CACHE_SIZE) this.statements.delete(this.statements.keys().next().value!);
    }
    this.statements.set(sql, cached);
    return cached;
  }

  exec(sql: string): this {
    this.writes?.observeScript();
    this.db.exec(sql);
    return this;
  }

  close(): this {
    this.statements.clear();
    this.db.close();
    return this;
  }
}

function connectionOf(adapter: SqlDriverAdapter): { client: Database.Database } {
  const holder = adapter as unknown as { client?: unknown };
  if (!(holder.client instanceof Database)) {
    throw new Error(
      `statement cache: ${adapter.adapterName} no longer keeps its better-sqlite3 connection in "client"; update lib/db/statement-cache.ts`,
    );
  }
  return holder as { client: Database.Database };
}

/**
 * The factory, with each connection it opens reusing its prepared statements, and telling `writes`
 * (when given) every statement it runs.
 */
export function withStatementCache(factory: SqlDriverAdapterFactory, writes?: TableWrites): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect() {
      const adapter = await factory.connect();
      const holder = connectionOf(adapter);
      (holder as unknown as { client: CachingConnection }).client = new CachingConnection(holder.client, writes);
      return adapter;
    },
  };
}

/**
 * How many statements Prisma's SQLite adapter has run in this process so far (BEGIN and COMMIT included):
 * the bench's statements per order, read before and after a pass.
 */
export function statementsRun(): number {
  return statementsRunCount;
}
