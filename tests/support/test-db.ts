import { createScratchDatabase, type ScratchDatabase } from '@/lib/db/scratch';

export type TestDatabase = ScratchDatabase;

/** A fresh, migrated database in a temporary folder; seeded with the demo store unless told not to. */
export function createTestDatabase(options: { seed?: boolean } = {}): Promise<TestDatabase> {
  return createScratchDatabase({ seeded: options.seed ?? true });
}
