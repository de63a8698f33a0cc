import type { PrismaClient } from '@/lib/db/client';
import { traceSqlFor } from './engine-sql';
import { sqliteTraceSql } from './engine-sql/sqlite';

/**
 * Feeds the history search index (TraceEventSearch: FTS5 on SQLite, tsvector on PostgreSQL) from committed events, in batches, off the
 * recorder's insert path (migration trace_search_after_commit). A pass is one statement: it moves
 * TraceSearchProgress.indexedThrough up to the newest event (at most `chunk` ids at a time) and a
 * trigger indexes the events it moves over, so the index and its watermark commit together and a
 * pass can be repeated, interrupted or run by two indexers without indexing anything twice. Whatever
 * a crash leaves unindexed is picked up by the next pass (one runs at start-up).
 *
 * The recorder calls notify() after each commit: search sees a run's text about 200 ms later
 * (commits in that window share one pass). Code that must see it at once (tests, seed scripts) awaits flush().
 */

function checkedChunk(chunk: number): number {
  if (!Number.isSafeInteger(chunk) || chunk < 1) throw new RangeError(`chunk must be a positive integer, not ${chunk}`);
  return chunk;
}

/** One pass on SQLite, for writers that bypass the recorder (bench seeders on a raw connection). */
export function searchIndexPassSql(chunk: number): string {
  return sqliteTraceSql.searchIndexPass(checkedChunk(chunk)).join(';\n');
}

export interface SearchIndexerOptions {
  /** Most events one pass indexes: bounds how long a catch-up pass holds the connection. */
  chunk?: number;
  /** A background pass that fails is reported here (and retried on the next commit); flush() rejects instead. */
  onError?: (error: unknown) => void;
}

/** How long after a commit its pass starts: search lags the trace by about this much. */
// Each pass is an FTS5 transaction with a fixed cost (a new segment, merge work) beside its per-event
// cost: at 20 ms a checkout paid ~2.9 passes (17 µs per event indexed); at 200 ms, under half a pass
// (9 µs per event), and tracing's share of an order's CPU fell by about 2 points (bench 'orders').
const PASS_DELAY_MS = 200;

export class SearchIndexer {
  readonly #db: PrismaClient;
  readonly #statements: readonly string[];
  readonly #onError: (error: unknown) => void;
  /** The pass in flight (or the last one): passes never overlap. */
  #tail: Promise<unknown> = Promise.resolve();
  #scheduled = false;
  /** A commit has been notified that no pass has started after: the scheduled pass has work. */
  #dirty = false;

  constructor(db: PrismaClient, options: SearchIndexerOptions = {}) {
    this.#db = db;
    this.#statements = traceSqlFor(db).searchIndexPass(checkedChunk(options.chunk ?? 20_000));
    this.#onError =
      options.onError ??
      ((error) =>
        console.error(
          '[trace] indexing committed events for history search failed; retrying after the next commit',
          error,
        ));
  }

  /** Something was committed: index it soon. Passes requested while one is pending coalesce. */
  notify(): void {
    this.#dirty = true;
    if (this.#scheduled) return;
    this.#scheduled = true;
    // A moment later: the commit's own publish and the sockets it fed go first, and the small commits
    // of many runs at once share one pass instead of paying one each.
    setTimeout(() => {
      this.#scheduled = false;
      // A flush may have indexed it meanwhile (and the database may be closed by now: a test's).
      if (this.#dirty) this.#catchUp().catch(this.#onError);
    }, PASS_DELAY_MS);
  }

  /**
   * Resolves once no pass is scheduled or running, starting none itself (a failed background pass has
   * been reported by then): what closing a database waits for, so no pass runs against a closed one.
   */
  async idle(): Promise<void> {
    for (;;) {
      if (this.#scheduled) {
        await new Promise((resolve) => setTimeout(resolve, PASS_DELAY_MS));
        continue;
      }
      const tail = this.#tail;
      await tail;
      if (tail === this.#tail && !this.#scheduled) return;
    }
  }

  /** Resolves once every event committed before the call is in the index; rejects if a pass fails. */
  flush(): Promise<void> {
    return this.#catchUp();
  }

  async #catchUp(): Promise<void> {
    while (await this.#pass()) {
      // Each pass is its own transaction, so a long catch-up lets the recorder's batches in between.
    }
  }

  /** True when the watermark moved (there may be more to index). */
  #pass(): Promise<boolean> {
    const pass = this.#tail.then(
      () => this.#indexOnce(),
      () => this.#indexOnce(),
    );
    this.#tail = pass.catch(() => undefined);
    return pass;
  }

  async #indexOnce(): Promise<boolean> {
    // Everything notified so far was committed before this pass reads.
    this.#dirty = false;
    // The batch form of $transaction takes the adapter's mutex (see recorder.ts #write): a pass
    // never runs inside another module's open transaction, nor inside a recorder batch.
    const results = await this.#db.$transaction(this.#statements.map((sql) => this.#db.$executeRawUnsafe(sql)));
    return (results.at(-1) ?? 0) > 0;
  }
}

const GLOBAL_KEY = Symbol.for('agent-checkout.search-indexers');
type GlobalWithIndexers = typeof globalThis & { [GLOBAL_KEY]?: WeakMap<PrismaClient, SearchIndexer> };

/**
 * The indexer of a database client, shared by every recorder writing through it (on globalThis, so
 * route bundles share it too): one pass in flight per client.
 */
export function searchIndexerFor(db: PrismaClient): SearchIndexer {
  const g = globalThis as GlobalWithIndexers;
  const indexers = (g[GLOBAL_KEY] ??= new WeakMap());
  let indexer = indexers.get(db);
  if (!indexer) {
    indexer = new SearchIndexer(db);
    indexers.set(db, indexer);
  }
  return indexer;
}

/** No indexing pass is pending or running on `db` once this resolves (none is started). */
export function searchIndexIdle(db: PrismaClient): Promise<void> {
  const indexer = (globalThis as GlobalWithIndexers)[GLOBAL_KEY]?.get(db);
  return indexer ? indexer.idle() : Promise.resolve();
}

/** Everything committed through `db` so far is searchable once this resolves. */
export function flushSearchIndex(db: PrismaClient): Promise<void> {
  return searchIndexerFor(db).flush();
}
