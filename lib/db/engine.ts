import type { DatabaseEngine } from './database-url';

/**
 * Which engine a client speaks, for the few modules that write SQL by hand (the recorder's fast
 * path, history search, start-up recovery): one client interface for everything else. Per client,
 * not per process: sandboxes and scorecard trials run on scratch SQLite files whatever DATABASE_URL
 * says.
 */

const ENGINE_KEY = Symbol.for('agent-checkout.db-engines');
interface EngineEntry {
  engine: DatabaseEngine;
  /** PostgreSQL: the URL, for connections of a module's own (LISTEN, session locks). Never printed. */
  url?: string;
}
type GlobalWithEngines = typeof globalThis & { [ENGINE_KEY]?: WeakMap<object, EngineEntry> };

function engines(): WeakMap<object, EngineEntry> {
  const g = globalThis as GlobalWithEngines;
  return (g[ENGINE_KEY] ??= new WeakMap());
}

export function registerEngine(db: object, engine: DatabaseEngine, url?: string): void {
  engines().set(db, { engine, url });
}

/** The engine behind a client opened by lib/db (SQLite for any other: test doubles, raw clients). */
export function engineOf(db: object): DatabaseEngine {
  return engines().get(db)?.engine ?? 'sqlite';
}

/** The PostgreSQL URL a client was opened on (undefined for SQLite). */
export function postgresUrlOf(db: object): string | undefined {
  return engines().get(db)?.url;
}
