import { getOpenedDatabase } from './db/client';

/** What the server does once at start: migrate, seed, and (later) recover interrupted runs. */
export async function runStartupTasks(): Promise<void> {
  const { appliedMigrations, seeded, filePath } = await getOpenedDatabase();
  if (appliedMigrations.length > 0 || seeded) {
    console.log(`[startup] database ${filePath}: applied ${appliedMigrations.length} migration(s)${seeded ? ', seeded demo data' : ''}`);
  }
}
