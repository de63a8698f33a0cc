import { afterAll, beforeAll } from 'vitest';
import { waitForAllRuns } from '@/lib/checkout/run-registry';
import { closeRunLeases } from '@/lib/checkout/run-leases';
import { getDb, type PrismaClient } from '@/lib/db/client';
import { searchIndexIdle } from '@/lib/trace/search-indexer';
import { createTestDatabase, type TestDatabase } from './test-db';

/**
 * For route tests: a throw-away store (the demo store unless `seed: false`) that the app's own singletons (getDb, the recorder,
 * the app services) open through DATABASE_URL, closed after the file's tests once every run
 * they started has ended. Read `app.db` inside tests, after beforeAll.
 */
export function withAppDatabase(options: { seed?: boolean } = {}): {
  readonly db: PrismaClient;
  readonly t: TestDatabase;
} {
  const state = {} as { db: PrismaClient; t: TestDatabase };
  beforeAll(async () => {
    state.t = await createTestDatabase(options);
    process.env.DATABASE_URL = state.t.url;
    state.db = await getDb();
  });
  afterAll(async () => {
    await waitForAllRuns();
    await searchIndexIdle(state.db);
    await closeRunLeases(state.db);
    await state.db.$disconnect();
    await state.t.dispose();
  });
  return state;
}
