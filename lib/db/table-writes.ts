/**
 * Whether a table may have changed: a generation number per watched table that moves with every
 * statement that may have written it. It lets a module keep rows of a small, rarely written table
 * that it reads all the time (the fault rules, read before every service call) without a query to ask.
 *
 * On SQLite every statement of the process goes through the one connection (`statement-cache.ts` hands
 * each SQL text here), so a write is seen whoever makes it: a Prisma model call, raw SQL, a migration.
 * Writes by another connection or process to the same file move SQLite's `data_version`, read on each
 * ask (a pragma on the connection, no query through Prisma). A statement this cannot read moves every
 * watched table. PostgreSQL has no such view of its writers: there {@link tableGeneration} is null and
 * callers read as before.
 */

export const WATCHED_TABLES = ['FaultRule'] as const;
export type WatchedTable = (typeof WATCHED_TABLES)[number];

// The table a write statement names: `INSERT [OR x] INTO`, `REPLACE INTO`, `UPDATE [OR x]`, `DELETE FROM`,
// optionally schema-qualified, quoted with "…", `…` or […] or bare.
const WRITE_TARGET =
  /^\s*(?:insert(?:\s+or\s+\w+)?\s+into|replace\s+into|update(?:\s+or\s+\w+)?|delete\s+from)\s+(?:(?:"[^"]+"|`[^`]+`|\[[^\]]+\]|\w+)\s*\.\s*)?("[^"]+"|`[^`]+`|\[[^\]]+\]|\w+)/i;
// Statements that write nothing a cache could hold: reads and transaction control.
const NO_TABLE_WRITTEN = /^\s*(?:select|pragma|begin|commit|end|rollback|savepoint|release|explain)\b/i;

export class TableWrites {
  readonly #generations = new Map<WatchedTable, number>(WATCHED_TABLES.map((t) => [t, 0]));
  #readDataVersion: (() => number) | undefined;
  #dataVersion: number | undefined;

  /** The connection is open: `readDataVersion` reads its `PRAGMA data_version`. */
  attach(readDataVersion: () => number): void {
    this.#readDataVersion = readDataVersion;
  }

  /** One statement the connection prepares (better-sqlite3 refuses several in one). */
  observeStatement(sql: string): void {
    // Only the head is read: the recorder's INSERTs run to megabytes.
    const head = sql.length > 300 ? sql.slice(0, 300) : sql;
    if (NO_TABLE_WRITTEN.test(head)) return;
    const target = WRITE_TARGET.exec(head);
    // A CTE, DDL, anything this does not read: it could have written any table.
    const named = target?.[1];
    const table = named === undefined ? null : /^["`[]/.test(named) ? named.slice(1, -1) : named;
    for (const watched of WATCHED_TABLES)
      if (table === null || table.toLowerCase() === watched.toLowerCase()) this.#bump(watched);
  }

  /** A script of any number of statements (the adapter's executeScript: migrations). */
  observeScript(): void {
    for (const watched of WATCHED_TABLES) this.#bump(watched);
  }

  /** Undefined until the connection is open (nothing can have been read or written before). */
  generation(table: WatchedTable): number | undefined {
    if (!this.#readDataVersion) return undefined;
    const version = this.#readDataVersion();
    if (this.#dataVersion !== undefined && version !== this.#dataVersion) {
      for (const watched of WATCHED_TABLES) this.#bump(watched);
    }
    this.#dataVersion = version;
    return this.#generations.get(table)!;
  }

  #bump(table: WatchedTable): void {
    this.#generations.set(table, this.#generations.get(table)! + 1);
  }
}

/** Per client (scratch databases have their own); on globalThis because Next may load this module once per route bundle. */
const KEY = Symbol.for('agent-checkout.table-writes');
type GlobalWithWrites = typeof globalThis & { [KEY]?: WeakMap<object, TableWrites> };

function registry(): WeakMap<object, TableWrites> {
  const g = globalThis as GlobalWithWrites;
  return (g[KEY] ??= new WeakMap());
}

export function registerTableWrites(db: object, writes: TableWrites): void {
  registry().set(db, writes);
}

/**
 * The table's generation for this client: equal numbers mean no statement can have written it in
 * between. Null when the client does not say (PostgreSQL, a client not opened by lib/db): read afresh.
 */
export function tableGeneration(db: object, table: WatchedTable): number | null {
  return registry().get(db)?.generation(table) ?? null;
}
