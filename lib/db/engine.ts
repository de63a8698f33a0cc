import type { DatabaseEngine } from './database-url';

/**
 * Which engine a client speaks, for the few modules that write SQL by hand (the recorder's fast
 * path, history search, start-up recovery): one client interface for everything else. Per client,
 * not per process: sandboxes and scorecard trials run on scratch SQLite files whatever DATABASE_URL
 * says.
 */

const ENGINE_KEY = Symbol.for('agent-checkout.db-engines');
type GlobalWithEngines = typeof globalThis & { [ENGINE_KEY]?: WeakMap<object, DatabaseEngine> };

function engines(): WeakMap<object, DatabaseEngine> {
  const g = globalThis as GlobalWithEngines;
  return (g[ENGINE_KEY] ??= new WeakMap());
}

export function registerEngine(db: object, engine: DatabaseEngine): void {
  engines().set(db, engine);
}

/** The engine behind a client opened by lib/db (SQLite for any other: test doubles, raw clients). */
export function engineOf(db: object): DatabaseEngine {
  return engines().get(db) ?? 'sqlite';
}
