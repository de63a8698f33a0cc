import pg from 'pg';
import type { PrismaClient } from '@/lib/db/client';
import { postgresUrlOf } from '@/lib/db/engine';

/**
 * Which process works on a run. On SQLite there is one process: a run this process is not running
 * was left by a dead one. On PostgreSQL many instances share the database, so each holds a session
 * advisory lock per run it executes, on a connection of its own: an instance that dies (kill -9
 * included) loses its connection and with it its locks, at once. Recovery on any instance claims a
 * run's lock before settling it: a run whose lock is held belongs to a live instance and is left
 * alone, and two instances never settle the same run.
 */
export interface RunLeases {
  /** This process is about to execute the run. */
  hold(runId: string): Promise<void>;
  /** It has finished (or given up) the run. */
  release(runId: string): Promise<void>;
  /** True when no live process holds the run; the caller then holds it until release(). */
  claim(runId: string): Promise<boolean>;
  /** Runs may be taken over from other live processes: false on SQLite (one process). */
  readonly shared: boolean;
}

const SQLITE_LEASES: RunLeases = {
  hold: async () => undefined,
  release: async () => undefined,
  claim: async () => true,
  shared: false,
};

/** pg_advisory_lock's first key for run leases ("acor"); the second is hashtext(runId). */
const LEASE_CLASS = 0x61636f72;

class PostgresRunLeases implements RunLeases {
  readonly shared = true;
  readonly #url: string;
  #client: Promise<pg.Client> | null = null;
  /** Lock calls go one at a time on the one connection. */
  #tail: Promise<unknown> = Promise.resolve();

  constructor(url: string) {
    this.#url = url;
  }

  #connection(): Promise<pg.Client> {
    this.#client ??= (async () => {
      const client = new pg.Client({ connectionString: this.#url });
      // A lost connection has lost its locks: the next call opens a new one (the runs it held are
      // then claimable by others, as if this process had died; their own steps stay idempotent).
      client.on('error', (error) => {
        console.error('[leases] the run-lease connection failed:', error.message);
        this.#client = null;
      });
      await client.connect();
      return client;
    })().catch((error: unknown) => {
      this.#client = null;
      throw error;
    });
    return this.#client;
  }

  #query<T extends pg.QueryResultRow>(sql: string, runId: string): Promise<pg.QueryResult<T>> {
    const next = this.#tail.then(async () => (await this.#connection()).query<T>(sql, [LEASE_CLASS, runId]));
    this.#tail = next.catch(() => undefined);
    return next;
  }

  async hold(runId: string): Promise<void> {
    await this.#query('SELECT pg_advisory_lock($1, hashtext($2))', runId);
  }

  async release(runId: string): Promise<void> {
    await this.#query('SELECT pg_advisory_unlock($1, hashtext($2))', runId);
  }

  async claim(runId: string): Promise<boolean> {
    const { rows } = await this.#query<{ claimed: boolean }>(
      'SELECT pg_try_advisory_lock($1, hashtext($2)) AS claimed',
      runId,
    );
    return rows[0]?.claimed === true;
  }

  /** Ends the lock connection after the calls already made (its locks go with it). */
  async close(): Promise<void> {
    await this.#tail;
    const client = this.#client;
    this.#client = null;
    if (client) await (await client.catch(() => null))?.end();
  }
}

const KEY = Symbol.for('agent-checkout.run-leases');
type GlobalWithLeases = typeof globalThis & { [KEY]?: WeakMap<PrismaClient, RunLeases> };

/** The leases of a database client (one lock connection per client and process). */
export function runLeasesFor(db: PrismaClient): RunLeases {
  const url = postgresUrlOf(db);
  if (url === undefined) return SQLITE_LEASES;
  const g = globalThis as GlobalWithLeases;
  const all = (g[KEY] ??= new WeakMap());
  let leases = all.get(db);
  if (!leases) {
    leases = new PostgresRunLeases(url);
    all.set(db, leases);
  }
  return leases;
}

/**
 * Ends the client's lease connection, if it opened one, so that it does not outlive the database it
 * locks in: a test dropping its database, a script disconnecting. Without it the dropped connection
 * is reported as a failure. A later lease call opens a new one.
 */
export async function closeRunLeases(db: PrismaClient): Promise<void> {
  const leases = (globalThis as GlobalWithLeases)[KEY]?.get(db);
  if (leases instanceof PostgresRunLeases) await leases.close();
}
